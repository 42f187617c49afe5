/**
 * The inputs a vector step sets on a lock's HAL devices (docs/VECTORS.md): the TRNG's bytes at a
 * power-up, the energy gauge's reading and the powered timer's value while a frame is handled.
 */
import { HalStatus } from '../../../firmware/abi.js';
import type { EnergyGauge, EntropySource, PoweredTimer } from '../../firmware/hal-devices.js';
import { BENCH_ENERGY_NJ } from '../vectors/schema.js';

/** A TRNG that gives the bytes loaded for this power-up, then refuses (HalStatus.Unavailable). */
export class PowerUpEntropy implements EntropySource {
  private bytes = new Uint8Array(0);
  private offset = 0;

  load(bytes: Uint8Array): void {
    this.bytes = bytes.slice();
    this.offset = 0;
  }

  fill(destination: Uint8Array): HalStatus {
    if (this.offset + destination.length > this.bytes.length) return HalStatus.Unavailable;
    destination.set(this.bytes.subarray(this.offset, this.offset + destination.length));
    this.offset += destination.length;
    return HalStatus.Ok;
  }
}

/** An energy gauge that reads what the step says, nJ (a bench supply's reading until set). */
export class StepGauge implements EnergyGauge {
  nj = BENCH_ENERGY_NJ;

  availableNj(): number {
    return this.nj;
  }
}

/** A powered timer that reads what the step says, us since power-up. */
export class StepTimer implements PoweredTimer {
  us = 0;

  elapsedUs(): number {
    return this.us;
  }
}
