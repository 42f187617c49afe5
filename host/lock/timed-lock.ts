/**
 * A LockTarget that remembers the exchanges of its current power-up, each with the lock's
 * processing time as its own clock models it (the firmware's work report turned into time by the
 * profile). The NFC and trace models lay the exchanges out in virtual time.
 */
import type { LockTarget } from './lock-target.js';

export interface TimedExchange {
  command: Uint8Array;
  response: Uint8Array;
  /** Modeled time the lock spent on this frame, in microseconds (0 for a lock with no clock model). */
  lockProcessingUs: number;
}

export class TimedLock implements LockTarget {
  /** The exchanges since the last power-up. */
  exchanges: TimedExchange[] = [];

  /** `elapsedUs`: the lock's powered-time clock (e.g. the firmware's WorkMeter); none: processing is 0. */
  constructor(
    private readonly lock: LockTarget,
    private readonly elapsedUs: () => number = () => 0,
  ) {}

  provision(record: Uint8Array) {
    return this.lock.provision(record);
  }

  powerUp(): void {
    this.lock.powerUp();
    this.exchanges = [];
  }

  receive(frame: Uint8Array): Uint8Array {
    const before = this.elapsedUs();
    const response = this.lock.receive(frame);
    this.exchanges.push({ command: frame.slice(), response: response.slice(), lockProcessingUs: this.elapsedUs() - before });
    return response;
  }
}
