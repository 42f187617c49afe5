/** The blocklist deltas of the "decision" suite: seeded random key ids, none of them a bench key's. */
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { BLOCKED_RETIRE_DAY, BLOCKLIST_ENTRIES, ENTRIES_PER_DELTA, FIRST_RESIDENT_KEY_ID, RESIDENT_KEY_COUNT, residentKeyId } from './decision-site-plan.js';

/** Bytes of one key id (u32). */
const KEY_ID_BYTES = 4;

/** `count` distinct key ids from a seeded generator, skipping `excluded`. */
function blockedKeyIds(seed: string, count: number, excluded: ReadonlySet<number>): number[] {
  const ids = new Set<number>();
  const entropy = new SeededEntropy(seed);
  while (ids.size < count) {
    const bytes = new Uint8Array(KEY_ID_BYTES * count);
    entropy.fill(bytes);
    const view = new DataView(bytes.buffer);
    for (let at = 0; at < bytes.length && ids.size < count; at += KEY_ID_BYTES) {
      const id = view.getUint32(at, true);
      if (!excluded.has(id)) ids.add(id);
    }
  }
  return [...ids];
}

/** Issues the deltas that fill a blocklist with BLOCKLIST_ENTRIES adds, 16 per delta; returns them in order. */
export function issueBlocklistDeltas(management: ManagementSystem, seed: string): Uint8Array[] {
  const benchKeys = new Set([FIRST_RESIDENT_KEY_ID, ...Array.from({ length: RESIDENT_KEY_COUNT }, (_, i) => residentKeyId(i))]);
  const entries: DeltaEntry[] = blockedKeyIds(seed, BLOCKLIST_ENTRIES, benchKeys).map((keyId) => ({ op: 'add', keyId, retireDay: BLOCKED_RETIRE_DAY }));
  const deltas: Uint8Array[] = [];
  for (let at = 0; at < entries.length; at += ENTRIES_PER_DELTA) deltas.push(management.issueBlocklistDelta(entries.slice(at, at + ENTRIES_PER_DELTA)));
  return deltas;
}
