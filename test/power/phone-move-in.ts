/** The tenant's move-in by phone (a tenant change: 7 page writes and a release) on a fresh demo site, for the phone tests. */
import { ActuatorCommand, Role } from '../../firmware/abi.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage } from '../../host/firmware/image.js';
import { contactLinkFigures } from '../../host/link/contact-link.js';
import { PoweredLock } from '../../host/lock/powered-lock.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { insertPhoneKey, type PhoneInsertion } from '../../host/power/phone-insertion.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { DWELLING_LOCK, demoSite } from '../../sim/insertion/demo-site.js';
import { lockUid } from '../../sim/insertion/session-traces.js';

/** The demo's tenant key (sim/insertion/run-insertion.ts). */
export const TENANT_KEY = 1_000_101_01;

export interface PhoneMoveIn {
  result: PhoneInsertion;
  door: PoweredLock;
  /** The door's NVM before the insertion. */
  nvmBefore: Uint8Array;
  /** Releases the door's actuator made during the insertion. */
  releases: number;
}

/** A fresh site whose keys are phones; the tenant's phone at the dwelling door, `distanceMm` away, held `holdMs` (default: the profile's). */
export function moveInByPhone(profile: HardwareProfile, distanceMm: number, holdMs?: number, seed = 'phone'): PhoneMoveIn {
  const image = loadImage('release');
  const site = demoSite(seed, profile, (_request, name) => new PoweredLock({ image, profile, entropy: new SeededEntropy(`${seed} ${name}`), link: contactLinkFigures(profile) }), { phoneKeys: true });
  const door = site.dwellingDoor as PoweredLock;
  const nvmBefore = door.devices.nvm.bytes.slice();
  const placement = { distanceMm, ...(holdMs !== undefined ? { holdMs } : {}) };
  const result = insertPhoneKey(door, site.makeKey(TENANT_KEY, Role.Resident), physicsFigures(profile), placement, lockUid(DWELLING_LOCK.lockId));
  const releases = door.devices.actuator.commands.filter((command) => command === ActuatorCommand.Release).length;
  return { result, door, nvmBefore, releases };
}
