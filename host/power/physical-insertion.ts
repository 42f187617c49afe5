/**
 * One insertion of a physical key, end to end: the key's turn drives the generator, which charges
 * the empty storage capacitor; the MCU powers on when it reaches powerOnV, boots, and runs the session
 * with the key over the contact link, every step drawing on the capacitor; a grant releases the
 * cylinder. The turn ends; what the capacitor holds above brown-out then is the margin.
 */
import { ActuatorCommand, Reason } from '../../firmware/abi.js';
import type { KeyDevice } from '../keys/key-device.js';
import type { SessionOutcome } from '../keys/session-outcome.js';
import type { InsertionRecord, PoweredLock } from '../lock/powered-lock.js';
import { Capacitor } from '../physics/capacitor.js';
import type { PhysicsFigures } from '../physics/from-profile.js';
import { insertionEnergyUj, insertionSource, type Insertion } from '../physics/key-generator.js';
import { PowerSupply } from '../physics/power-supply.js';
import { NJ_PER_UJ, US_PER_MS } from '../physics/units.js';
import { PowerCut } from './power-rail.js';

export type PhysicalOutcome =
  /** The lock granted and the release completed. */
  | 'released'
  /** The lock decided and refused (its reason says why: InsufficientEnergy when it could not pay). */
  | 'refused'
  /** The capacitor never reached power-on during the turn. */
  | 'no-power-on'
  /** The MCU browned out mid-step: no decision reached the key, or the release did not complete. */
  | 'brown-out';

export interface PhysicalInsertion {
  outcome: PhysicalOutcome;
  /** The key's view of the session; undefined when the lock went dark before it could answer. */
  session: SessionOutcome | undefined;
  /** The lock's reason (Ok with a grant); undefined without a decision. */
  reason: Reason | undefined;
  record: InsertionRecord;
  /** Energy the turn stores into an empty capacitor with no load, uJ. */
  harvestUj: number;
  /**
   * Energy the MCU could still spend at the end of the turn (priced at supplyV), uJ; for
   * no-power-on, minus the energy missing to reach powerOnV.
   */
  marginUj: number;
  /** From the start of the turn to the end of the release, or of the last frame, us. */
  latencyUs: number;
  /** Capacitor voltage at the end of the turn. */
  endV: number;
}

export function insertPhysicalKey(lock: PoweredLock, key: KeyDevice, figures: PhysicsFigures, insertion: Insertion): PhysicalInsertion {
  const capacitor = new Capacitor(figures.capacitor);
  const source = insertionSource(figures.generator, insertion, { capacitanceUf: figures.capacitor.capacitanceUf, clampV: figures.capacitor.clampV });
  const supply = new PowerSupply(capacitor, source, figures.supplyV);
  const turnEndUs = insertion.turnDurationMs * US_PER_MS;
  const releasesBefore = countReleases(lock);
  lock.insertOn(supply, turnEndUs);
  let session: SessionOutcome | undefined;
  try {
    session = key.insert(lock);
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
  }
  const record = lock.endInsertion();
  const released = countReleases(lock) > releasesBefore;
  const latencyUs = record.endUs;
  // The decision is over; the MCU stops and the rest of the turn only charges.
  supply.advanceTo(turnEndUs);
  const harvestUj = insertionEnergyUj(figures.generator, insertion);
  const outcome: PhysicalOutcome =
    record.powerOnAtUs === undefined ? 'no-power-on' : record.cut ? 'brown-out' : released ? 'released' : 'refused';
  const marginUj =
    outcome === 'no-power-on'
      ? -(figures.capacitor.powerOnV - capacitor.voltageV) * figures.capacitor.capacitanceUf * figures.supplyV
      : supply.energyNj() / NJ_PER_UJ;
  return {
    outcome,
    session: record.cut ? undefined : session,
    reason: record.cut ? undefined : session?.reason,
    record,
    harvestUj,
    marginUj,
    latencyUs,
    endV: capacitor.voltageV,
  };
}

function countReleases(lock: PoweredLock): number {
  return lock.devices.actuator.commands.filter((command) => command === ActuatorCommand.Release).length;
}
