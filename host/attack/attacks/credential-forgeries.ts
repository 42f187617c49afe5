/**
 * The ways the holder of a key can alter its credential (PROTOCOL.md §6): every field the lock
 * relies on, each changed towards what would open the door. The holder has its own K_key, so its
 * AUTH carries a valid key MAC; it lacks K_iss, so the issuer MAC stays the one it was issued with
 * (or one it makes up). Each forgery names the reason §7.6 gives it.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { MAC_BYTES } from '../../../firmware/protocol.js';
import { concat } from '../../protocol/bytes.js';
import { decodeCredential, encodeCredential, type Credential, type CredentialFields } from '../../protocol/frames.js';
import { DWELLING_A, FRONT_DOOR, minutesAt, SITE_ID, START_DAY, STORAGE_ROOM } from '../attack-site.js';

export interface CredentialForgery {
  /** The field altered. */
  field: string;
  /** What the lock must answer (§7.6 step 1-3). */
  expected: Reason;
  /** The forged credential's bytes. */
  credential: Uint8Array;
  /** The keyId the forger's HELLO names (its own unless it claims another key's). */
  helloKeyId: number;
}

/** A key that holds K_key for one keyId only; its credential was issued under K_iss. */
export interface Forger {
  keyId: number;
  credential: Uint8Array;
  /** Its own K_key: MACs the forger can make. */
  kKey: Uint8Array;
}

/** Another key of the site whose id the forger may claim. */
export const VICTIM_KEY_ID = 302;

/** A contractor's credential of the storage room, expired the day before START_DAY: it opens nothing at the front door. */
export function forgerRequest(keyId: number) {
  return {
    role: Role.Contractor,
    keyId,
    dwellingId: 0,
    generation: 0,
    validFromMinutes: minutesAt(START_DAY - 60),
    validUntilMinutes: minutesAt(START_DAY - 1),
    issuedAtMinutes: minutesAt(START_DAY - 60),
    groups: [STORAGE_ROOM],
  };
}

/** The credential with `changes` and the issuer MAC it was issued with. */
function altered(genuine: Credential, changes: Partial<CredentialFields>): Uint8Array {
  // The body is encoded with a key the forger makes up; only its bytes are kept, not its MAC.
  const body = encodeCredential({ ...genuine, ...changes }, new Uint8Array(16)).subarray(0, -MAC_BYTES);
  return concat(body, genuine.issuerMac);
}

/** `bytes` with one byte XORed. */
function flipped(bytes: Uint8Array, at: number, mask: number): Uint8Array {
  const copy = bytes.slice();
  copy[at]! ^= mask;
  return copy;
}

export function credentialForgeries(forger: Forger): CredentialForgery[] {
  const genuine = decodeCredential(forger.credential);
  const own = forger.keyId;
  const forgery = (field: string, expected: Reason, credential: Uint8Array, helloKeyId = own): CredentialForgery => ({ field, expected, credential, helloKeyId });
  const macAt = forger.credential.length - MAC_BYTES;
  const selfMade = encodeCredential({ ...genuine, validUntilMinutes: minutesAt(START_DAY + 365), groups: [FRONT_DOOR] }, forger.kKey);
  return [
    forgery('role: emergency', Reason.BadIssuerMac, altered(genuine, { role: Role.Emergency })),
    forgery('role: resident of dwelling A', Reason.BadIssuerMac, altered(genuine, { role: Role.Resident, dwellingId: DWELLING_A, generation: 1 })),
    forgery('role: out of range (7)', Reason.Malformed, flipped(forger.credential, 1, Role.Contractor ^ 7)),
    forgery("keyId: another key's, own HELLO", Reason.KeyMismatch, altered(genuine, { keyId: VICTIM_KEY_ID })),
    forgery("keyId: another key's, HELLO as that key", Reason.BadIssuerMac, altered(genuine, { keyId: VICTIM_KEY_ID }), VICTIM_KEY_ID),
    forgery('site: another site', Reason.WrongSite, altered(genuine, { siteId: SITE_ID ^ 0x0100 })),
    forgery('dwelling: dwelling A', Reason.BadIssuerMac, altered(genuine, { dwellingId: DWELLING_A })),
    forgery('generation: a newer one', Reason.BadIssuerMac, altered(genuine, { generation: 7 })),
    forgery('validity window: validFrom earlier', Reason.BadIssuerMac, altered(genuine, { validFromMinutes: minutesAt(START_DAY - 365) })),
    forgery('validity window: validUntil a year on', Reason.BadIssuerMac, altered(genuine, { validUntilMinutes: minutesAt(START_DAY + 365) })),
    forgery('issue time: today', Reason.BadIssuerMac, altered(genuine, { issuedAtMinutes: minutesAt(START_DAY) })),
    forgery('flags: phone key', Reason.BadIssuerMac, altered(genuine, { phone: true })),
    forgery('flags: a reserved bit', Reason.Malformed, flipped(forger.credential, 24, 0x02)),
    forgery('groups: the front door instead', Reason.BadIssuerMac, altered(genuine, { groups: [FRONT_DOOR] })),
    forgery('groups: the front door added', Reason.BadIssuerMac, altered(genuine, { groups: [STORAGE_ROOM, FRONT_DOOR] })),
    forgery('version: 2', Reason.UnsupportedVersion, altered(genuine, { version: 2 })),
    forgery('issuer MAC: one bit flipped', Reason.BadIssuerMac, flipped(forger.credential, macAt, 0x01)),
    forgery('issuer MAC: all zero', Reason.BadIssuerMac, concat(forger.credential.subarray(0, macAt), new Uint8Array(MAC_BYTES))),
    forgery("issuer MAC: made with the key's own K_key", Reason.BadIssuerMac, selfMade),
    forgery('every field: a year on, the front door, emergency', Reason.BadIssuerMac, altered(genuine, { role: Role.Emergency, validUntilMinutes: minutesAt(START_DAY + 365), issuedAtMinutes: minutesAt(START_DAY), groups: [FRONT_DOOR] })),
  ];
}
