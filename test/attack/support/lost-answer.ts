/**
 * A link that loses the lock's answer to one frame: the lock has done everything the frame asked
 * (a key pulled, or a phone moved away, just after the lock answered), but the key never receives
 * the answer, and its session ends there.
 */
import type { LockTarget } from '../../../host/lock/lock-target.js';

export class AnswerLost extends Error {
  override readonly name = 'AnswerLost';
}

/** `lock`, but the answer to the first frame `loses` picks is lost (the key's insert throws AnswerLost). */
export function losingAnswerTo(lock: LockTarget, loses: (frame: Uint8Array) => boolean): LockTarget {
  let lost = false;
  return {
    provision: (record) => lock.provision(record),
    powerUp: () => lock.powerUp(),
    receive(frame) {
      const answer = lock.receive(frame);
      if (!lost && loses(frame)) {
        lost = true;
        throw new AnswerLost(`the answer to a frame of type 0x${(frame[0] ?? 0).toString(16)} was lost`);
      }
      return answer;
    },
  };
}
