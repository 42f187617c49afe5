/**
 * Power from a phone's NFC field: the field strength at a distance from the phone, the power the
 * lock's NFC front end harvests from it, and that power as a current into the storage capacitor.
 *
 * Field vs distance (assumed law): the phone's antenna is taken as a circular loop of radius a, whose
 * on-axis field at distance z is H(z) = N I a^2 / (2 (a^2 + z^2)^(3/2)) (Biot-Savart). Written with
 * the field at contact H0 = H(0): H(z) = H0 a^3 / (a^2 + z^2)^(3/2). Flat near the antenna (z << a),
 * falling as 1/z^3 far from it. Off-axis positions, the lock's metal and the phone's battery are not
 * modelled: a campaign sweeps the distance instead.
 *
 * Power vs field (assumed law): the voltage induced in the lock's coil is proportional to H
 * (Faraday: 2 pi f mu0 N A H), so the power into the front end's roughly fixed load grows as H^2,
 * until its limiter clamps the rectified voltage at the saturation field; above that, more field
 * gives no more power. ISO/IEC 14443-2 guarantees operation only from Hmin = 1.5 A/m: below it the
 * model gives nothing (the front end is not assumed to start). So
 *   P(H) = 0                                    for H < Hmin
 *   P(H) = Pmax x min(1, (H / Hsat)^2)          for H >= Hmin   (Hmin <= Hsat <= Hmax = 7.5 A/m)
 * which is non-decreasing in H and saturates within the standard's operating field.
 *
 * Delivery: the harvester's output is linear (assumed): it charges the capacitor up to its output
 * voltage with at most P(H) / outputV of current, whatever the capacitor's voltage. The lock draws at
 * most what the harvester gives: what it wants beyond P(H) comes from the capacitor or not at all.
 */
import { ISO14443_H_MAX_A_PER_M, ISO14443_H_MIN_A_PER_M } from '../profile/schema.js';
import { PiecewiseSource } from './charge-source.js';

export { ISO14443_H_MAX_A_PER_M, ISO14443_H_MIN_A_PER_M };

export interface PhoneFieldFigures {
  /** The phone's field on its antenna's axis at contact, A/m (profile nfc.phoneFieldAtContactAPerM, assumed). */
  phoneFieldAtContactAPerM: number;
  /** Equivalent radius of the phone's loop, mm (profile nfc.phoneAntennaRadiusMm, assumed). */
  phoneAntennaRadiusMm: number;
}

export interface NfcHarvesterFigures {
  /** Power passed on once the limiter saturates, uW (profile nfc.harvestMaxUw, assumed). */
  harvestMaxUw: number;
  /** Field at which the limiter saturates, A/m, within 1.5..7.5 (profile nfc.saturationFieldAPerM, assumed). */
  saturationFieldAPerM: number;
  /** The harvester's output voltage: the capacitor is charged no higher, V (profile nfc.outputV, assumed). */
  outputV: number;
}

/** On-axis field [A/m] of the phone's loop at `distanceMm` (>= 0). */
export function phoneFieldAPerM(figures: PhoneFieldFigures, distanceMm: number): number {
  if (!(distanceMm >= 0)) throw new RangeError(`distanceMm: expected >= 0, got ${distanceMm}`);
  const a = figures.phoneAntennaRadiusMm;
  return (figures.phoneFieldAtContactAPerM * a ** 3) / (a * a + distanceMm * distanceMm) ** 1.5;
}

/** The distance [mm] at which the phone's field falls to `fieldAPerM`; 0 if it is never that strong. */
export function distanceForFieldMm(figures: PhoneFieldFigures, fieldAPerM: number): number {
  const a = figures.phoneAntennaRadiusMm;
  if (!(fieldAPerM > 0)) throw new RangeError(`fieldAPerM: expected > 0, got ${fieldAPerM}`);
  if (fieldAPerM >= figures.phoneFieldAtContactAPerM) return 0;
  return Math.sqrt(((figures.phoneFieldAtContactAPerM * a ** 3) / fieldAPerM) ** (2 / 3) - a * a);
}

/** Power [uW] the front end harvests in a field of `fieldAPerM` (0 below ISO/IEC 14443-2's Hmin). */
export function nfcHarvestUw(figures: NfcHarvesterFigures, fieldAPerM: number): number {
  if (!(fieldAPerM >= ISO14443_H_MIN_A_PER_M)) return 0;
  const ratio = Math.min(1, fieldAPerM / figures.saturationFieldAPerM);
  return figures.harvestMaxUw * ratio * ratio;
}

/** Power [uW] the lock actually draws from the field when it wants `demandUw`: never more than it gives. */
export function nfcDrawUw(figures: NfcHarvesterFigures, fieldAPerM: number, demandUw: number): number {
  return Math.min(Math.max(0, demandUw), nfcHarvestUw(figures, fieldAPerM));
}

/** Current [uA] the harvester can push into the capacitor: P / outputV (uW / V = uA). */
export function nfcChargeCurrentUa(figures: NfcHarvesterFigures, fieldAPerM: number): number {
  return nfcHarvestUw(figures, fieldAPerM) / figures.outputV;
}

/** A phone held still at `distanceMm` from the lock with its field on over [fromUs, untilUs). */
export interface PhonePresence {
  fromUs: number;
  untilUs: number;
  distanceMm: number;
}

/** The phone's field as a charge source (nothing while the field is off or too weak). */
export function nfcFieldSource(
  harvester: NfcHarvesterFigures,
  phone: PhoneFieldFigures,
  presences: readonly PhonePresence[],
): PiecewiseSource {
  return new PiecewiseSource(
    presences.map((p) => ({
      fromUs: p.fromUs,
      untilUs: p.untilUs,
      currentUa: nfcChargeCurrentUa(harvester, phoneFieldAPerM(phone, p.distanceMm)),
      ceilingV: harvester.outputV,
    })),
  );
}

