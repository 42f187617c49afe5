/**
 * The energy a lock's work costs on the modeled MCU: its powered time at the run current and the
 * supply voltage, and each NVM page written at the write current for the write time (the profile's
 * figures). The firmware reports its work; WorkMeter turns it into time; this prices time and writes.
 */
import type { HardwareProfile } from '../profile/schema.js';

const US_PER_S = 1e6;
const UA_PER_MA = 1e3;
const US_PER_MS = 1e3;

/** µW = µA x V; µJ = µW x s. */
export function computeEnergyUj(profile: HardwareProfile, poweredUs: number): number {
  const runCurrentUa = profile.mcu.runCurrentUaPerMhz.value * profile.mcu.clockMhz.value;
  return (runCurrentUa * profile.mcu.supplyV.value * poweredUs) / US_PER_S;
}

/** One page write: the write current on top of the core for the write time (profile nvm figures). */
export function pageWriteEnergyUj(profile: HardwareProfile): number {
  const writeUa = profile.nvm.writeCurrentMa.value * UA_PER_MA;
  return (writeUa * profile.mcu.supplyV.value * profile.nvm.writeTimeMs.value * US_PER_MS) / US_PER_S;
}
