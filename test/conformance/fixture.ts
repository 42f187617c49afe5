/**
 * A small site for the conformance scenarios: one management system, a common front door and the
 * private door of dwelling A, keys made on demand, the locks made by a target's factory. Entropy
 * comes from fixed seeds, so every run, and every target, exchanges the same frames.
 */
import { Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem, type CredentialRequest, type LockRequest } from '../../host/management/management-system.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { nobleBackend, type CryptoBackend } from '../../host/protocol/crypto-backend.js';
import { decodeChallenge, encodeHello, type SessionBinding } from '../../host/protocol/frames.js';
import type { LockFactory } from './targets.js';

export const SITE_ID = 0x0c11;
export const SITE_KEY = Uint8Array.from({ length: 16 }, (_, i) => (i * 29 + 7) & 0xff);

export const FRONT_DOOR_GROUP = 10;
export const STORAGE_GROUP = 20;
export const DWELLING_A = 101;
export const DWELLING_B = 102;

export const COMMON_LOCK_ID = 1001;
export const PRIVATE_LOCK_ID = 2001;

/** Both locks start from this mark: a day in 2026. */
export const START_DAY = 800;
export const TIME_STEP_MAX_DAYS = 31;

export const minutesAt = (day: number, minuteOfDay = 0): number => day * MINUTES_PER_DAY + minuteOfDay;

export const profile = loadProfileByName('reference-m0plus');

/** A resident of dwelling A, generation 1, valid for a year around START_DAY, issued at 10:00 on it. */
export function credentialDefaults(keyId: number): CredentialRequest {
  return {
    role: Role.Resident,
    keyId,
    dwellingId: DWELLING_A,
    generation: 1,
    validFromMinutes: minutesAt(START_DAY - 30),
    validUntilMinutes: minutesAt(START_DAY + 365),
    issuedAtMinutes: minutesAt(START_DAY, 600),
    groups: [DWELLING_A, FRONT_DOOR_GROUP],
  };
}

export interface Site<L extends LockTarget = LockTarget> {
  backend: CryptoBackend;
  management: ManagementSystem;
  commonLock: L;
  privateLock: L;
  /** A new lock of this site, powered and provisioned. */
  makeLock(request: Omit<LockRequest, 'profile' | 'markDay'> & Partial<Pick<LockRequest, 'profile' | 'markDay'>>): L;
  /** A new key with a credential from the defaults overridden by `request`. */
  makeKey(request: Partial<CredentialRequest> & { keyId: number }): KeyDevice;
}

/**
 * A site whose locks `makeLock` makes (a target's factory); the management system and the keys use
 * `backend`.
 */
export function makeSite<L extends LockTarget>(options: { makeLock: LockFactory<L>; backend?: CryptoBackend; seed?: string }): Site<L> {
  const backend = options.backend ?? nobleBackend;
  const seed = options.seed ?? 'site';
  const management = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID, backend });
  const makeLock: Site<L>['makeLock'] = (request) => {
    const lock = options.makeLock(new SeededEntropy(`${seed} lock ${request.lockId}`));
    lock.powerUp();
    const record = management.makeProvisioningRecord({ profile, markDay: START_DAY, ...request });
    const reason = lock.provision(record);
    if (reason !== 0) throw new Error(`provisioning lock ${request.lockId} failed with reason ${reason}`);
    return lock;
  };
  const makeKey: Site<L>['makeKey'] = (request) =>
    new KeyDevice({
      keyId: request.keyId,
      kKey: management.keyKeyFor(request.keyId),
      credential: management.issueCredential({ ...credentialDefaults(request.keyId), ...request }),
      entropy: new SeededEntropy(`${seed} key ${request.keyId}`),
      backend,
    });
  return {
    backend,
    management,
    commonLock: makeLock({ lockId: COMMON_LOCK_ID, privateDwelling: 0, groups: [FRONT_DOOR_GROUP] }),
    privateLock: makeLock({ lockId: PRIVATE_LOCK_ID, privateDwelling: DWELLING_A, groups: [DWELLING_A] }),
    makeLock,
    makeKey,
  };
}

/**
 * An insertion by hand (power-up, HELLO → CHALLENGE), for sessions a KeyDevice would not run;
 * `powerUp: false` sends HELLO to the lock as it is.
 */
export function openSession(
  lock: LockTarget,
  keyId: number,
  options: { keyNonce?: Uint8Array; powerUp?: boolean } = {},
): SessionBinding & { markDay: number; blocklistVersion: number } {
  const keyNonce = options.keyNonce ?? Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  if (options.powerUp ?? true) lock.powerUp();
  const challenge = decodeChallenge(lock.receive(encodeHello({ keyId, keyNonce, keyFlags: 0 })));
  return { ...challenge, keyNonce };
}
