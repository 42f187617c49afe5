/** The time voucher (PROTOCOL.md §7.5): `day ‖ lockId ‖ MAC8(K_time, "TIM" ‖ day ‖ lockId)`, 14 bytes. */
import { VOUCHER_BYTES, VOUCHER_DAY, VOUCHER_LOCK_ID, VOUCHER_MAC } from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { malformed } from '../frame-error.js';
import { voucherMac } from '../macs.js';

export interface VoucherFields {
  day: number;
  /** The lock that vouches. */
  lockId: number;
}

export interface Voucher extends VoucherFields {
  mac: Uint8Array;
  bytes: Uint8Array;
}

export function encodeVoucher(fields: VoucherFields, kTime: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const body = new Uint8Array(VOUCHER_MAC);
  setU16(body, VOUCHER_DAY, fields.day);
  setU32(body, VOUCHER_LOCK_ID, fields.lockId);
  return concat(body, voucherMac(backend, kTime, fields.day, fields.lockId));
}

export function decodeVoucher(bytes: Uint8Array): Voucher {
  if (bytes.length !== VOUCHER_BYTES) throw malformed(`voucher: expected ${VOUCHER_BYTES} bytes, got ${bytes.length}`);
  return {
    day: getU16(bytes, VOUCHER_DAY),
    lockId: getU32(bytes, VOUCHER_LOCK_ID),
    mac: bytes.slice(VOUCHER_MAC),
    bytes: bytes.slice(),
  };
}

export function verifyVoucherMac(bytes: Uint8Array, kTime: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (bytes.length !== VOUCHER_BYTES) return false;
  const { day, lockId } = decodeVoucher(bytes);
  return bytesEqual(bytes.subarray(VOUCHER_MAC), voucherMac(backend, kTime, day, lockId));
}
