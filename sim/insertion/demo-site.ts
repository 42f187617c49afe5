/**
 * The site `cylsim insert` runs on: one building's front door (a common lock) and one dwelling's
 * own door (a private lock), the landlord's management system, and the keys that come by.
 */
import { Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem, type LockRequest } from '../../host/management/management-system.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

export const SITE_ID = 0x0001;
export const DWELLING = 101; // the dwelling's group id: its own door
export const FRONT_DOOR = 1; // the building's front door group
/** Day 700 after the cylsim epoch (2024-01-01) is 2025-12-01: the day the locks are installed. */
export const INSTALL_DAY = 700;
export const FRONT_DOOR_LOCK: Omit<LockRequest, 'profile'> = { lockId: 0x0001_0001, privateDwelling: 0, groups: [FRONT_DOOR], markDay: INSTALL_DAY };
export const DWELLING_LOCK: Omit<LockRequest, 'profile'> = { lockId: 0x0001_0101, privateDwelling: DWELLING, groups: [DWELLING], markDay: INSTALL_DAY };

/** Minutes at a day and hour. */
export const at = (day: number, hour = 12): number => day * MINUTES_PER_DAY + hour * 60;

export interface DemoSite {
  management: ManagementSystem;
  frontDoor: LockTarget;
  dwellingDoor: LockTarget;
  /** A key of `role` with a credential for the given groups and days. */
  makeKey(keyId: number, role: Role, options?: { generation?: number; groups?: number[]; fromDay?: number; untilDay?: number; issuedDay?: number; dwellingId?: number }): KeyDevice;
}

export interface DemoSiteOptions {
  /** Every key is a phone key: its credential carries the phone flag (PROTOCOL.md §6), its HELLO the phone bit. */
  phoneKeys?: boolean;
}

/** Builds the site; the site key is derived from the seed, so the same seed gives the same bytes. */
export function demoSite(
  seed: string,
  profile: HardwareProfile,
  makeLock: (request: Omit<LockRequest, 'profile'>, name: string) => LockTarget,
  siteOptions: DemoSiteOptions = {},
): DemoSite {
  const management = new ManagementSystem({ siteKey: sha256(utf8ToBytes(`cylsim demo site ${seed}`)).subarray(0, 16), siteId: SITE_ID });
  const install = (request: Omit<LockRequest, 'profile'>, name: string): LockTarget => {
    const lock = makeLock(request, name);
    lock.powerUp();
    const reason = lock.provision(management.makeProvisioningRecord({ ...request, profile }));
    if (reason !== 0) throw new Error(`provisioning the ${name} failed with reason ${reason}`);
    return lock;
  };
  return {
    management,
    frontDoor: install(FRONT_DOOR_LOCK, 'front door'),
    dwellingDoor: install(DWELLING_LOCK, 'dwelling door'),
    makeKey(keyId, role, options = {}) {
      const credential = management.issueCredential({
        role,
        keyId,
        dwellingId: options.dwellingId ?? (role === Role.Resident || role === Role.ExtraKey ? DWELLING : 0),
        generation: options.generation ?? 1,
        validFromMinutes: at(options.fromDay ?? INSTALL_DAY - 1, 0),
        validUntilMinutes: at(options.untilDay ?? INSTALL_DAY + 365, 0),
        issuedAtMinutes: at(options.issuedDay ?? INSTALL_DAY, 9),
        groups: options.groups ?? [FRONT_DOOR, DWELLING],
        phone: siteOptions.phoneKeys ?? false,
      });
      return new KeyDevice({ keyId, kKey: management.keyKeyFor(keyId), credential, entropy: new SeededEntropy(`${seed} key ${keyId}`) });
    },
  };
}
