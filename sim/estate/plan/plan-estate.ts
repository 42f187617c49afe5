/**
 * The whole estate planned: every complex (a shard of the run) with group ids numbered across the
 * site, and the site's blocklist deltas, issued by the landlord's management system from every
 * reported loss and every withdrawn care organisation (PROTOCOL.md §8), by the scenario's policy:
 * one delta per report, or one a day at a fixed hour.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DELTA_ENTRIES_MAX } from '../../../firmware/protocol.js';
import { ManagementSystem } from '../../../host/management/management-system.js';
import { cachedKeyBackend } from '../crypto/cached-backend.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import { addMonths, dayOf, MINUTES_PER_DAY, MINUTES_PER_HOUR, parseSimTime } from '../scenario/sim-time.js';
import { planShard, type BlocklistEntry } from './plan-shard.js';
import type { EstatePlan, PlannedDelta, ShardPlan } from './plan-types.js';

/** The site key of a scenario: derived from its seed, so the same scenario gives the same bytes. */
export function siteKeyOf(seed: string): Uint8Array {
  return sha256(utf8ToBytes(`cylsim estate site ${seed}`)).slice(0, 16);
}

export interface PlanOptions {
  /** Overrides the scenario's length. */
  months?: number;
}

export function planEstate(scenario: Scenario, options: PlanOptions = {}): EstatePlan {
  const startDay = dayOf(parseSimTime(scenario.start)!);
  const endDay = addMonths(startDay, options.months ?? scenario.months);
  const shards: ShardPlan[] = [];
  const blocklist: BlocklistEntry[] = [];
  const careDeadlines: Record<string, number> = {};
  let nextGroupId = 1;
  scenario.complexes.forEach((_, index) => {
    const planning = planShard(scenario, index, nextGroupId, startDay, endDay);
    shards.push(planning.plan);
    blocklist.push(...planning.blocklist);
    Object.assign(careDeadlines, planning.careDeadlines);
    nextGroupId += planning.plan.doors.filter((door) => door.kind !== 'dwelling').length + planning.plan.dwellings.length;
  });
  const siteKey = siteKeyOf(scenario.seed);
  const management = new ManagementSystem({ siteKey, siteId: scenario.siteId, backend: cachedKeyBackend() });
  const deltas = issueDeltas(management, blocklist, scenario, endDay);
  const versionOf = new Map<number, number>();
  for (const delta of deltas) for (const keyId of delta.keyIds) versionOf.set(keyId, delta.version);
  for (const shard of shards) for (const key of shard.keys) key.blockVersion = versionOf.get(key.keyId) ?? 0;
  return {
    name: scenario.name,
    seed: scenario.seed,
    profile: scenario.profile,
    siteId: scenario.siteId,
    siteKey,
    startDay,
    endDay,
    installDay: startDay - 1,
    policy: scenario.policy,
    phoneShare: scenario.phoneShare,
    lockOnLeavingShare: scenario.lockOnLeavingShare,
    shards,
    deltas,
    careDeadlines,
  };
}

/** When the management system turns a report made at `reportedAt` into a delta. */
function issueTime(reportedAt: number, scenario: Scenario): number {
  if (scenario.policy.blocklistIssue === 'immediate') return reportedAt;
  const hour = scenario.policy.blocklistIssueHour * MINUTES_PER_HOUR;
  const sameDay = dayOf(reportedAt) * MINUTES_PER_DAY + hour;
  return reportedAt <= sameDay ? sameDay : sameDay + MINUTES_PER_DAY;
}

function issueDeltas(management: ManagementSystem, entries: BlocklistEntry[], scenario: Scenario, endDay: number): PlannedDelta[] {
  const byTime = new Map<number, BlocklistEntry[]>();
  for (const entry of [...entries].sort((a, b) => a.reportedAt - b.reportedAt || a.keyId - b.keyId)) {
    const at = issueTime(entry.reportedAt, scenario);
    if (at >= endDay * MINUTES_PER_DAY) continue;
    byTime.set(at, [...(byTime.get(at) ?? []), entry]);
  }
  const deltas: PlannedDelta[] = [];
  for (const at of [...byTime.keys()].sort((a, b) => a - b)) {
    const batch = byTime.get(at)!;
    for (let from = 0; from < batch.length; from += DELTA_ENTRIES_MAX) {
      const part = batch.slice(from, from + DELTA_ENTRIES_MAX);
      const frame = management.issueBlocklistDelta(part.map((entry) => ({ op: 'add', keyId: entry.keyId, retireDay: entry.retireDay })));
      deltas.push({ version: management.blocklistVersion, issuedAt: at, frame, keyIds: part.map((entry) => entry.keyId) });
    }
  }
  return deltas;
}
