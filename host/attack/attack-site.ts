/**
 * The site every attack starts from: the landlord's management system, a building's front door (a
 * common lock) and the private door of dwelling A, both fresh firmware locks on bench devices, and
 * keys made on demand. Everything is derived from the context's seed and the attack's name, so each
 * attack meets locks no other attack has touched, and the same seed gives the same frames.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Reason, Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { SeededEntropy } from '../devices/seeded-entropy.js';
import { loadImage } from '../firmware/image.js';
import { KeyDevice } from '../keys/key-device.js';
import { ManagementSystem, type CredentialRequest, type LockRequest } from '../management/management-system.js';
import { siteKeys, type SiteKeys } from '../protocol/key-hierarchy.js';
import type { AttackContext } from './attack-context.js';
import { attackLock, type AttackLock } from './attack-lock.js';
import type { NvmPort, PoweredTimer } from '../firmware/hal-devices.js';

export type { AttackLock } from './attack-lock.js';

export const SITE_ID = 0x0a77;
export const FRONT_DOOR = 10;
export const STORAGE_ROOM = 20;
export const DWELLING_A = 101;
export const DWELLING_B = 102;
export const COMMON_LOCK_ID = 0x0a77_0001;
export const PRIVATE_LOCK_ID = 0x0a77_0101;
/** Both locks start from this mark: day 800 after the cylsim epoch (2024-01-01), in 2026. */
export const START_DAY = 800;

/** Minutes at a day and minute of day (PROTOCOL.md §3). */
export const minutesAt = (day: number, minuteOfDay = 0): number => day * MINUTES_PER_DAY + minuteOfDay;

export type LockSpec = Omit<LockRequest, 'profile' | 'markDay'> & Partial<Pick<LockRequest, 'markDay'>>;

export const COMMON_LOCK: LockSpec = { lockId: COMMON_LOCK_ID, privateDwelling: 0, groups: [FRONT_DOOR] };
export const PRIVATE_LOCK: LockSpec = { lockId: PRIVATE_LOCK_ID, privateDwelling: DWELLING_A, groups: [DWELLING_A] };

export interface AttackSite {
  readonly context: AttackContext;
  readonly management: ManagementSystem;
  /** Everything the landlord derives from its site key alone (PROTOCOL.md §4.1). */
  readonly landlordKeys: SiteKeys;
  readonly common: AttackLock;
  readonly private: AttackLock;
  /** A new lock of this site, powered and provisioned; `nvm` replaces the bench NVM, `entropySeed` its entropy. */
  makeLock(spec: LockSpec, options?: { nvm?: NvmPort; entropySeed?: string; timer?: PoweredTimer }): AttackLock;
  /**
   * The lock `lockId` over `nvm` as it is (a reboot on what a cut left): not powered, not provisioned
   * again; `cutAtRelease`: its power fails at a release.
   */
  attachLock(lockId: number, nvm: NvmPort, entropySeed: string, options?: { cutAtRelease?: boolean }): AttackLock;
  /** A key of this site: a resident of dwelling A, generation 1, valid a year, unless `request` says otherwise. */
  makeKey(request: Partial<CredentialRequest> & { keyId: number }): KeyDevice;
}

/** A resident of dwelling A, generation 1, valid from 30 days before START_DAY for a year, issued at 10:00 on it. */
export function residentRequest(keyId: number): CredentialRequest {
  return {
    role: Role.Resident,
    keyId,
    dwellingId: DWELLING_A,
    generation: 1,
    validFromMinutes: minutesAt(START_DAY - 30),
    validUntilMinutes: minutesAt(START_DAY + 365),
    issuedAtMinutes: minutesAt(START_DAY, 600),
    groups: [DWELLING_A, FRONT_DOOR],
  };
}

export function siteKeyFor(seed: string): Uint8Array {
  return sha256(utf8ToBytes(`cylsim attack site ${seed}`)).subarray(0, 16);
}

export function attackSite(context: AttackContext, attackName: string): AttackSite {
  const siteKey = siteKeyFor(context.seed);
  const management = new ManagementSystem({ siteKey, siteId: SITE_ID });
  const image = loadImage(context.variant);
  const makeLock: AttackSite['makeLock'] = (spec, options = {}) => {
    const entropySeed = options.entropySeed ?? `${context.seed} ${attackName} lock ${spec.lockId}`;
    const lock = attackLock({ image, profile: context.profile, lockId: spec.lockId, entropySeed, ...(options.nvm ? { nvm: options.nvm } : {}), ...(options.timer ? { timer: options.timer } : {}) });
    lock.target.powerUp();
    const reason = lock.target.provision(management.makeProvisioningRecord({ markDay: START_DAY, ...spec, profile: context.profile }));
    if (reason !== Reason.Ok) throw new Error(`provisioning lock ${spec.lockId} was refused with ${Reason[reason] ?? reason}`);
    return lock;
  };
  return {
    context,
    management,
    landlordKeys: siteKeys(siteKey, SITE_ID),
    common: makeLock(COMMON_LOCK),
    private: makeLock(PRIVATE_LOCK),
    makeLock,
    attachLock: (lockId, nvm, entropySeed, options = {}) => attackLock({ image, profile: context.profile, lockId, entropySeed, nvm, ...options }),
    makeKey: (request) =>
      new KeyDevice({
        keyId: request.keyId,
        kKey: management.keyKeyFor(request.keyId),
        credential: management.issueCredential({ ...residentRequest(request.keyId), ...request }),
        entropy: new SeededEntropy(`${context.seed} ${attackName} key ${request.keyId}`),
      }),
  };
}
