/** The consent token (PROTOCOL.md §6.2): made by the tenant for one contractor's or care worker's key. */
import {
  CONSENT_BYTES,
  CONSENT_EPOCH,
  CONSENT_KEY_ID,
  CONSENT_LOCK_ID,
  CONSENT_MAC,
  CONSENT_VALID_FROM,
  CONSENT_VALID_UNTIL,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { malformed } from '../frame-error.js';
import { consentTokenMac } from '../macs.js';

export interface ConsentTokenFields {
  /** The key the token is for. */
  keyId: number;
  lockId: number;
  validFromMinutes: number;
  /** Exclusive. */
  validUntilMinutes: number;
  consentEpoch: number;
}

export interface ConsentToken extends ConsentTokenFields {
  mac: Uint8Array;
  bytes: Uint8Array;
}

/** The 26-byte token with MAC8(T_cons, "CNS" ‖ bytes[0, 18)). */
export function encodeConsentToken(fields: ConsentTokenFields, tCons: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const body = new Uint8Array(CONSENT_MAC);
  setU32(body, CONSENT_KEY_ID, fields.keyId);
  setU32(body, CONSENT_LOCK_ID, fields.lockId);
  setU32(body, CONSENT_VALID_FROM, fields.validFromMinutes);
  setU32(body, CONSENT_VALID_UNTIL, fields.validUntilMinutes);
  setU16(body, CONSENT_EPOCH, fields.consentEpoch);
  return concat(body, consentTokenMac(backend, tCons, body));
}

export function decodeConsentToken(bytes: Uint8Array): ConsentToken {
  if (bytes.length !== CONSENT_BYTES) throw malformed(`consent token: expected ${CONSENT_BYTES} bytes, got ${bytes.length}`);
  return {
    keyId: getU32(bytes, CONSENT_KEY_ID),
    lockId: getU32(bytes, CONSENT_LOCK_ID),
    validFromMinutes: getU32(bytes, CONSENT_VALID_FROM),
    validUntilMinutes: getU32(bytes, CONSENT_VALID_UNTIL),
    consentEpoch: getU16(bytes, CONSENT_EPOCH),
    mac: bytes.slice(CONSENT_MAC),
    bytes: bytes.slice(),
  };
}

export function verifyConsentTokenMac(bytes: Uint8Array, tCons: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (bytes.length !== CONSENT_BYTES) return false;
  return bytesEqual(bytes.subarray(CONSENT_MAC), consentTokenMac(backend, tCons, bytes.subarray(0, CONSENT_MAC)));
}
