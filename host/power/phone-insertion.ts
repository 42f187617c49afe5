/**
 * One phone key's session, end to end: the user holds the phone at a distance from the lock; its
 * field (host/physics/nfc-field.ts: field vs distance, power vs field) charges the empty storage
 * capacitor through the NFC front end while the phone polls with REQA; the MCU powers on at
 * powerOnV, boots, answers the next REQA, is activated (ISO/IEC 14443-3 and -4) and runs the session
 * over I-blocks (host/nfc/phone-link.ts), every step drawing on the capacitor while the field keeps
 * charging it; a grant releases the cylinder. The phone drops its field after the lock's last
 * answer, or when the user takes it away (the profile's nfc.phoneHoldMs): what the MCU could still
 * spend at field-off is the margin.
 *
 * Assumed: the phone's field stays on, unmodulated between frames, from field-on until the session
 * ends or the hold does (a reader that keeps polling); off-axis positions and a moving phone are not
 * modelled, nor the phone starting a second session after a brown-out.
 */
import type { KeyDevice } from '../keys/key-device.js';
import type { PoweredLock } from '../lock/powered-lock.js';
import type { PhoneSessionTimeline } from '../nfc/air-schedule.js';
import { PhoneLink } from '../nfc/phone-link.js';
import { Capacitor } from '../physics/capacitor.js';
import type { PhysicsFigures } from '../physics/from-profile.js';
import { nfcFieldSource, nfcHarvestUw, phoneFieldAPerM } from '../physics/nfc-field.js';
import { PowerSupply } from '../physics/power-supply.js';
import { US_PER_MS } from '../physics/units.js';
import { runPoweredSession, type PoweredInsertion } from './powered-session.js';

export interface PhonePlacement {
  /** Distance from the phone's antenna to the lock's, on axis, mm. */
  distanceMm: number;
  /** How long the user holds the phone there, ms; the profile's nfc.phoneHoldMs by default. */
  holdMs?: number;
}

export interface PhoneInsertion extends PoweredInsertion {
  distanceMm: number;
  holdMs: number;
  /** The phone's field at the lock, A/m. */
  fieldAPerM: number;
  /** Power the lock's front end harvests in that field, uW (0 below ISO/IEC 14443-2's 1.5 A/m). */
  harvestUw: number;
  /** Energy the field put into the capacitor from field-on to field-off, uJ. */
  harvestUj: number;
  /** The air: every frame from the first REQA, with field-on and field-off. */
  air: PhoneSessionTimeline;
}

export function insertPhoneKey(lock: PoweredLock, key: KeyDevice, figures: PhysicsFigures, placement: PhonePlacement, uid: Uint8Array): PhoneInsertion {
  const { distanceMm } = placement;
  if (!(distanceMm >= 0) || !Number.isFinite(distanceMm)) throw new RangeError(`distanceMm: expected a distance >= 0, got ${distanceMm}`);
  const holdMs = placement.holdMs ?? figures.phoneHoldMs;
  const holdUs = holdMs * US_PER_MS;
  const source = nfcFieldSource(figures.nfcHarvester, figures.phone, [{ fromUs: 0, untilUs: holdUs, distanceMm }]);
  const supply = new PowerSupply(new Capacitor(figures.capacitor), source, figures.supplyV, 0, { recordVoltage: true });
  const link = new PhoneLink({ uid, holdUs });
  const result = runPoweredSession(lock, key, supply, holdUs, link, figures).finish();
  const fieldAPerM = phoneFieldAPerM(figures.phone, distanceMm);
  return {
    ...result,
    distanceMm,
    holdMs,
    fieldAPerM,
    harvestUw: nfcHarvestUw(figures.nfcHarvester, fieldAPerM),
    harvestUj: supply.harvestedUj,
    air: link.close(result.record.endUs),
  };
}
