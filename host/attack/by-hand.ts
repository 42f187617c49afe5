/**
 * Sessions played by hand, for frames no honest key would send: HELLO → CHALLENGE, then whatever
 * the attacker builds; and the lock's answer read as the attacker sees it.
 */
import { Reason } from '../../firmware/abi.js';
import { FrameType, KEY_NONCE_BYTES, RESULT_DECISION, RESULT_REASON } from '../../firmware/protocol.js';
import type { EntropySource } from '../firmware/hal-devices.js';
import type { LockTarget } from '../lock/lock-target.js';
import { nobleBackend, type CryptoBackend } from '../protocol/crypto-backend.js';
import { decodeChallenge, decodeResult, encodeHello, ResultMacError, type Result, type SessionBinding } from '../protocol/frames.js';
import type { AttackLock } from './attack-site.js';

/** An open session: what binds its MACs, and what CHALLENGE told. */
export interface OpenedSession extends SessionBinding {
  markDay: number;
  blocklistVersion: number;
  challenge: Uint8Array;
}

/** A fresh key nonce from `entropy` (PROTOCOL.md §7.2). */
export function keyNonceFrom(entropy: EntropySource): Uint8Array {
  const nonce = new Uint8Array(KEY_NONCE_BYTES);
  entropy.fill(nonce);
  return nonce;
}

/** Power-up (a new insertion) unless `powerUp` is false, then HELLO → CHALLENGE. */
export function openSession(lock: LockTarget, keyId: number, keyNonce: Uint8Array, options: { powerUp?: boolean } = {}): OpenedSession {
  if (options.powerUp ?? true) lock.powerUp();
  const challenge = lock.receive(encodeHello({ keyId, keyNonce, keyFlags: 0 }));
  const fields = decodeChallenge(challenge);
  return { lockId: fields.lockId, lockNonce: fields.lockNonce, keyNonce, markDay: fields.markDay, blocklistVersion: fields.blocklistVersion, challenge };
}

/** The lock's answer to an AUTH, as the attacker reads it. */
export interface LockAnswer {
  /** The lock said grant (RESULT decision 1), whether or not its MAC verified. */
  granted: boolean;
  reason: Reason;
  /** A RESULT whose MAC verified with the key given. */
  authenticated: boolean;
  result?: Result;
}

/**
 * Reads ERROR or RESULT; a RESULT is verified with `kKey` for `binding` when both are given (a key
 * that holds its K_key), else read as sent.
 */
export function answerOf(answer: Uint8Array, binding?: SessionBinding, kKey?: Uint8Array, backend: CryptoBackend = nobleBackend): LockAnswer {
  const type = answer[0];
  if (type === FrameType.Error) return { granted: false, reason: (answer[1] ?? Reason.Malformed) as Reason, authenticated: false };
  if (type !== FrameType.Result) throw new Error(`expected RESULT or ERROR, the lock answered type 0x${(type ?? 0).toString(16)}`);
  const granted = answer[RESULT_DECISION] === 1;
  const sent = (answer[RESULT_REASON] ?? Reason.Malformed) as Reason;
  if (!binding || !kKey) return { granted, reason: sent, authenticated: false };
  try {
    const result = decodeResult(answer, binding, kKey, backend);
    return { granted: result.granted, reason: result.reason, authenticated: true, result };
  } catch (error) {
    if (error instanceof ResultMacError) return { granted, reason: sent, authenticated: false };
    throw error;
  }
}

/** What one attempt came to: granted when the lock said so or its cylinder released meanwhile. */
export interface AttemptOutcome {
  granted: boolean;
  reason: string;
}

export const reasonName = (reason: Reason): string => Reason[reason] ?? `reason ${reason}`;

/** Runs one attempt against `lock`, counting a release during it as a grant whatever was answered. */
export function attempt(lock: AttackLock, run: () => { granted: boolean; reason: Reason }): AttemptOutcome {
  const releasesBefore = lock.releases();
  const answer = run();
  return { granted: answer.granted || lock.releases() > releasesBefore, reason: reasonName(answer.reason) };
}

/** A COMMAND's answer as the attacker reads it: the reason of ERROR or COMMAND_RESULT (unverified), and whether it was done. */
export function commandAnswerOf(answer: Uint8Array): { done: boolean; reason: Reason } {
  const reason = (answer[1] ?? Reason.Malformed) as Reason;
  if (answer[0] === FrameType.Error) return { done: false, reason };
  if (answer[0] !== FrameType.CommandResult) throw new Error(`expected COMMAND_RESULT or ERROR, the lock answered type 0x${(answer[0] ?? 0).toString(16)}`);
  return { done: reason === Reason.Ok, reason };
}
