/**
 * The physics models' figures, read from a hardware profile (firmware/profiles/*.json). The models
 * take plain numbers; this is the one place that knows where each comes from in the profile.
 */
import type { HardwareProfile } from '../profile/schema.js';
import type { CapacitorFigures } from './capacitor.js';
import type { GeneratorFigures } from './key-generator.js';
import type { NfcHarvesterFigures, PhoneFieldFigures } from './nfc-field.js';

export interface PhysicsFigures {
  capacitor: CapacitorFigures;
  generator: GeneratorFigures;
  nfcHarvester: NfcHarvesterFigures;
  phone: PhoneFieldFigures;
  /** How long a user holds the phone to the lock, its field on, ms (profile nfc.phoneHoldMs, assumed). */
  phoneHoldMs: number;
  /** Nominal supply at which energy is priced, V. */
  supplyV: number;
  /** The MCU's run current at its clock, uA (uA/MHz x MHz). */
  runCurrentUa: number;
  /** One release of the blocking element: its energy (uJ, at supplyV) and how long it draws it (ms). */
  actuator: { releaseUj: number; releaseMs: number };
}

export function physicsFigures(profile: HardwareProfile): PhysicsFigures {
  const { mcu, energy, nfc } = profile;
  return {
    capacitor: {
      capacitanceUf: energy.capacitorUf.value,
      powerOnV: energy.powerOnV.value,
      brownOutV: energy.brownOutV.value,
      clampV: energy.clampV.value,
    },
    generator: {
      harvestPerInsertionUj: energy.harvestPerInsertionUj.value,
      normalTurnAngleDeg: energy.normalTurnAngleDeg.value,
      normalTurnDurationMs: energy.normalTurnDurationMs.value,
    },
    nfcHarvester: {
      harvestMaxUw: nfc.harvestMaxUw.value,
      saturationFieldAPerM: nfc.saturationFieldAPerM.value,
      outputV: nfc.outputV.value,
    },
    phone: {
      phoneFieldAtContactAPerM: nfc.phoneFieldAtContactAPerM.value,
      phoneAntennaRadiusMm: nfc.phoneAntennaRadiusMm.value,
    },
    phoneHoldMs: nfc.phoneHoldMs.value,
    supplyV: mcu.supplyV.value,
    runCurrentUa: mcu.runCurrentUaPerMhz.value * mcu.clockMhz.value,
    actuator: { releaseUj: energy.actuatorReleaseUj.value, releaseMs: energy.actuatorReleaseMs.value },
  };
}
