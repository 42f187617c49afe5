/**
 * COMMAND_RESULT, lock → key (PROTOCOL.md §9.2): type ‖ reason ‖ value (u32) ‖ parts ‖
 * MAC8(K_key, "CRS" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8)). Parts, with reason Ok only:
 * ROTATE the new secret T' enclosed under the old T_auth (24 bytes); LOG_READ and LOG_READ_OWN
 * n u8 ‖ n entries (§9.4); ATTEST the attestation (56 bytes, §9.5); none for the others.
 */
import { REASON_COUNT, Reason } from '../../../firmware/abi.js';
import {
  ATTESTATION_BYTES,
  Command,
  COMMAND_RESULT_FIXED_BYTES,
  COMMAND_RESULT_PARTS,
  COMMAND_RESULT_REASON,
  COMMAND_RESULT_VALUE,
  ENCLOSED_SECRET_BYTES,
  FrameType,
  LOG_ENTRY_BYTES,
  LOG_READ_ENTRIES_MAX,
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
  /** LOG_READ, LOG_READ_OWN done only: n u8 ‖ n entries (decodeLogEntries). */
  logEntries?: Uint8Array;
  /** ATTEST done only: the 56-byte attestation (verifyAttestation). */
  attestation?: Uint8Array;
}

/** The parts a done `command` carries, and their lengths in bytes. */
function partLengths(command: Command): number[] {
  if (command === Command.Rotate) return [ENCLOSED_SECRET_BYTES];
  if (command === Command.Attest) return [ATTESTATION_BYTES];
  if (command === Command.LogRead || command === Command.LogReadOwn) {
    return Array.from({ length: LOG_READ_ENTRIES_MAX + 1 }, (_, n) => 1 + n * LOG_ENTRY_BYTES);
  }
  return [0];
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
  if (fields.rotatedSecret !== undefined && fields.rotatedSecret.length !== ENCLOSED_SECRET_BYTES) {
    throw new RangeError(`rotated secret: expected ${ENCLOSED_SECRET_BYTES} bytes, got ${fields.rotatedSecret.length}`);
  }
  if (fields.attestation !== undefined && fields.attestation.length !== ATTESTATION_BYTES) {
    throw new RangeError(`attestation: expected ${ATTESTATION_BYTES} bytes, got ${fields.attestation.length}`);
  }
  const parts = [fields.rotatedSecret, fields.logEntries, fields.attestation].filter((part) => part !== undefined);
  if (parts.length > 1) throw new RangeError('a COMMAND_RESULT carries at most one part');
  if (parts.length > 0 && fields.reason !== Reason.Ok) throw new RangeError('only a command done carries a part');
  const head = new Uint8Array(COMMAND_RESULT_PARTS);
  head[0] = FrameType.CommandResult;
  setU8(head, COMMAND_RESULT_REASON, fields.reason);
  setU32(head, COMMAND_RESULT_VALUE, fields.value);
  const covered = concat(head, parts[0] ?? new Uint8Array(0));
  return concat(covered, commandResultMac(backend, kKey, binding, covered));
}

/**
 * The COMMAND_RESULT of `command`, its fields after checking its MAC with K_key for the session
 * `binding` and its length (14, or with reason Ok the part `command` carries: partLengths; without
 * `command`, 14 or a ROTATE's 38). Parts
 * are returned as sent: open a rotated secret with openRotatedSecret and the T_auth the COMMAND was
 * made with, decode log entries with decodeLogEntries, check an attestation with verifyAttestation.
 * Throws CommandResultMacError for a wrong MAC, FrameError for anything else wrong.
 */
export function decodeCommandResult(
  frame: Uint8Array,
  binding: SessionBinding,
  kKey: Uint8Array,
  backend: CryptoBackend = nobleBackend,
  command?: Command,
): CommandResultFields {
  expectFrameAtLeast(frame, FrameType.CommandResult, COMMAND_RESULT_FIXED_BYTES, 'COMMAND_RESULT');
  const end = frame.length - MAC_BYTES;
  if (!bytesEqual(frame.subarray(end), commandResultMac(backend, kKey, binding, frame.subarray(0, end)))) {
    throw new CommandResultMacError(frame.slice());
  }
  const reason = frame[COMMAND_RESULT_REASON]!;
  if (reason >= REASON_COUNT) throw malformed(`COMMAND_RESULT: unknown reason ${reason}`);
  const partBytes = end - COMMAND_RESULT_PARTS;
  const allowed = reason !== Reason.Ok ? [0] : command === undefined ? [0, ENCLOSED_SECRET_BYTES] : partLengths(command);
  if (!allowed.includes(partBytes)) {
    const of = command === undefined ? '' : ` for ${Command[command]}`;
    throw malformed(`COMMAND_RESULT: ${partBytes} bytes of parts${of} with reason ${reason}; expected ${allowed.join(' or ')}`);
  }
  const result: CommandResultFields = { reason, value: getU32(frame, COMMAND_RESULT_VALUE) };
  const part = frame.slice(COMMAND_RESULT_PARTS, end);
  if (partBytes > 0 && (command ?? Command.Rotate) === Command.Rotate) result.rotatedSecret = part;
  if (partBytes > 0 && command === Command.Attest) result.attestation = part;
  if (partBytes > 0 && (command === Command.LogRead || command === Command.LogReadOwn)) {
    if (part[0]! * LOG_ENTRY_BYTES + 1 !== partBytes) throw malformed(`COMMAND_RESULT: ${part[0]} log entries in ${partBytes} bytes`);
    result.logEntries = part;
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
