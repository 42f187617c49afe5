/**
 * The site the campaign's updates are made at: the landlord's management system, a building's front
 * door (a common lock) and one dwelling's own door (a private lock), and the keys that come by.
 * Everything is derived from the seed: the same seed gives the same keys, records and frames.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Reason, Role } from '../../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { ManagementSystem, type CredentialRequest, type LockRequest } from '../../management/management-system.js';
import type { HardwareProfile } from '../../profile/schema.js';

export const SITE_ID = 0x00c7;
/** The building's front door group, and the dwelling whose own door is the private lock. */
export const FRONT_DOOR = 1;
export const DWELLING = 101;
/** Day 700 after the cylsim epoch (2024-01-01) is 2025-12-01: the day the locks are installed. */
export const INSTALL_DAY = 700;

export type Door = 'common' | 'private';

const DOORS: Record<Door, Omit<LockRequest, 'profile'>> = {
  common: { lockId: 0x00c7_0001, privateDwelling: 0, groups: [FRONT_DOOR], markDay: INSTALL_DAY },
  private: { lockId: 0x00c7_0101, privateDwelling: DWELLING, groups: [DWELLING], markDay: INSTALL_DAY },
};

/** Minutes at a day and minute of day. */
export const minutesAt = (day: number, minuteOfDay = 9 * 60): number => day * MINUTES_PER_DAY + minuteOfDay;

export interface CampaignSite {
  readonly profile: HardwareProfile;
  readonly management: ManagementSystem;
  /** The door's provisioning record. */
  record(door: Door): Uint8Array;
  /** Powers `lock` up and provisions it as `door`. */
  install(lock: LockTarget, door: Door): void;
  /**
   * A key with a credential for `request`, by default a resident of the dwelling, generation 1,
   * for the dwelling and the front door, valid a year from 30 days before the install day and
   * issued on it (so its session leaves the time mark where it is). With `kKeyOf`, the key holds
   * that key's K_key instead of its own: a genuine credential whose key MAC fails (PROTOCOL.md §7.6 step 4).
   */
  makeKey(request: Partial<CredentialRequest> & { keyId: number }, options?: { kKeyOf?: number }): KeyDevice;
}

export function campaignSite(profile: HardwareProfile, seed: string | number): CampaignSite {
  const management = new ManagementSystem({ siteKey: sha256(utf8ToBytes(`cylsim powercut site ${seed}`)).subarray(0, 16), siteId: SITE_ID });
  const record = (door: Door) => management.makeProvisioningRecord({ ...DOORS[door], profile });
  return {
    profile,
    management,
    record,
    install(lock, door) {
      lock.powerUp();
      const reason = lock.provision(record(door));
      if (reason !== Reason.Ok) throw new Error(`provisioning the ${door} lock was refused with ${Reason[reason] ?? reason}`);
    },
    makeKey(request, options = {}) {
      const credential = management.issueCredential({
        role: Role.Resident,
        dwellingId: DWELLING,
        generation: 1,
        validFromMinutes: minutesAt(INSTALL_DAY - 30, 0),
        validUntilMinutes: minutesAt(INSTALL_DAY + 365, 0),
        issuedAtMinutes: minutesAt(INSTALL_DAY),
        groups: [DWELLING, FRONT_DOOR],
        ...request,
      });
      const kKey = management.keyKeyFor(options.kKeyOf ?? request.keyId);
      return new KeyDevice({ keyId: request.keyId, kKey, credential, entropy: new SeededEntropy(`${seed} key ${request.keyId}`) });
    },
  };
}
