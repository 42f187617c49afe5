/**
 * A lock's calls, recorded once while real keys make an update, and replayed on another lock that
 * starts from the same NVM and draws the same entropy: it answers the same, frame for frame, up to
 * the cut. So each cut repeats the very update the keys made, without the keys' state.
 */
import type { Reason } from '../../../firmware/abi.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { CampaignError } from './cuttable-update.js';

export type LockCall =
  | { kind: 'powerUp' }
  | { kind: 'provision'; record: Uint8Array; reason: Reason }
  | { kind: 'receive'; frame: Uint8Array; answer: Uint8Array };

/** Passes every call on to `lock` and records it with its answer. */
export class RecordingLock implements LockTarget {
  readonly calls: LockCall[] = [];

  constructor(private readonly lock: LockTarget) {}

  provision(record: Uint8Array): Reason {
    const reason = this.lock.provision(record);
    this.calls.push({ kind: 'provision', record: record.slice(), reason });
    return reason;
  }

  powerUp(): void {
    this.lock.powerUp();
    this.calls.push({ kind: 'powerUp' });
  }

  receive(frame: Uint8Array): Uint8Array {
    const answer = this.lock.receive(frame);
    this.calls.push({ kind: 'receive', frame: frame.slice(), answer: answer.slice() });
    return answer;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Makes the recorded calls on `lock`; throws CampaignError where it answers otherwise than recorded. */
export function replayCalls(calls: readonly LockCall[], lock: LockTarget, name: string): void {
  calls.forEach((call, index) => {
    if (call.kind === 'powerUp') {
      lock.powerUp();
    } else if (call.kind === 'provision') {
      const reason = lock.provision(call.record);
      if (reason !== call.reason) throw new CampaignError(`${name}: call ${index}, provision, answered reason ${reason} where it was recorded with ${call.reason}`);
    } else if (!sameBytes(lock.receive(call.frame), call.answer)) {
      throw new CampaignError(`${name}: call ${index}, a frame of type 0x${(call.frame[0] ?? 0).toString(16)}, was answered otherwise than recorded`);
    }
  });
}
