/**
 * COMMAND_RESULT, lock → key (PROTOCOL.md §9.2): type ‖ reason ‖ value (u32) ‖ [the new secret T'
 * enclosed under the old T_auth, 24 bytes, after ROTATE done only] ‖
 * MAC8(K_key, "CRS" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8)).
 */
import { REASON_COUNT, Reason } from '../../../firmware/abi.js';
import {
  COMMAND_RESULT_FIXED_BYTES,
  COMMAND_RESULT_PARTS,
  COMMAND_RESULT_REASON,
  COMMAND_RESULT_VALUE,
  ENCLOSED_SECRET_BYTES,
  FrameType,
  MAC_BYTES,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU32, setU32, setU8 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrameAtLeast, malformed } from '../frame-error.js';
import { commandResultMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';
import { encloseTenantSecret, openTenantSecret } from '../tenant-secret-enclosure.js';

export interface CommandResultFields {
  /** Ok: done; else why not (nothing changed). */
  reason: Reason;
  /** ENROL: keys waiting; ROTATE: 0; RAISE_CONSENT_EPOCH: the epoch; ACK_EMERGENCY: the count acknowledged. */
  value: number;
  /** ROTATE done only: 24 bytes E ‖ MAC8, T' enclosed under the old T_auth. */
  rotatedSecret?: Uint8Array;
}

/** A COMMAND_RESULT whose MAC does not verify: from another session or lock, or altered on the way. */
export class CommandResultMacError extends Error {
  override readonly name = 'CommandResultMacError';

  constructor(readonly frame: Uint8Array) {
    super('COMMAND_RESULT: its MAC is wrong (another session, another lock, or altered)');
  }
}

/** The frame, its MAC computed with K_key for the session `binding`. */
export function encodeCommandResult(fields: CommandResultFields, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  if (fields.rotatedSecret !== undefined) {
    if (fields.rotatedSecret.length !== ENCLOSED_SECRET_BYTES) throw new RangeError(`rotated secret: expected ${ENCLOSED_SECRET_BYTES} bytes, got ${fields.rotatedSecret.length}`);
    if (fields.reason !== Reason.Ok) throw new RangeError('only a ROTATE done encloses a secret');
  }
  const head = new Uint8Array(COMMAND_RESULT_PARTS);
  head[0] = FrameType.CommandResult;
  setU8(head, COMMAND_RESULT_REASON, fields.reason);
  setU32(head, COMMAND_RESULT_VALUE, fields.value);
  const covered = concat(head, fields.rotatedSecret ?? new Uint8Array(0));
  return concat(covered, commandResultMac(backend, kKey, binding, covered));
}

/**
 * The COMMAND_RESULT's fields after checking its length (14, or 38 with a rotated secret and reason
 * Ok) and its MAC with K_key for the session `binding`. The rotated secret is returned as enclosed:
 * open it with openRotatedSecret and the T_auth the COMMAND was made with. Throws
 * CommandResultMacError for a wrong MAC, FrameError for anything else wrong.
 */
export function decodeCommandResult(frame: Uint8Array, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): CommandResultFields {
  expectFrameAtLeast(frame, FrameType.CommandResult, COMMAND_RESULT_FIXED_BYTES, 'COMMAND_RESULT');
  const withSecret = COMMAND_RESULT_FIXED_BYTES + ENCLOSED_SECRET_BYTES;
  if (frame.length !== COMMAND_RESULT_FIXED_BYTES && frame.length !== withSecret) {
    throw malformed(`COMMAND_RESULT: expected ${COMMAND_RESULT_FIXED_BYTES} or ${withSecret} bytes, got ${frame.length}`);
  }
  const end = frame.length - MAC_BYTES;
  if (!bytesEqual(frame.subarray(end), commandResultMac(backend, kKey, binding, frame.subarray(0, end)))) {
    throw new CommandResultMacError(frame.slice());
  }
  const reason = frame[COMMAND_RESULT_REASON]!;
  if (reason >= REASON_COUNT) throw malformed(`COMMAND_RESULT: unknown reason ${reason}`);
  const result: CommandResultFields = { reason, value: getU32(frame, COMMAND_RESULT_VALUE) };
  if (frame.length === withSecret) {
    if (reason !== Reason.Ok) throw malformed(`COMMAND_RESULT: a secret enclosed with reason ${reason}`);
    result.rotatedSecret = frame.slice(COMMAND_RESULT_PARTS, end);
  }
  return result;
}

/**
 * §9.2 ROTATE: T' enclosed under the old T_auth, E = T' XOR AES(T_auth, "TSK" ‖ lockNonce[0, 13))
 * followed by MAC8(T_auth, "TSK" ‖ lockNonce ‖ E): the enclosure of §7.8 with T_auth for K_key.
 */
export function encloseRotatedSecret(backend: CryptoBackend, tAuthOld: Uint8Array, lockNonce: Uint8Array, newSecret: Uint8Array): Uint8Array {
  return encloseTenantSecret(backend, tAuthOld, lockNonce, newSecret);
}

/** T' from the 24 enclosed bytes and the old T_auth; throws if their MAC is wrong. */
export function openRotatedSecret(backend: CryptoBackend, tAuthOld: Uint8Array, lockNonce: Uint8Array, enclosed: Uint8Array): Uint8Array {
  return openTenantSecret(backend, tAuthOld, lockNonce, enclosed);
}
