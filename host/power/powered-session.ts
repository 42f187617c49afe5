/**
 * A key's session on a lock that runs on its own power, whatever the source (a key's turn, a phone's
 * field) and the link (contact, NFC): the supply is attached, the key inserts as usual, and what
 * happened is classified. The caller then lets the source run on as it should (the rest of a turn)
 * and reads the margin.
 */
import { ActuatorCommand, type Reason } from '../../firmware/abi.js';
import type { KeyDevice } from '../keys/key-device.js';
import type { SessionOutcome } from '../keys/session-outcome.js';
import { LinkLost, type SessionLink } from '../link/session-link.js';
import type { InsertionRecord, PoweredLock } from '../lock/powered-lock.js';
import type { PhysicsFigures } from '../physics/from-profile.js';
import type { PowerSupply, VoltageKnot } from '../physics/power-supply.js';
import { NJ_PER_UJ } from '../physics/units.js';
import { PowerCut } from './power-rail.js';

export type PhysicalOutcome =
  /** The lock granted and the release completed. */
  | 'released'
  /** The lock decided and refused (its reason says why: InsufficientEnergy when it could not pay). */
  | 'refused'
  /** The capacitor never reached power-on while the source charged it. */
  | 'no-power-on'
  /** The MCU browned out mid-step: no decision reached the key, or the release did not complete. */
  | 'brown-out'
  /** The link ended first (a phone taken away): no decision reached the key (the lock may have released). */
  | 'withdrawn';

export interface PoweredInsertion {
  outcome: PhysicalOutcome;
  /** Whether a release completed during the insertion (a withdrawn phone may miss the RESULT of one). */
  released: boolean;
  /** The key's view of the session; undefined when no decision reached it. */
  session: SessionOutcome | undefined;
  /** The lock's reason (Ok with a grant); undefined without a decision the key saw. */
  reason: Reason | undefined;
  record: InsertionRecord;
  /**
   * Energy the MCU could still spend at the end (priced at supplyV), uJ; for no-power-on, minus
   * the energy missing to reach powerOnV.
   */
  marginUj: number;
  /** From the start (the turn's, or field-on) to the end of the last frame (after any release), or the cut, us. */
  latencyUs: number;
  /** Capacitor voltage at the end. */
  endV: number;
  /** The capacitor's voltage over the insertion, exactly: linear between knots. */
  voltage: VoltageKnot[];
}

export interface PoweredSession {
  record: InsertionRecord;
  /** Classifies the insertion and reads the margin now (after the caller ran the source on as it should). */
  finish(): PoweredInsertion;
}

export function runPoweredSession(lock: PoweredLock, key: KeyDevice, supply: PowerSupply, sourceEndUs: number, link: SessionLink, figures: PhysicsFigures): PoweredSession {
  const releasesBefore = countReleases(lock);
  lock.insertOn(supply, sourceEndUs, link);
  let session: SessionOutcome | undefined;
  let lost = false;
  try {
    session = key.insert(lock);
  } catch (error) {
    if (error instanceof LinkLost) lost = true;
    else if (!(error instanceof PowerCut)) throw error;
  }
  const record = lock.endInsertion();
  const released = countReleases(lock) > releasesBefore;
  const outcome: PhysicalOutcome =
    record.powerOnAtUs === undefined ? 'no-power-on' : record.cut ? 'brown-out' : lost ? 'withdrawn' : released ? 'released' : 'refused';
  const seen = outcome === 'released' || outcome === 'refused' ? session : undefined;
  return {
    record,
    finish() {
      const { capacitor } = figures;
      const marginUj = outcome === 'no-power-on' ? -(capacitor.powerOnV - supply.voltageV) * capacitor.capacitanceUf * figures.supplyV : supply.energyNj() / NJ_PER_UJ;
      return {
        outcome,
        released,
        session: seen,
        reason: seen?.reason,
        record,
        marginUj,
        latencyUs: record.endUs,
        endV: supply.voltageV,
        voltage: supply.voltageKnots ?? [],
      };
    },
  };
}

function countReleases(lock: PoweredLock): number {
  return lock.devices.actuator.commands.filter((command) => command === ActuatorCommand.Release).length;
}
