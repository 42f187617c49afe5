/**
 * What a thread needs to run complexes, made once and reused for each: the firmware image, the
 * shared instance on the fast rail (lock/lock-bank.ts), the physics lane, and the profile's
 * figures. Nothing here carries state from one complex to the next: every session starts with a
 * power-up, and each complex brings its own cylinders.
 */
import { loadImage, type BuildVariant } from '../../../host/firmware/image.js';
import { contactLinkFigures } from '../../../host/link/contact-link.js';
import { physicsFigures, type PhysicsFigures } from '../../../host/physics/from-profile.js';
import { railPrices } from '../../../host/power/power-rail.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import { FastRail } from '../lock/fast-rail.js';
import { LockBank } from '../lock/lock-bank.js';
import { PhysicalLane } from '../lock/physical-lane.js';
import { PowerOnTable } from '../lock/power-on-table.js';

export interface RunEnvironment {
  profile: HardwareProfile;
  figures: PhysicsFigures;
  bank: LockBank;
  lane: PhysicalLane;
  powerOn: PowerOnTable;
}

const environments = new Map<string, RunEnvironment>();

/**
 * This thread's environment for a shipped profile (loaded and checked by the caller: a worker
 * receives it with its task, so that it need not load the profile's schema) and an image, made at
 * the first call for that profile's name.
 */
export function threadEnvironment(profile: HardwareProfile, variant: BuildVariant = 'release'): RunEnvironment {
  const name = `${profile.name} ${variant}`;
  let environment = environments.get(name);
  if (!environment) {
    environment = createRunEnvironment(profile, variant);
    environments.set(name, environment);
  }
  return environment;
}

/** An environment for any profile (a test may weaken one). */
export function createRunEnvironment(profile: HardwareProfile, variant: BuildVariant = 'release'): RunEnvironment {
  const image = loadImage(variant);
  const figures = physicsFigures(profile);
  return {
    profile,
    figures,
    bank: new LockBank(image, new FastRail(railPrices(profile), contactLinkFigures(profile))),
    lane: new PhysicalLane(image, profile, figures),
    powerOn: new PowerOnTable(figures),
  };
}
