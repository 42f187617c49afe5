/**
 * AUTH, key → lock (PROTOCOL.md §7.4): type ‖ parts ‖ credential ‖ [tenantProof] ‖ [consent token]
 * ‖ [voucher] ‖ keyMac; 44 + 2g bytes, + 8, + 26, + 14 for the optional parts.
 */
import {
  AUTH_CREDENTIAL,
  AUTH_PART_CONSENT,
  AUTH_PART_TENANT_PROOF,
  AUTH_PART_VOUCHER,
  AUTH_PARTS,
  CONSENT_BYTES,
  CRED_GROUP_COUNT,
  CRED_GROUPS,
  CRED_GROUPS_MAX,
  FrameType,
  MAC_BYTES,
  VOUCHER_BYTES,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, expectFrameAtLeast, malformed } from '../frame-error.js';
import { authKeyMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';
import { credentialBytesFor, decodeCredential, type Credential } from './credential.js';
import { decodeConsentToken, type ConsentToken } from './consent-token.js';
import { decodeVoucher, type Voucher } from './voucher.js';

const KNOWN_PARTS = AUTH_PART_TENANT_PROOF | AUTH_PART_CONSENT | AUTH_PART_VOUCHER;

export interface AuthContents {
  /** The credential's bytes as issued (§6). */
  credential: Uint8Array;
  /** 8 bytes: MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId). */
  tenantProof?: Uint8Array;
  /** 26 bytes (§6.2). */
  consentToken?: Uint8Array;
  /** 14 bytes (§7.5). */
  voucher?: Uint8Array;
}

export interface Auth {
  parts: number;
  credential: Credential;
  tenantProof?: Uint8Array;
  consentToken?: ConsentToken;
  voucher?: Voucher;
  keyMac: Uint8Array;
}

/** The frame's length for a credential of `groupCount` groups and the given `parts` bits. */
export function authBytesFor(groupCount: number, parts: number): number {
  return (
    AUTH_CREDENTIAL +
    credentialBytesFor(groupCount) +
    (parts & AUTH_PART_TENANT_PROOF ? MAC_BYTES : 0) +
    (parts & AUTH_PART_CONSENT ? CONSENT_BYTES : 0) +
    (parts & AUTH_PART_VOUCHER ? VOUCHER_BYTES : 0) +
    MAC_BYTES
  );
}

function expectLength(part: Uint8Array | undefined, bytes: number, name: string): void {
  if (part !== undefined && part.length !== bytes) throw new RangeError(`${name}: expected ${bytes} bytes, got ${part.length}`);
}

/** The frame, its keyMac computed with K_key for the session `binding`. */
export function encodeAuth(contents: AuthContents, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  expectLength(contents.tenantProof, MAC_BYTES, 'tenant proof');
  expectLength(contents.consentToken, CONSENT_BYTES, 'consent token');
  expectLength(contents.voucher, VOUCHER_BYTES, 'voucher');
  const parts =
    (contents.tenantProof ? AUTH_PART_TENANT_PROOF : 0) | (contents.consentToken ? AUTH_PART_CONSENT : 0) | (contents.voucher ? AUTH_PART_VOUCHER : 0);
  const empty = new Uint8Array(0);
  const covered = concat(
    Uint8Array.of(FrameType.Auth, parts),
    contents.credential,
    contents.tenantProof ?? empty,
    contents.consentToken ?? empty,
    contents.voucher ?? empty,
  );
  return concat(covered, authKeyMac(backend, kKey, binding, covered));
}

/**
 * §7.6 step 1: the frame's length for its parts and groupCount, reserved parts bits zero, and the
 * credential's fields (see decodeCredential). Throws FrameError. Checks no MAC.
 */
export function decodeAuth(frame: Uint8Array): Auth {
  expectFrameAtLeast(frame, FrameType.Auth, AUTH_CREDENTIAL + CRED_GROUPS, 'AUTH');
  const parts = frame[AUTH_PARTS]!;
  if ((parts & ~KNOWN_PARTS) !== 0) throw malformed(`AUTH: parts 0x${parts.toString(16)} set reserved bits`);
  const groupCount = frame[AUTH_CREDENTIAL + CRED_GROUP_COUNT]!;
  if (groupCount < 1 || groupCount > CRED_GROUPS_MAX) throw malformed(`AUTH: credential groupCount ${groupCount} is not 1..${CRED_GROUPS_MAX}`);
  expectFrame(frame, FrameType.Auth, authBytesFor(groupCount, parts), 'AUTH');

  let at = AUTH_CREDENTIAL;
  const take = (bytes: number): Uint8Array => frame.slice(at, (at += bytes));
  const credential = decodeCredential(take(credentialBytesFor(groupCount)));
  const auth: Auth = { parts, credential, keyMac: frame.slice(frame.length - MAC_BYTES) };
  if (parts & AUTH_PART_TENANT_PROOF) auth.tenantProof = take(MAC_BYTES);
  if (parts & AUTH_PART_CONSENT) auth.consentToken = decodeConsentToken(take(CONSENT_BYTES));
  if (parts & AUTH_PART_VOUCHER) auth.voucher = decodeVoucher(take(VOUCHER_BYTES));
  return auth;
}

/** §7.6 step 4: keyMac over the frame before it, for the session `binding`. */
export function verifyAuthKeyMac(frame: Uint8Array, binding: SessionBinding, kKey: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (frame.length < MAC_BYTES) return false;
  const end = frame.length - MAC_BYTES;
  return bytesEqual(frame.subarray(end), authKeyMac(backend, kKey, binding, frame.subarray(0, end)));
}
