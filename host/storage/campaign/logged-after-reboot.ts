/**
 * After a cut, the log must go on from where the NVM left it (STORAGE.md, "Access log": the reader
 * finds the head from the newest valid copies; nothing is repaired). So when the rebooted lock's
 * log is on, the key that comes after the reboot, whose MAC holds, must find its decision appended
 * as the next entry, and every entry the ring held before still there as it was.
 */
import { isDeepStrictEqual } from 'node:util';
import type { LockImage } from '../nvm-image.js';

/** The lock logs the next decision made after a key MAC held (PROTOCOL.md §9.4): a private lock, the log on. */
export function logsNextDecision(image: LockImage): boolean {
  return image.provisioned && image.config.privateDwelling !== 0 && image.config.logPages > 0 && image.state.logOn;
}

/** What is wrong with the log after the session of `keyId` (`before`: the rebooted NVM, `after`: after the session), or undefined. */
export function loggedAfterReboot(before: LockImage, after: LockImage, keyId: number): string | undefined {
  if (!before.provisioned || !after.provisioned) return 'the lock is no longer provisioned after the session';
  const head = before.log.head;
  if (after.log.head !== head + 1) return `the session moved the log's head from ${head} to ${after.log.head}, not to ${head + 1}`;
  const appended = after.log.entries.at(-1);
  if (appended?.number !== head || appended.kind !== 'decision' || appended.keyId !== keyId) return `entry ${head} is not the decision of key ${keyId}`;
  // The append may start a page over the ring's oldest (STORAGE.md: that page leaves the ring).
  const oldestKept = after.log.entries[0]!.number;
  const kept = new Map(after.log.entries.map((entry) => [entry.number, entry]));
  const changed = before.log.entries.find((entry) => entry.number >= oldestKept && !isDeepStrictEqual(kept.get(entry.number), entry));
  return changed ? `the session's append changed log entry ${changed.number}` : undefined;
}
