/**
 * RESULT, lock → key (PROTOCOL.md §7.7): type ‖ decision ‖ reason ‖ markDay ‖ notices ‖ enclosed
 * parts in bit order (tenant secret 24, voucher 14, changeDay 2) ‖ resultMac.
 */
import { REASON_COUNT, Reason } from '../../../firmware/abi.js';
import {
  ENCLOSED_SECRET_BYTES,
  FrameType,
  MAC_BYTES,
  NOTICE_CHANGE_DAY,
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
import { bytesEqual, concat, getU16, setU16, u16le } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, expectFrameAtLeast, malformed } from '../frame-error.js';
import { resultMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';
import { openTenantSecret } from '../tenant-secret-enclosure.js';
import { decodeVoucher, type Voucher } from './voucher.js';

const DECISION_DENY = 0;
const DECISION_GRANT = 1;
const KNOWN_NOTICES = NOTICE_TENANT_SECRET | NOTICE_VOUCHER | NOTICE_CHANGE_DAY;
const CHANGE_DAY_BYTES = 2;

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
    (notices & NOTICE_CHANGE_DAY ? CHANGE_DAY_BYTES : 0)
  );
}

/** The frame, its resultMac computed with K_key for the session `binding`. */
export function encodeResult(fields: ResultFields, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  if (fields.granted !== (fields.reason === Reason.Ok)) throw new RangeError('a grant has reason Ok and a refusal any other reason');
  const notices =
    (fields.enclosedTenantSecret ? NOTICE_TENANT_SECRET : 0) | (fields.voucher ? NOTICE_VOUCHER : 0) | (fields.changeDay !== undefined ? NOTICE_CHANGE_DAY : 0);
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
  return result;
}
