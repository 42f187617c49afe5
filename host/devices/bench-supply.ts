import type { EnergyGauge } from '../firmware/hal-devices.js';

/**
 * A bench power supply: energy that never runs out, as when the lock is powered for testing.
 * The physics model replaces it with the capacitor fed by the generator or the NFC field.
 */
export class BenchSupply implements EnergyGauge {
  availableNj(): number {
    return 0xffff_ffff; // the largest value the HAL's u32 can report: 4.29 J
  }
}
