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
  /** NVM pages the lock wrote for this frame. */
  nvmPages: number;
}

/** What a lock's own model says it spent: powered time, and NVM pages written. */
export interface LockMeter {
  elapsedUs(): number;
  pagesWritten(): number;
}

/** A lock with no model of its own costs (the reference lock). */
const NO_METER: LockMeter = { elapsedUs: () => 0, pagesWritten: () => 0 };

export class TimedLock implements LockTarget {
  /** The exchanges since the last power-up. */
  exchanges: TimedExchange[] = [];
  /** Modeled time of the last power-up itself (boot: RAM cleared, nonce generator seeded), µs. */
  powerUpUs = 0;

  constructor(
    private readonly lock: LockTarget,
    private readonly meter: LockMeter = NO_METER,
  ) {}

  provision(record: Uint8Array) {
    return this.lock.provision(record);
  }

  powerUp(): void {
    const before = this.meter.elapsedUs();
    this.lock.powerUp();
    this.powerUpUs = this.meter.elapsedUs() - before;
    this.exchanges = [];
  }

  receive(frame: Uint8Array): Uint8Array {
    const [timeBefore, pagesBefore] = [this.meter.elapsedUs(), this.meter.pagesWritten()];
    const response = this.lock.receive(frame);
    this.exchanges.push({
      command: frame.slice(),
      response: response.slice(),
      lockProcessingUs: this.meter.elapsedUs() - timeBefore,
      nvmPages: this.meter.pagesWritten() - pagesBefore,
    });
    return response;
  }

  /** Modeled powered time of the current power-up so far: the boot and every frame, µs. */
  get poweredUs(): number {
    return this.powerUpUs + this.exchanges.reduce((sum, exchange) => sum + exchange.lockProcessingUs, 0);
  }

  /** NVM pages written since the last power-up. */
  get nvmPages(): number {
    return this.exchanges.reduce((sum, exchange) => sum + exchange.nvmPages, 0);
  }
}
