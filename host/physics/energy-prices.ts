/**
 * The energy rule's prices (PROTOCOL.md §7.10) for a lock's hardware: what the installer writes into
 * the provisioning record so the firmware can price a commit before it starts it. Every price is
 * rounded up to whole microjoules: the lock may refuse a little early, never start what it cannot
 * finish.
 */
import type { EnergyPrices } from '../protocol/frames/provisioning-record.js';
import type { HardwareProfile } from '../profile/schema.js';
import { US_PER_MS, US_PER_S } from './units.js';

/** uA per mA (SI prefixes). */
const UA_PER_MA = 1_000;

/**
 * The most work the firmware does between pricing a grant and releasing: at a tenant change the new
 * T drawn and T_auth's schedule, then the RESULT's MAC over its longest form, the voucher's MAC and
 * the enclosed secret. The firmware's own report measures at most 19 blocks and 4 expansions over
 * every grant of the demo (test/physics/result-tail.test.ts: a tenant change also runs the nonce
 * generator's Update the challenge nonce deferred); one block of headroom, none for expansions.
 */
export const RESULT_TAIL_AES_BLOCKS = 20;
export const RESULT_TAIL_KEY_EXPANSIONS = 4;

/** The MCU's run power, uW (uA/MHz x MHz x V). */
export function runPowerUw(profile: HardwareProfile): number {
  return profile.mcu.runCurrentUaPerMhz.value * profile.mcu.clockMhz.value * profile.mcu.supplyV.value;
}

/** uW x us = pJ; / 1e6 = uJ. */
function energyUj(powerUw: number, durationUs: number): number {
  return (powerUw * durationUs) / US_PER_S;
}

/** One release: the actuator's energy and the MCU awake through it (profile energy figures), uJ. */
export function releaseEnergyUj(profile: HardwareProfile): number {
  return profile.energy.actuatorReleaseUj.value + energyUj(runPowerUw(profile), profile.energy.actuatorReleaseMs.value * US_PER_MS);
}

/** One page erased and programmed: the write current on top of the MCU for the write time, uJ. */
export function pageWriteEnergyUj(profile: HardwareProfile): number {
  const writePowerUw = profile.nvm.writeCurrentMa.value * UA_PER_MA * profile.mcu.supplyV.value;
  return energyUj(writePowerUw + runPowerUw(profile), profile.nvm.writeTimeMs.value * US_PER_MS);
}

/** The work after pricing a grant (RESULT_TAIL_*), on this MCU, uJ. */
export function resultTailEnergyUj(profile: HardwareProfile): number {
  const { mcu } = profile;
  const cycles = RESULT_TAIL_AES_BLOCKS * mcu.aesBlockCycles.value + RESULT_TAIL_KEY_EXPANSIONS * mcu.aesKeyExpansionCycles.value;
  return energyUj(runPowerUw(profile), cycles / mcu.clockMhz.value);
}

/** The figures for the provisioning record; throws when a price does not fit its u16 or the page size is not a power of two. */
export function energyPrices(profile: HardwareProfile): EnergyPrices {
  const pageBytes = profile.nvm.pageBytes.value;
  const pageShift = Math.log2(pageBytes);
  if (!Number.isInteger(pageShift)) throw new RangeError(`the profile's NVM page of ${pageBytes} bytes is not a power of two (§7.10 prices writes by pages of 2^pageShift bytes)`);
  const releaseUj = Math.ceil(releaseEnergyUj(profile) + resultTailEnergyUj(profile));
  const pageWriteUj = Math.ceil(pageWriteEnergyUj(profile));
  for (const [name, value] of [['releaseUj', releaseUj], ['pageWriteUj', pageWriteUj]] as const) {
    if (value > 0xffff) throw new RangeError(`${name} ${value} uJ does not fit the provisioning record's u16`);
  }
  return { releaseUj, pageWriteUj, pageShift };
}
