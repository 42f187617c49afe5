/** The blocklist of the "decision" suite: seeded random key ids, none of them a bench key's. */
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { BLOCKED_RETIRE_DAY, ENTRIES_PER_DELTA, FIRST_RESIDENT_KEY_ID, RESIDENT_KEY_COUNT, residentKeyId } from './decision-site-plan.js';

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

/**
 * `count` adds of distinct random key ids, in ascending order: a lock then appends each delta's
 * entries at the end of its sorted list, which makes filling 65,535 entries about three times
 * faster than random order. The list a lock ends with is the same set either way.
 */
export function blocklistEntries(seed: string, count: number): DeltaEntry[] {
  const benchKeys = new Set([FIRST_RESIDENT_KEY_ID, ...Array.from({ length: RESIDENT_KEY_COUNT }, (_, i) => residentKeyId(i))]);
  return blockedKeyIds(seed, count, benchKeys)
    .sort((a, b) => a - b)
    .map((keyId) => ({ op: 'add', keyId, retireDay: BLOCKED_RETIRE_DAY }));
}

/** Issues the deltas that add `entries`, 16 per delta; returns them in order. */
export function issueBlocklistDeltas(management: ManagementSystem, entries: readonly DeltaEntry[]): Uint8Array[] {
  const deltas: Uint8Array[] = [];
  for (let at = 0; at < entries.length; at += ENTRIES_PER_DELTA) deltas.push(management.issueBlocklistDelta(entries.slice(at, at + ENTRIES_PER_DELTA)));
  return deltas;
}
