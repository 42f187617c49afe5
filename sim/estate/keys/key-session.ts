/**
 * One session of an estate key at a lock (PROTOCOL.md §7): power-up, HELLO → CHALLENGE, the deltas
 * the lock lacks (§8), AUTH → RESULT, then the tenant commands asked for (§9.2). The same protocol
 * as host/keys/key-device.ts, written for twenty million openings: frames are built in place in
 * the port's buffer, MACs run on kept key schedules over a reused scratch (crypto/word-cmac.ts),
 * and the outcome goes into a reused SessionRecord. The key itself is not changed here: the caller
 * applies the record with EstateKey.keep() once it keeps the session.
 */
import { Reason, REASON_COUNT } from '../../../firmware/abi.js';
import {
  AUTH_PART_CONSENT, AUTH_PART_TENANT_PROOF, AUTH_PART_VOUCHER, CHALLENGE_BLOCKLIST_VERSION, CHALLENGE_LOCK_ID, CHALLENGE_MARK_DAY, CHALLENGE_NONCE,
  COMMAND_BYTES, COMMAND_RESULT_FIXED_BYTES, CONSENT_BYTES, ENCLOSED_SECRET_BYTES, EMERGENCY_NOTICE_BYTES, FrameType, KEY_NONCE_BYTES, LABEL_AUT, LABEL_CMD,
  LABEL_CRS, LABEL_RES, LABEL_TEN, LABEL_TSK, MAC_BYTES, NONCE_BYTES, NOTICE_CHANGE_DAY, NOTICE_EMERGENCY, NOTICE_TENANT_SECRET, NOTICE_VOUCHER, PROTOCOL_VERSION,
  RESULT_DECISION, RESULT_FIXED_BYTES, RESULT_MARK_DAY, RESULT_NOTICES, RESULT_PARTS, RESULT_REASON, VOUCHER_BYTES, type Command,
} from '../../../firmware/protocol.js';
import { KEY_FLAG_CARRIES_VOUCHER, KEY_FLAG_HOLDS_TENANT_SECRET, KEY_FLAG_PHONE } from '../../../host/protocol/frames/hello.js';
import { cmacInto, copyMac8, encryptWords, mac8Equals, MacScratch, type CmacKey } from '../crypto/word-cmac.js';
import type { LockPort } from '../lock/lock-port.js';
import type { DeltaBook, EstateKey } from './estate-key.js';
import type { SessionRecord } from './session-record.js';

/** "AUT" / "RES" / "CMD" / "CRS" ‖ lockId ‖ lockNonce ‖ keyNonce: the prefix of every session MAC (§7.4, §7.7, §9.2). */
const PREFIX_BYTES = 3 + 4 + NONCE_BYTES + KEY_NONCE_BYTES;
const PREFIX_LOCK_ID = 3;
const PREFIX_LOCK_NONCE = 7;
const PREFIX_KEY_NONCE = PREFIX_LOCK_NONCE + NONCE_BYTES;
/** "TEN" ‖ lockNonce ‖ keyId: the tenant proof's input (§7.4). */
const PROOF_INPUT_BYTES = 3 + NONCE_BYTES + 4;
const HELLO_BYTES = 15;
const DELTA_ACK_REASON = 1;
const DELTA_ACK_VERSION = 2;

/** A tenant command the key sends after its grant. */
export interface CommandRequest {
  command: Command;
  argument: number;
}

/** The reusable buffers of the sessions of one runner. */
export class SessionScratch {
  readonly session = new MacScratch();
  readonly proof = new MacScratch();
  readonly keyNonce = new Uint8Array(KEY_NONCE_BYTES);
}

