/**
 * RESULT, lock → key (PROTOCOL.md §7.7): type ‖ decision ‖ reason ‖ markDay ‖ notices ‖ enclosed
 * parts in bit order (tenant secret 24, voucher 14, changeDay 2, emergency notice 16, §9.3) ‖
 * resultMac.
 */
import { REASON_COUNT, Reason } from '../../../firmware/abi.js';
import {
  EMERGENCY_NOTICE_BYTES,
  ENCLOSED_SECRET_BYTES,
  FrameType,
  MAC_BYTES,
  NOTICE_CHANGE_DAY,
  NOTICE_EMERGENCY,
  NOTICE_TENANT_SECRET,
  NOTICE_VOUCHER,
  RESULT_DECISION,
  RESULT_FIXED_BYTES,
  RESULT_MARK_DAY,
  RESULT_NOTICES,
  RESULT_PARTS,
  RESULT_REASON,
  VOUCHER_BYTES,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32, u16le } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, expectFrameAtLeast, malformed } from '../frame-error.js';
import { resultMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';
import { openTenantSecret } from '../tenant-secret-enclosure.js';
import { decodeVoucher, type Voucher } from './voucher.js';

const DECISION_DENY = 0;
const DECISION_GRANT = 1;
const KNOWN_NOTICES = NOTICE_TENANT_SECRET | NOTICE_VOUCHER | NOTICE_CHANGE_DAY | NOTICE_EMERGENCY;
const CHANGE_DAY_BYTES = 2;

/** Offsets within the emergency notice (§9.3). */
const EMERGENCY_COUNT = 0;
const EMERGENCY_ACKNOWLEDGED = 4;
const EMERGENCY_NEWEST_DAY = 8;
const EMERGENCY_NEWEST_MINUTE = 10;
const EMERGENCY_NEWEST_KEY_ID = 12;

/** §9.3: unacknowledged emergency openings, told to the tenant's key. */
export interface EmergencyNotice {
  /** Emergency openings ever recorded at the lock. */
  count: number;
  /** The count the tenant has acknowledged (ACK_EMERGENCY). */
  acknowledged: number;
  /** The newest record. */
  newest: { day: number; minuteOfDay: number; keyId: number };
}

/** The 16 bytes of §9.3: count u32 ‖ acknowledged u32 ‖ day u16 ‖ minuteOfDay u16 ‖ keyId u32. */
export function encodeEmergencyNotice(notice: EmergencyNotice): Uint8Array {
  const bytes = new Uint8Array(EMERGENCY_NOTICE_BYTES);
  setU32(bytes, EMERGENCY_COUNT, notice.count);
  setU32(bytes, EMERGENCY_ACKNOWLEDGED, notice.acknowledged);
  setU16(bytes, EMERGENCY_NEWEST_DAY, notice.newest.day);
  setU16(bytes, EMERGENCY_NEWEST_MINUTE, notice.newest.minuteOfDay);
  setU32(bytes, EMERGENCY_NEWEST_KEY_ID, notice.newest.keyId);
  return bytes;
}

export function decodeEmergencyNotice(bytes: Uint8Array): EmergencyNotice {
  if (bytes.length !== EMERGENCY_NOTICE_BYTES) throw malformed(`emergency notice: expected ${EMERGENCY_NOTICE_BYTES} bytes, got ${bytes.length}`);
  return {
    count: getU32(bytes, EMERGENCY_COUNT),
    acknowledged: getU32(bytes, EMERGENCY_ACKNOWLEDGED),
    newest: { day: getU16(bytes, EMERGENCY_NEWEST_DAY), minuteOfDay: getU16(bytes, EMERGENCY_NEWEST_MINUTE), keyId: getU32(bytes, EMERGENCY_NEWEST_KEY_ID) },
  };
}

export interface ResultFields {
  granted: boolean;
  /** Ok with a grant. */
  reason: Reason;
  /** The time mark after the session. */
  markDay: number;
  /** 24 bytes: E ‖ MAC8 (§7.8). */
  enclosedTenantSecret?: Uint8Array;
  /** 14 bytes (§7.5). */
  voucher?: Uint8Array;
  /** With a TenantChanged refusal: the day of the change. */
  changeDay?: number;
  /** §9.3: with a grant to a tenant key while emergency openings are unacknowledged. */
  emergencyNotice?: EmergencyNotice;
}

export interface Result {
  granted: boolean;
  reason: Reason;
  markDay: number;
  notices: number;
  /** T, opened from the enclosure and its MAC checked. */
  tenantSecret?: Uint8Array;
  voucher?: Voucher;
  changeDay?: number;
  emergencyNotice?: EmergencyNotice;
}

/** A RESULT whose resultMac does not verify: from another session or lock, or altered on the way. */
export class ResultMacError extends Error {
  override readonly name = 'ResultMacError';

  constructor(readonly frame: Uint8Array) {
    super('RESULT: its resultMac is wrong (another session, another lock, or altered)');
  }
}

export function resultBytesFor(notices: number): number {
  return (
    RESULT_FIXED_BYTES +
    (notices & NOTICE_TENANT_SECRET ? ENCLOSED_SECRET_BYTES : 0) +
    (notices & NOTICE_VOUCHER ? VOUCHER_BYTES : 0) +
    (notices & NOTICE_CHANGE_DAY ? CHANGE_DAY_BYTES : 0) +
    (notices & NOTICE_EMERGENCY ? EMERGENCY_NOTICE_BYTES : 0)
  );
}

/** The frame, its resultMac computed with K_key for the session `binding`. */
export function encodeResult(fields: ResultFields, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  if (fields.granted !== (fields.reason === Reason.Ok)) throw new RangeError('a grant has reason Ok and a refusal any other reason');
  const notices =
    (fields.enclosedTenantSecret ? NOTICE_TENANT_SECRET : 0) |
    (fields.voucher ? NOTICE_VOUCHER : 0) |
    (fields.changeDay !== undefined ? NOTICE_CHANGE_DAY : 0) |
    (fields.emergencyNotice ? NOTICE_EMERGENCY : 0);
  const head = new Uint8Array(RESULT_PARTS);
  head[0] = FrameType.Result;
  head[RESULT_DECISION] = fields.granted ? DECISION_GRANT : DECISION_DENY;
  head[RESULT_REASON] = fields.reason;
  setU16(head, RESULT_MARK_DAY, fields.markDay);
  head[RESULT_NOTICES] = notices;
  const empty = new Uint8Array(0);
  const covered = concat(
    head,
    fields.enclosedTenantSecret ?? empty,
    fields.voucher ?? empty,
    fields.changeDay !== undefined ? u16le(fields.changeDay) : empty,
    fields.emergencyNotice ? encodeEmergencyNotice(fields.emergencyNotice) : empty,
  );
  if (covered.length + MAC_BYTES !== resultBytesFor(notices)) throw new RangeError('an enclosed part has the wrong length');
  return concat(covered, resultMac(backend, kKey, binding, covered));
}

/**
 * The RESULT's fields, after checking its layout and its resultMac with K_key for the session
 * `binding`, and opening an enclosed tenant secret. Throws ResultMacError for a wrong resultMac,
 * FrameError or Error for anything else wrong.
 */
export function decodeResult(frame: Uint8Array, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): Result {
  expectFrameAtLeast(frame, FrameType.Result, RESULT_FIXED_BYTES, 'RESULT');
  const notices = frame[RESULT_NOTICES]!;
  if ((notices & ~KNOWN_NOTICES) !== 0) throw malformed(`RESULT: notices 0x${notices.toString(16)} set reserved bits`);
  expectFrame(frame, FrameType.Result, resultBytesFor(notices), 'RESULT');
  const end = frame.length - MAC_BYTES;
  if (!bytesEqual(frame.subarray(end), resultMac(backend, kKey, binding, frame.subarray(0, end)))) {
    throw new ResultMacError(frame.slice());
  }
  const decision = frame[RESULT_DECISION]!;
  if (decision !== DECISION_GRANT && decision !== DECISION_DENY) throw malformed(`RESULT: decision ${decision} is not 0 or 1`);
  const reason = frame[RESULT_REASON]!;
  if (reason >= REASON_COUNT) throw malformed(`RESULT: unknown reason ${reason}`);
  const granted = decision === DECISION_GRANT;
  if (granted !== (reason === Reason.Ok)) throw malformed(`RESULT: decision ${decision} with reason ${reason}`);

  const result: Result = { granted, reason, markDay: getU16(frame, RESULT_MARK_DAY), notices };
  let at = RESULT_PARTS;
  const take = (bytes: number): Uint8Array => frame.slice(at, (at += bytes));
  if (notices & NOTICE_TENANT_SECRET) result.tenantSecret = openTenantSecret(backend, kKey, binding.lockNonce, take(ENCLOSED_SECRET_BYTES));
  if (notices & NOTICE_VOUCHER) result.voucher = decodeVoucher(take(VOUCHER_BYTES));
  if (notices & NOTICE_CHANGE_DAY) result.changeDay = getU16(take(CHANGE_DAY_BYTES), 0);
  if (notices & NOTICE_EMERGENCY) result.emergencyNotice = decodeEmergencyNotice(take(EMERGENCY_NOTICE_BYTES));
  return result;
}
