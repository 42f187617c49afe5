/**
 * Filling the reference lock's blocklist when the deltas are too many to send. The reference
 * applies a delta as PROTOCOL.md §8 reads, simply: it rebuilds and sorts its whole list
 * (host/reference/blocklist.ts), so 4,096 deltas into 65,535 entries cost it about 100 s a lock.
 *
 * For such a list the bench sets what those deltas leave: the reference's own blocklistAfter over
 * all their entries at once, at the version the last delta gives. Only adds, at one mark day: the
 * fold over the deltas in order and over their entries at once give the same list. The setup
 * session then checks the lock's CHALLENGE (blocklist version) and RESULT against the firmware's,
 * which received every delta.
 */
import { blocklistAfter } from '../../host/reference/blocklist.js';
import type { LockMemory } from '../../host/reference/lock-memory.js';
import type { ReferenceLock } from '../../host/reference/reference-lock.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';

/** The longest list filled delta by delta on the reference lock (188 deltas, about 0.2 s a lock). */
export const REFERENCE_DELTA_FILL_MAX_ENTRIES = 3_000;

/** The reference keeps its NVM in a field that is private to TypeScript only. */
interface ReferenceInternals {
  memory: LockMemory | null;
}

export function presetReferenceBlocklist(lock: ReferenceLock, entries: readonly DeltaEntry[], version: number): void {
  const internals = lock as unknown as ReferenceInternals;
  const memory = internals.memory;
  if (memory === null || memory === undefined) throw new Error('the reference lock is not provisioned: provision it before its blocklist');
  if (memory.blocklistVersion !== 0 || memory.blocklist.length !== 0) throw new Error('the reference lock already holds a blocklist');
  const blocklist = blocklistAfter([], entries, memory.markDay);
  if (blocklist.length > memory.config.blocklistCapacity) throw new Error(`${blocklist.length} entries exceed the lock's capacity of ${memory.config.blocklistCapacity}`);
  memory.blocklist = blocklist;
  memory.blocklistVersion = version;
  const held = lock.persistentState();
  if (held?.blocklist.length !== entries.length || held.blocklistVersion !== version) throw new Error('the reference lock did not take the preset blocklist');
}