const u16 = (b: Uint8Array, at: number): number => b[at]! | (b[at + 1]! << 8);
const u32 = (b: Uint8Array, at: number): number => (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
function put32(b: Uint8Array, at: number, value: number): void {
  b[at] = value & 0xff;
  b[at + 1] = (value >>> 8) & 0xff;
  b[at + 2] = (value >>> 16) & 0xff;
  b[at + 3] = (value >>> 24) & 0xff;
}
function putLabel(b: Uint8Array, at: number, label: number): void {
  b[at] = label & 0xff;
  b[at + 1] = (label >>> 8) & 0xff;
  b[at + 2] = (label >>> 16) & 0xff;
}
function copy(from: Uint8Array, fromAt: number, to: Uint8Array, toAt: number, length: number): void {
  for (let i = 0; i < length; i++) to[toAt + i] = from[fromAt + i]!;
}

/** MAC8 under `key` of label ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, length), into scratch.tag. */
function sessionMac(scratch: MacScratch, key: CmacKey, label: number, frame: Uint8Array, length: number): void {
  putLabel(scratch.bytes, 0, label);
  copy(frame, 0, scratch.bytes, PREFIX_BYTES, length);
  cmacInto(key, scratch, PREFIX_BYTES + length);
}

/**
 * Runs one whole session of `key` at the lock behind `port` into `record`. `commands` are sent
 * after a grant won with this key's tenant proof (§9.2), in order, until one is not done.
 */
export function runSession(key: EstateKey, port: LockPort, book: DeltaBook, scratch: SessionScratch, record: SessionRecord, commands: readonly CommandRequest[] = []): void {
  record.reset();
  const to = port.toLock;
  const from = port.fromLock;
  const prefix = scratch.session.bytes;
  port.powerUp();

  // §7.2 HELLO.
  const sendVoucher = key.voucherDay >= 0;
  key.nonce.fill(scratch.keyNonce);
  to[0] = FrameType.Hello;
  to[1] = PROTOCOL_VERSION;
  put32(to, 2, key.keyId);
  copy(scratch.keyNonce, 0, to, 6, KEY_NONCE_BYTES);
  to[14] = (key.phone ? KEY_FLAG_PHONE : 0) | (key.tenant.size > 0 ? KEY_FLAG_HOLDS_TENANT_SECRET : 0) | (sendVoucher ? KEY_FLAG_CARRIES_VOUCHER : 0);
  port.exchange(HELLO_BYTES);
  if (from[0] === FrameType.Error) return refusedWithError(record, from);

  // §7.3 CHALLENGE.
  const lockId = u32(from, CHALLENGE_LOCK_ID);
  record.lockId = lockId;
  record.markDayBefore = record.markDay = u16(from, CHALLENGE_MARK_DAY);
  record.versionBefore = record.versionAfter = u32(from, CHALLENGE_BLOCKLIST_VERSION);
  copy(from, CHALLENGE_NONCE, record.lockNonce, 0, NONCE_BYTES);
  put32(prefix, PREFIX_LOCK_ID, lockId);
  copy(from, CHALLENGE_NONCE, prefix, PREFIX_LOCK_NONCE, NONCE_BYTES);
  copy(scratch.keyNonce, 0, prefix, PREFIX_KEY_NONCE, KEY_NONCE_BYTES);

  // §8: the deltas the lock lacks, in order; the first refusal ends them.
  if (key.deltaTo > record.versionBefore) {
    for (let version = Math.max(record.versionBefore, key.deltaFrom); version < key.deltaTo; version++) {
      const delta = book.frames[version]!;
      copy(delta, 0, to, 0, delta.length);
      port.exchange(delta.length);
      if (from[0] === FrameType.Error) return refusedWithError(record, from);
      if (from[DELTA_ACK_REASON] !== Reason.Ok) break;
      record.versionAfter = u32(from, DELTA_ACK_VERSION);
      record.deltasApplied++;
    }
  }

  // §7.4 AUTH, built after the MAC prefix so that the key MAC runs over it in place.
  const hold = key.tenant.get(lockId);
  const token = key.consent.get(lockId);
  const credential = key.credential;
  const auth = prefix;
  let at = PREFIX_BYTES;
  auth[at++] = FrameType.Auth;
  auth[at++] = (hold ? AUTH_PART_TENANT_PROOF : 0) | (token ? AUTH_PART_CONSENT : 0) | (sendVoucher ? AUTH_PART_VOUCHER : 0);
  auth.set(credential, at);
  at += credential.length;
  if (hold) {
    const proof = scratch.proof;
    putLabel(proof.bytes, 0, LABEL_TEN);
    copy(record.lockNonce, 0, proof.bytes, 3, NONCE_BYTES);
    put32(proof.bytes, 3 + NONCE_BYTES, key.keyId);
    cmacInto(hold.tAuth, proof, PROOF_INPUT_BYTES);
    copyMac8(proof, auth, at);
    at += MAC_BYTES;
    record.provedTenant = true;
  }
  if (token) {
    auth.set(token, at);
    at += CONSENT_BYTES;
  }
  if (sendVoucher) {
    auth.set(key.voucher, at);
    at += VOUCHER_BYTES;
  }
  putLabel(auth, 0, LABEL_AUT);
  cmacInto(key.kKey, scratch.session, at);
  copyMac8(scratch.session, auth, at);
  const authLength = at + MAC_BYTES - PREFIX_BYTES;
  copy(auth, PREFIX_BYTES, to, 0, authLength);
  const resultLength = port.exchange(authLength);
  if (from[0] === FrameType.Error) return refusedWithError(record, from);

  // §7.7 RESULT: its MAC under K_key first; a RESULT that does not verify is a refusal as sent.
  const macAt = resultLength - MAC_BYTES;
  if (resultLength < RESULT_FIXED_BYTES) throw new Error(`lock ${lockId}: a RESULT of ${resultLength} bytes`);
  sessionMac(scratch.session, key.kKey, LABEL_RES, from, macAt);
  if (!mac8Equals(scratch.session, from, macAt)) {
    const sent = from[RESULT_REASON]!;
    record.reason = sent < REASON_COUNT && sent !== Reason.Ok ? sent : Reason.Malformed;
    return;
  }
  record.granted = from[RESULT_DECISION] === 1;
  record.reason = from[RESULT_REASON]! as Reason;
  record.markDay = u16(from, RESULT_MARK_DAY);
  const notices = from[RESULT_NOTICES]!;
  let part = RESULT_PARTS;
  if (notices & NOTICE_TENANT_SECRET) {
    record.tenantSecret = openTenantSecret(key.kKey, record.lockNonce, from, part, scratch.proof);
    part += ENCLOSED_SECRET_BYTES;
  }
  if (notices & NOTICE_VOUCHER) {
    copy(from, part, record.voucher, 0, VOUCHER_BYTES);
    record.voucherDay = u16(from, part);
    part += VOUCHER_BYTES;
  }
  if (notices & NOTICE_CHANGE_DAY) {
    record.changeDay = u16(from, part);
    part += 2;
  }
  if (notices & NOTICE_EMERGENCY) {
    record.notice = { count: u32(from, part), acknowledged: u32(from, part + 4), day: u16(from, part + 8), minuteOfDay: u16(from, part + 10), keyId: u32(from, part + 12) };
    part += EMERGENCY_NOTICE_BYTES;
  }

  // §9.2: tenant commands, after a grant won with this key's proof (not one that enclosed T).
  if (commands.length === 0 || !record.granted || !hold || record.tenantSecret) return;
  for (const request of commands) {
    if (!sendCommand(key, hold.tAuth, port, scratch, record, request)) break;
  }
}

/**
 * §7.8: T from the 24 enclosed bytes at from[at]: E = T XOR AES(K_key, "TSK" ‖ lockNonce[0, 13)),
 * then MAC8(K_key, "TSK" ‖ lockNonce ‖ E). Throws if the MAC is wrong (the lock is the site's own).
 */
function openTenantSecret(kKey: CmacKey, lockNonce: Uint8Array, from: Uint8Array, at: number, scratch: MacScratch): Uint8Array {
  const input = scratch.bytes;
  putLabel(input, 0, LABEL_TSK);
  copy(lockNonce, 0, input, 3, NONCE_BYTES);
  copy(from, at, input, 3 + NONCE_BYTES, 16);
  cmacInto(kKey, scratch, 3 + NONCE_BYTES + 16);
  if (!mac8Equals(scratch, from, at + 16)) throw new Error('the enclosed tenant secret\'s MAC is wrong');
  const block = new Uint8Array(16);
  putLabel(block, 0, LABEL_TSK);
  copy(lockNonce, 0, block, 3, 13);
  const pad = new Uint8Array(encryptWords(kKey.xk, new Int32Array(block.buffer)).buffer);
  const secret = new Uint8Array(16);
  for (let i = 0; i < 16; i++) secret[i] = from[at + i]! ^ pad[i]!;
  return secret;
}

function refusedWithError(record: SessionRecord, from: Uint8Array): void {
  record.error = true;
  record.granted = false;
  const reason = from[1]!;
  record.reason = reason < REASON_COUNT ? reason : Reason.Malformed;
}

/** One COMMAND and its COMMAND_RESULT; false when the command was not done (the key stops there). */
function sendCommand(key: EstateKey, tAuth: CmacKey, port: LockPort, scratch: SessionScratch, record: SessionRecord, request: CommandRequest): boolean {
  const to = port.toLock;
  const from = port.fromLock;
  const frame = new Uint8Array(COMMAND_BYTES);
  frame[0] = FrameType.Command;
  frame[1] = request.command;
  put32(frame, 2, request.argument);
  sessionMac(scratch.session, tAuth, LABEL_CMD, frame, COMMAND_BYTES - MAC_BYTES);
  copyMac8(scratch.session, frame, COMMAND_BYTES - MAC_BYTES);
  copy(frame, 0, to, 0, COMMAND_BYTES);
  const length = port.exchange(COMMAND_BYTES);
  if (from[0] === FrameType.Error || length < COMMAND_RESULT_FIXED_BYTES) {
    record.commands.push({ ...request, reason: from[0] === FrameType.Error ? (from[1]! as Reason) : Reason.Malformed, value: 0 });
    return false;
  }
  sessionMac(scratch.session, key.kKey, LABEL_CRS, from, length - MAC_BYTES);
  const verified = mac8Equals(scratch.session, from, length - MAC_BYTES);
  const reason = verified ? (from[1]! as Reason) : Reason.BadKeyMac;
  record.commands.push({ ...request, reason, value: verified ? u32(from, 2) : 0 });
  return verified && reason === Reason.Ok;
}
