/** The blocklist as a sorted array of entries and the deltas staged for it (PROTOCOL.md §8). */
import type { DeltaEntry } from '../protocol/frames/delta.js';
import type { BlocklistEntry, LockMemory, StagedDelta } from './lock-memory.js';

/** §7.6 step 6: the key is on the active list, or a staged delta's last entry for it adds it (a staged removal counts once merged). */
export function isBlocked(memory: Pick<LockMemory, 'blocklist' | 'staging'>, keyId: number): boolean {
  return memory.blocklist.some((entry) => entry.keyId === keyId) || memory.staging.some((delta) => lastOps(delta.entries).get(keyId) === 'add');
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

/**
 * The list a merge of `deltas` (oldest first) into `blocklist` leaves, dropping entries retired
 * before `day`; and entries retired on day 0, which the firmware's merge takes for removals.
 */
export function mergedBlocklist(blocklist: readonly BlocklistEntry[], deltas: readonly StagedDelta[], day: number): BlocklistEntry[] {
  return blocklistAfter(blocklist, deltas.flatMap((delta) => delta.entries), day).filter((entry) => entry.retireDay > 0);
}

/** Each keyId's last op in `entries`. */
function lastOps(entries: readonly DeltaEntry[]): Map<number, DeltaEntry['op']> {
  return new Map(entries.map((entry) => [entry.keyId, entry.op]));
}

/** The add entries of a delta (a keyId added twice counts twice): what staging counts against the capacity. */
export function addEntries(entries: readonly DeltaEntry[]): number {
  return entries.filter((entry) => entry.op === 'add').length;
}
