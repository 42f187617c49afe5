/**
 * One insertion of a physical key, end to end: the key's turn drives the generator, which charges
 * the empty storage capacitor; the MCU powers on when it reaches powerOnV, boots, and runs the session
 * with the key over the contact link, every step drawing on the capacitor; a grant releases the
 * cylinder. The turn ends; what the capacitor holds above brown-out then is the margin.
 */
import type { KeyDevice } from '../keys/key-device.js';
import { ContactSessionLink } from '../link/contact-session-link.js';
import type { PoweredLock } from '../lock/powered-lock.js';
import { Capacitor } from '../physics/capacitor.js';
import type { PhysicsFigures } from '../physics/from-profile.js';
import { insertionEnergyUj, insertionSource, type Insertion } from '../physics/key-generator.js';
import { PowerSupply } from '../physics/power-supply.js';
import { US_PER_MS } from '../physics/units.js';
import { runPoweredSession, type PoweredInsertion } from './powered-session.js';

export type { PhysicalOutcome } from './powered-session.js';

export interface PhysicalInsertion extends PoweredInsertion {
  /** Energy the turn stores into an empty capacitor with no load, uJ. */
  harvestUj: number;
  /** The contact link with the frames it carried. */
  link: ContactSessionLink;
}

export function insertPhysicalKey(lock: PoweredLock, key: KeyDevice, figures: PhysicsFigures, insertion: Insertion): PhysicalInsertion {
  const capacitor = new Capacitor(figures.capacitor);
  const source = insertionSource(figures.generator, insertion, { capacitanceUf: figures.capacitor.capacitanceUf, clampV: figures.capacitor.clampV });
  const supply = new PowerSupply(capacitor, source, figures.supplyV, 0, { recordVoltage: true });
  const turnEndUs = insertion.turnDurationMs * US_PER_MS;
  const link = new ContactSessionLink(lock.contactLink);
  const run = runPoweredSession(lock, key, supply, turnEndUs, link, figures);
  // The decision is over; the MCU stops and the rest of the turn only charges: the margin is at the turn's end.
  supply.advanceTo(turnEndUs);
  return { ...run.finish(), harvestUj: insertionEnergyUj(figures.generator, insertion), link };
}
