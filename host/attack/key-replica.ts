/**
 * A key's material as plain data (its id, K_key, credential and, at a private lock, the tenant
 * secret it holds), so that the same key can be inserted again by hand in any state: after a power
 * cut, the key is as it was before the session whose answer it never received.
 */
import type { KeyDevice } from '../keys/key-device.js';
import type { LockTarget } from '../lock/lock-target.js';
import { encodeAuth, type AuthContents } from '../protocol/frames.js';
import { tenantKeys } from '../protocol/key-hierarchy.js';
import { tenantProof } from '../protocol/macs.js';
import { nodeBackend } from '../protocol/crypto-backend.js';
import { answerOf, openSession, type LockAnswer } from './by-hand.js';

export interface KeyReplica {
  keyId: number;
  kKey: Uint8Array;
  credential: Uint8Array;
  /** T_auth = Div(T, "TAU" ‖ lockId) of the private lock, when the key holds its T (§4.2). */
  tAuth?: Uint8Array;
}

/** The material `key` holds now, for the lock `lockId`. */
export function replicaOf(key: KeyDevice, kKey: Uint8Array, lockId: number): KeyReplica {
  const tenantSecret = key.tenantSecretFor(lockId);
  return { keyId: key.keyId, kKey, credential: key.credential, ...(tenantSecret ? { tAuth: tenantKeys(tenantSecret, lockId).tAuth } : {}) };
}

/**
 * One insertion by hand: power-up, HELLO, AUTH with the tenant proof when the key holds T. Its MACs
 * are made with node:crypto (host/protocol/crypto-backend.ts): retries after cuts run thousands of
 * times.
 */
export function insertReplica(lock: LockTarget, key: KeyReplica, keyNonce: Uint8Array): LockAnswer {
  const session = openSession(lock, key.keyId, keyNonce);
  const contents: AuthContents = { credential: key.credential };
  if (key.tAuth) contents.tenantProof = tenantProof(nodeBackend, key.tAuth, session.lockNonce, key.keyId);
  return answerOf(lock.receive(encodeAuth(contents, session, key.kKey, nodeBackend)), session, key.kKey, nodeBackend);
}
