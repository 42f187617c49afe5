/**
 * The estate's notable insertions as a Chrome trace (Perfetto, chrome://tracing): one process per
 * complex, one track per door, an instant per insertion at its time on the true clock (refusals,
 * energy failures, third parties, emergencies, programming rounds, lost and old keys; residents'
 * everyday grants are left out). Written through the project's neutral timeline
 * (host/trace/timeline.ts, chrome-trace.ts).
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { writeChromeTrace } from '../../../host/trace/chrome-trace.js';
import type { Instant, Lane, Timeline } from '../../../host/trace/timeline.js';
import type { NotableSession } from '../run/shard-result.js';
import { formatSimTime } from '../scenario/sim-time.js';

const US_PER_MINUTE = 60_000_000;

export function estateTrace(sessions: readonly NotableSession[], startMinute: number): string {
  const lanes = new Map<string, Lane>();
  const instants: Instant[] = [];
  for (const session of sessions) {
    if (!lanes.has(session.door)) lanes.set(session.door, { name: session.door, process: session.door.split('/')[0]! });
    const outcome = session.reason < 0 ? session.energy : session.granted ? 'granted' : Reason[session.reason] ?? String(session.reason);
    instants.push({
      lane: session.door,
      name: `${Role[session.role] ?? session.role} ${outcome}`,
      category: session.granted ? 'grant' : session.reason < 0 ? 'energy' : 'refusal',
      atUs: Math.max(0, session.at - startMinute) * US_PER_MINUTE,
      args: { time: formatSimTime(session.at), keyId: session.keyId, carrier: session.carrier, energy: session.energy, path: session.path },
    });
  }
  const timeline: Timeline = { signals: [], lanes: [...lanes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), changes: [], spans: [], instants };
  return writeChromeTrace(timeline, { displayTimeUnit: 'ms' });
}
