/**
 * The key side of the "decision" suite, computed once: each resident key's HELLO and, for the one
 * challenge nonce every power-up of these locks draws, its AUTH at each door (with the tenant
 * proof at the dwelling door, PROTOCOL.md §7.4; none needed at the front door, §6.1).
 */
import { Role } from '../../firmware/abi.js';
import { KEY_NONCE_BYTES } from '../../firmware/protocol.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { tenantProof } from '../../host/protocol/macs.js';
import { encodeAuth } from '../../host/protocol/frames/auth.js';
import { decodeChallenge } from '../../host/protocol/frames/challenge.js';
import { encodeHello, KEY_FLAG_HOLDS_TENANT_SECRET } from '../../host/protocol/frames/hello.js';
import { seededByteStrings } from '../inputs.js';
import {
  DWELLING_ID, GENERATION, ISSUED_AT_MINUTES, LOCK_REQUESTS, RESIDENT_GROUPS, RESIDENT_KEY_COUNT, residentKeyId, VALID_FROM_MINUTES, VALID_UNTIL_MINUTES,
  type Door,
} from './decision-site-plan.js';

/** A resident key before it meets a lock: what it holds, and its HELLO. */
export interface ResidentKey {
  keyId: number;
  /** K_key, for the AUTH and to verify the lock's RESULT in the correctness check. */
  kKey: Uint8Array;
  credential: Uint8Array;
  keyNonce: Uint8Array;
  hello: Uint8Array;
}

export interface ResidentKeyFrames extends ResidentKey {
  auth: Record<Door, Uint8Array>;
}

/** A resident credential of the current generation, valid now, issued at the mark. */
export function residentCredential(management: ManagementSystem, keyId: number): Uint8Array {
  return management.issueCredential({
    role: Role.Resident,
    keyId,
    dwellingId: DWELLING_ID,
    generation: GENERATION,
    validFromMinutes: VALID_FROM_MINUTES,
    validUntilMinutes: VALID_UNTIL_MINUTES,
    issuedAtMinutes: ISSUED_AT_MINUTES,
    groups: RESIDENT_GROUPS,
  });
}

/** The nonce of the CHALLENGE that `lock` answers `hello` with, right after a power-up. */
export function challengeNonceAfterPowerUp(lock: LockTarget, hello: Uint8Array): Uint8Array {
  lock.powerUp();
  return decodeChallenge(lock.receive(hello)).lockNonce;
}

/** RESIDENT_KEY_COUNT distinct resident keys, each with its own key nonce. */
export function residentKeys(management: ManagementSystem, seed: string): ResidentKey[] {
  const keyNonces = seededByteStrings(`${seed} key nonces`, RESIDENT_KEY_COUNT, KEY_NONCE_BYTES);
  return keyNonces.map((keyNonce, index) => {
    const keyId = residentKeyId(index);
    return {
      keyId,
      kKey: management.keyKeyFor(keyId),
      credential: residentCredential(management, keyId),
      keyNonce,
      hello: encodeHello({ keyId, keyNonce, keyFlags: KEY_FLAG_HOLDS_TENANT_SECRET }),
    };
  });
}

/**
 * Each key's AUTH at each door for the session nonce `lockNonce`. Every key holds the dwelling
 * door's T as the first resident key learned it, so each proves it there.
 */
export function withAuthFrames(keys: readonly ResidentKey[], tenantSecret: Uint8Array, lockNonce: Uint8Array): ResidentKeyFrames[] {
  const { tAuth } = tenantKeys(tenantSecret, LOCK_REQUESTS.dwelling.lockId);
  return keys.map((key) => {
    const { keyId, kKey, credential, keyNonce } = key;
    const binding = (door: Door) => ({ lockId: LOCK_REQUESTS[door].lockId, lockNonce, keyNonce });
    const proof = tenantProof(nobleBackend, tAuth, lockNonce, keyId);
    return {
      ...key,
      auth: {
        dwelling: encodeAuth({ credential, tenantProof: proof }, binding('dwelling'), kKey),
        common: encodeAuth({ credential }, binding('common'), kKey),
      },
    };
  });
}
