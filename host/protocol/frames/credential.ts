/** The credential (PROTOCOL.md §6): issued by the management system, carried opaque by the key. */
import { Role } from '../../../firmware/abi.js';
import {
  CRED_DWELLING_ID,
  CRED_FIXED_BYTES,
  CRED_FLAGS,
  CRED_GENERATION,
  CRED_GROUP_COUNT,
  CRED_GROUPS,
  CRED_GROUPS_MAX,
  CRED_ISSUED_AT,
  CRED_KEY_ID,
  CRED_ROLE,
  CRED_SITE_ID,
  CRED_VALID_FROM,
  CRED_VALID_UNTIL,
  CRED_VERSION,
  MAC_BYTES,
  PROTOCOL_VERSION,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32, setU8 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { malformed, unsupportedVersion } from '../frame-error.js';
import { credentialIssuerMac } from '../macs.js';

/** `flags` bit 0: a phone key; bits 1-7 are zero (§6). */
export const CREDENTIAL_FLAG_PHONE = 0x01;

export interface CredentialFields {
  role: Role;
  keyId: number;
  siteId: number;
  /** The group id of the holder's dwelling door; 0 = none. */
  dwellingId: number;
  generation: number;
  validFromMinutes: number;
  /** Exclusive. */
  validUntilMinutes: number;
  issuedAtMinutes: number;
  phone: boolean;
  /** 1..8 group ids. */
  groups: readonly number[];
  /** Defaults to 1; another value only to test a lock's refusal. */
  version?: number;
}

export interface Credential extends CredentialFields {
  version: number;
  issuerMac: Uint8Array;
  /** The whole credential as carried, issuer MAC included. */
  bytes: Uint8Array;
}

/** 26 + 2g + 8 bytes. */
export function credentialBytesFor(groupCount: number): number {
  return CRED_FIXED_BYTES + 2 * groupCount;
}

function isRole(value: number): value is Role {
  return value >= Role.Resident && value <= Role.Programming;
}

/** The credential's bytes, with issuerMac = MAC8(K_iss, "CRD" ‖ bytes[0, 26+2g)). */
export function encodeCredential(fields: CredentialFields, kIss: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const groupCount = fields.groups.length;
  if (groupCount < 1 || groupCount > CRED_GROUPS_MAX) throw new RangeError(`a credential has 1..${CRED_GROUPS_MAX} groups, got ${groupCount}`);
  const body = new Uint8Array(CRED_GROUPS + 2 * groupCount);
  setU8(body, CRED_VERSION, fields.version ?? PROTOCOL_VERSION);
  setU8(body, CRED_ROLE, fields.role);
  setU32(body, CRED_KEY_ID, fields.keyId);
  setU16(body, CRED_SITE_ID, fields.siteId);
  setU16(body, CRED_DWELLING_ID, fields.dwellingId);
  setU16(body, CRED_GENERATION, fields.generation);
  setU32(body, CRED_VALID_FROM, fields.validFromMinutes);
  setU32(body, CRED_VALID_UNTIL, fields.validUntilMinutes);
  setU32(body, CRED_ISSUED_AT, fields.issuedAtMinutes);
  setU8(body, CRED_FLAGS, fields.phone ? CREDENTIAL_FLAG_PHONE : 0);
  setU8(body, CRED_GROUP_COUNT, groupCount);
  fields.groups.forEach((group, i) => setU16(body, CRED_GROUPS + 2 * i, group));
  return concat(body, credentialIssuerMac(backend, kIss, body));
}

/**
 * The credential's fields, checked as §7.6 step 1 checks them: length and groupCount 1..8
 * (Malformed), version 1 (UnsupportedVersion, §10), role 1..6 and flag bits 1-7 zero (Malformed).
 * Does not check the issuer MAC (see verifyCredentialIssuerMac).
 */
export function decodeCredential(bytes: Uint8Array): Credential {
  if (bytes.length < CRED_GROUPS) throw malformed(`credential: ${bytes.length} bytes is too short to hold its group count`);
  const groupCount = bytes[CRED_GROUP_COUNT]!;
  if (groupCount < 1 || groupCount > CRED_GROUPS_MAX) throw malformed(`credential: groupCount ${groupCount} is not 1..${CRED_GROUPS_MAX}`);
  if (bytes.length !== credentialBytesFor(groupCount)) {
    throw malformed(`credential: expected ${credentialBytesFor(groupCount)} bytes for ${groupCount} groups, got ${bytes.length}`);
  }
  const version = bytes[CRED_VERSION]!;
  if (version !== PROTOCOL_VERSION) throw unsupportedVersion(`credential: version ${version} is not ${PROTOCOL_VERSION}`);
  const role = bytes[CRED_ROLE]!;
  if (!isRole(role)) throw malformed(`credential: role ${role} is not 1..6`);
  const flags = bytes[CRED_FLAGS]!;
  if ((flags & ~CREDENTIAL_FLAG_PHONE) !== 0) throw malformed(`credential: flags 0x${flags.toString(16)} set reserved bits`);
  const groups: number[] = [];
  for (let i = 0; i < groupCount; i++) groups.push(getU16(bytes, CRED_GROUPS + 2 * i));
  return {
    version,
    role,
    keyId: getU32(bytes, CRED_KEY_ID),
    siteId: getU16(bytes, CRED_SITE_ID),
    dwellingId: getU16(bytes, CRED_DWELLING_ID),
    generation: getU16(bytes, CRED_GENERATION),
    validFromMinutes: getU32(bytes, CRED_VALID_FROM),
    validUntilMinutes: getU32(bytes, CRED_VALID_UNTIL),
    issuedAtMinutes: getU32(bytes, CRED_ISSUED_AT),
    phone: (flags & CREDENTIAL_FLAG_PHONE) !== 0,
    groups,
    issuerMac: bytes.slice(bytes.length - MAC_BYTES),
    bytes: bytes.slice(),
  };
}

/** §7.6 step 3: the issuer MAC over the credential's bytes before it. */
export function verifyCredentialIssuerMac(bytes: Uint8Array, kIss: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (bytes.length < MAC_BYTES) return false;
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  return bytesEqual(bytes.subarray(bytes.length - MAC_BYTES), credentialIssuerMac(backend, kIss, body));
}
