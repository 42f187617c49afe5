/** The blocklist as a sorted array of entries (PROTOCOL.md §8). */
import type { DeltaEntry } from '../protocol/frames/delta.js';
import type { BlocklistEntry } from './lock-memory.js';

export function isBlocked(blocklist: readonly BlocklistEntry[], keyId: number): boolean {
  return blocklist.some((entry) => entry.keyId === keyId);
}

/**
 * The blocklist after a delta, as §8 applies it: in entry order, `add` inserts the keyId (or
 * updates its retireDay), `remove` deletes it (nothing if absent); then every entry whose
 * retireDay is before `markDay` is dropped. Returns a new array sorted by keyId.
 */
export function blocklistAfter(blocklist: readonly BlocklistEntry[], entries: readonly DeltaEntry[], markDay: number): BlocklistEntry[] {
  const byKeyId = new Map(blocklist.map((entry) => [entry.keyId, entry.retireDay]));
  for (const entry of entries) {
    if (entry.op === 'add') byKeyId.set(entry.keyId, entry.retireDay);
    else byKeyId.delete(entry.keyId);
  }
  return [...byKeyId]
    .map(([keyId, retireDay]) => ({ keyId, retireDay }))
    .filter((entry) => entry.retireDay >= markDay)
    .sort((a, b) => a.keyId - b.keyId);
}
