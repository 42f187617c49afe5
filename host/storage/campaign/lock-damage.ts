/**
 * What an update keeps that a cut must not touch (STORAGE.md, "Access log": the newest copy of a
 * page is never overwritten, so every entry appended before stays as it was). An entry the ring
 * holds before the update and still holds after it is committed: after any cut it must read back
 * with the same number and the same bytes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LockImage, LoggedEntry } from '../nvm-image.js';

const byNumber = (entries: readonly LoggedEntry[]): Map<number, LoggedEntry> => new Map(entries.map((entry) => [entry.number, entry]));

export function lockDamaged(before: LockImage, after: LockImage, state: LockImage): string[] {
  if (!before.provisioned || !after.provisioned || !state.provisioned) return [];
  const kept = byNumber(after.log.entries);
  const found = byNumber(state.log.entries);
  const committed = before.log.entries.filter((entry) => isDeepStrictEqual(kept.get(entry.number), entry));
  return committed.flatMap((entry) => {
    const read = found.get(entry.number);
    if (!read) return [`log entry ${entry.number} is gone`];
    return isDeepStrictEqual(read, entry) ? [] : [`log entry ${entry.number} reads otherwise`];
  });
}
