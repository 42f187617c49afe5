/** The key side's encoders and decoders (PROTOCOL.md §5-§9.1) and the MACs they carry. */
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { FrameType, LABEL_CRD, LABEL_ISS, LABEL_K, LABEL_TSK } from '../../firmware/protocol.js';
import { diversifyAes128 } from '../../host/crypto/diversify.js';
import { NO_RELAY_BOUND } from '../../host/link/relay-allowance.js';
import { concat, getU16, getU32, label, setU16, setU32, u16le, u32le } from '../../host/protocol/bytes.js';
import { mac8, nobleBackend, nodeBackend } from '../../host/protocol/crypto-backend.js';
import { keyKey, siteKeys, tenantKeys } from '../../host/protocol/key-hierarchy.js';
import {
  decodeAuth,
  decodeChallenge,
  decodeConsentToken,
  decodeCredential,
  decodeDelta,
  decodeDeltaAck,
  decodeError,
  decodeHello,
  decodeProvisioningRecord,
  decodeResult,
  decodeVoucher,
  encloseTenantSecret,
  encodeAuth,
  encodeChallenge,
  encodeConsentToken,
  encodeCredential,
  encodeDelta,
  encodeDeltaAck,
  encodeError,
  encodeHello,
  encodeProvisioningRecord,
  logPagesFor,
  encodeResult,
  encodeVoucher,
  FrameError,
  openTenantSecret,
  verifyAuthKeyMac,
  verifyConsentTokenMac,
  verifyCredentialIssuerMac,
  verifyDeltaMac,
  verifyVoucherMac,
  type CredentialFields,
  type SessionBinding,
} from '../../host/protocol/frames.js';

const SEED = 0x5e55_10;
const key16 = (start: number) => Uint8Array.from({ length: 16 }, (_, i) => (start + i * 13) & 0xff);
const K_ISS = key16(1);
const K_KEY = key16(2);
const K_TIME = key16(3);
const T_CONS = key16(4);
const BINDING: SessionBinding = { lockId: 0x0a0b0c0d, lockNonce: key16(5), keyNonce: Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2) };
const OTHER_BINDING: SessionBinding = { ...BINDING, lockNonce: key16(6) };

const CREDENTIAL: CredentialFields = {
  role: Role.Resident,
  keyId: 4_000_000_001,
  siteId: 0x0c11,
  dwellingId: 101,
  generation: 3,
  validFromMinutes: 1_000_000,
  validUntilMinutes: 2_000_000,
  issuedAtMinutes: 1_500_000,
  phone: true,
  groups: [101, 10, 65535],
};

function expectFrameError(action: () => unknown, reason: Reason): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).reason).toBe(reason);
    return;
  }
  throw new Error('expected a FrameError');
}

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index]! ^= 0x01;
  return copy;
}

describe('byte helpers', () => {
  it('should write and read integers little-endian', () => {
    const bytes = new Uint8Array(6);
    setU16(bytes, 0, 0x1234);
    setU32(bytes, 2, 0xdeadbeef);
    expect([...bytes]).toEqual([0x34, 0x12, 0xef, 0xbe, 0xad, 0xde]);
    expect(getU16(bytes, 0)).toBe(0x1234);
    expect(getU32(bytes, 2)).toBe(0xdeadbeef);
    expect([...u16le(0xabcd)]).toEqual([0xcd, 0xab]);
    expect([...u32le(1)]).toEqual([1, 0, 0, 0]);
  });

  it('should refuse to write a value that does not fit the field', () => {
    expect(() => setU16(new Uint8Array(2), 0, 0x10000)).toThrow(RangeError);
    expect(() => setU32(new Uint8Array(4), 0, -1)).toThrow(RangeError);
  });

  it('should turn a LABEL_* constant into its 3 ASCII bytes', () => {
    expect(new TextDecoder().decode(label(LABEL_ISS))).toBe('ISS');
    expect(new TextDecoder().decode(label(LABEL_CRD))).toBe('CRD');
    expect(new TextDecoder().decode(label(LABEL_TSK))).toBe('TSK');
  });

  it('should concatenate in order', () => {
    expect([...concat(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3))]).toEqual([1, 2, 3]);
  });
});

describe('crypto backends', () => {
  it('should give the same AES, CMAC and diversification on noble and node:crypto', () => {
    const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
    fc.assert(
      fc.property(bytes(16, 16), bytes(16, 16), bytes(0, 48), bytes(1, 31), (key, block, message, input) => {
        expect(bytesToHex(nodeBackend.aesBlock(key, block))).toBe(bytesToHex(nobleBackend.aesBlock(key, block)));
        expect(bytesToHex(nodeBackend.cmac(key, message))).toBe(bytesToHex(nobleBackend.cmac(key, message)));
        expect(bytesToHex(nodeBackend.diversify(key, input))).toBe(bytesToHex(nobleBackend.diversify(key, input)));
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('should make MAC8 the first 8 bytes of the CMAC over the concatenated parts', () => {
    const tag = nobleBackend.cmac(K_ISS, Uint8Array.of(1, 2, 3, 4));
    expect(bytesToHex(mac8(nobleBackend, K_ISS, Uint8Array.of(1, 2), Uint8Array.of(3, 4)))).toBe(bytesToHex(tag.subarray(0, 8)));
  });
});

describe('key hierarchy (§4)', () => {
  const kSite = key16(7);

  it('should derive the site keys from the label and the site id, little-endian', () => {
    const keys = siteKeys(kSite, 0x0c11);
    expect(bytesToHex(keys.kIss)).toBe(bytesToHex(diversifyAes128(kSite, Uint8Array.of(0x49, 0x53, 0x53, 0x11, 0x0c))));
    expect(bytesToHex(keys.kKm)).toBe(bytesToHex(diversifyAes128(kSite, Uint8Array.of(0x4b, 0x45, 0x59, 0x11, 0x0c))));
    expect(bytesToHex(keys.kProg)).toBe(bytesToHex(diversifyAes128(kSite, Uint8Array.of(0x50, 0x52, 0x47, 0x11, 0x0c))));
    expect(bytesToHex(keys.kTime)).toBe(bytesToHex(diversifyAes128(kSite, Uint8Array.of(0x54, 0x49, 0x4d, 0x11, 0x0c))));
  });

  it('should derive K_key from "K" and the key id, little-endian', () => {
    const kKm = key16(8);
    expect(bytesToHex(keyKey(kKm, 0x01020304))).toBe(bytesToHex(diversifyAes128(kKm, Uint8Array.of(LABEL_K, 4, 3, 2, 1))));
  });

  it('should derive the tenant keys from T and the lock id', () => {
    const t = key16(9);
    const keys = tenantKeys(t, 0x0a0b0c0d);
    expect(bytesToHex(keys.tAuth)).toBe(bytesToHex(diversifyAes128(t, Uint8Array.of(0x54, 0x41, 0x55, 0x0d, 0x0c, 0x0b, 0x0a))));
    expect(bytesToHex(keys.tCons)).toBe(bytesToHex(diversifyAes128(t, Uint8Array.of(0x54, 0x43, 0x4f, 0x0d, 0x0c, 0x0b, 0x0a))));
    expect(bytesToHex(keys.tAtt)).toBe(bytesToHex(diversifyAes128(t, Uint8Array.of(0x54, 0x41, 0x54, 0x0d, 0x0c, 0x0b, 0x0a))));
  });

  it('should derive the same keys on both backends', () => {
    expect(siteKeys(kSite, 7, nodeBackend)).toEqual(siteKeys(kSite, 7, nobleBackend));
  });
});

describe('credential (§6)', () => {
  const bytes = encodeCredential(CREDENTIAL, K_ISS);

  it('should be 26 + 2g + 8 bytes and decode to the fields it was made from', () => {
    expect(bytes.length).toBe(26 + 2 * 3 + 8);
    expect(decodeCredential(bytes)).toMatchObject({ ...CREDENTIAL, version: 1 });
  });

  it('should carry an issuer MAC that verifies under K_iss and not under another key', () => {
    expect(verifyCredentialIssuerMac(bytes, K_ISS)).toBe(true);
    expect(verifyCredentialIssuerMac(bytes, K_KEY)).toBe(false);
    expect(bytesToHex(decodeCredential(bytes).issuerMac)).toBe(bytesToHex(mac8(nobleBackend, K_ISS, label(LABEL_CRD), bytes.subarray(0, 32))));
  });

  it('should fail its issuer MAC when any one byte is changed', () => {
    for (let i = 0; i < bytes.length; i++) expect(verifyCredentialIssuerMac(flipped(bytes, i), K_ISS)).toBe(false);
  });

  it('should refuse a wrong length, a group count outside 1..8, an unknown role or reserved flags as Malformed', () => {
    expectFrameError(() => decodeCredential(bytes.subarray(0, bytes.length - 1)), Reason.Malformed);
    expectFrameError(() => decodeCredential(bytes.subarray(0, 20)), Reason.Malformed);
    const withGroupCount = (g: number) => Object.assign(bytes.slice(), { [25]: g });
    expectFrameError(() => decodeCredential(withGroupCount(0)), Reason.Malformed);
    expectFrameError(() => decodeCredential(withGroupCount(9)), Reason.Malformed);
    expectFrameError(() => decodeCredential(Object.assign(bytes.slice(), { [1]: 0 })), Reason.Malformed);
    expectFrameError(() => decodeCredential(Object.assign(bytes.slice(), { [1]: 7 })), Reason.Malformed);
    expectFrameError(() => decodeCredential(Object.assign(bytes.slice(), { [24]: 0x02 })), Reason.Malformed);
  });

  it('should refuse a version other than 1 as UnsupportedVersion', () => {
    expectFrameError(() => decodeCredential(encodeCredential({ ...CREDENTIAL, version: 2 }, K_ISS)), Reason.UnsupportedVersion);
  });
});

describe('consent token (§6.2) and time voucher (§7.5)', () => {
  it('should round-trip a consent token whose MAC verifies under T_cons only', () => {
    const fields = { keyId: 77, lockId: 2001, validFromMinutes: 10, validUntilMinutes: 20, consentEpoch: 3 };
    const token = encodeConsentToken(fields, T_CONS);
    expect(token.length).toBe(26);
    expect(decodeConsentToken(token)).toMatchObject(fields);
    expect(verifyConsentTokenMac(token, T_CONS)).toBe(true);
    expect(verifyConsentTokenMac(token, K_ISS)).toBe(false);
    for (let i = 0; i < token.length; i++) expect(verifyConsentTokenMac(flipped(token, i), T_CONS)).toBe(false);
  });

  it('should round-trip a voucher whose MAC covers "TIM", the day and the lock id', () => {
    const voucher = encodeVoucher({ day: 812, lockId: 1001 }, K_TIME);
    expect(voucher.length).toBe(14);
    expect(decodeVoucher(voucher)).toMatchObject({ day: 812, lockId: 1001 });
    expect(bytesToHex(voucher.subarray(6))).toBe(bytesToHex(mac8(nobleBackend, K_TIME, Uint8Array.of(0x54, 0x49, 0x4d, 0x2c, 0x03, 0xe9, 0x03, 0, 0))));
    expect(verifyVoucherMac(voucher, K_TIME)).toBe(true);
    for (let i = 0; i < voucher.length; i++) expect(verifyVoucherMac(flipped(voucher, i), K_TIME)).toBe(false);
  });
});

describe('HELLO (§7.2) and CHALLENGE (§7.3)', () => {
  it('should round-trip a 15-byte HELLO', () => {
    const fields = { keyId: 123456789, keyNonce: BINDING.keyNonce, keyFlags: 5 };
    const frame = encodeHello(fields);
    expect(frame.length).toBe(15);
    expect(frame[0]).toBe(FrameType.Hello);
    expect(decodeHello(frame)).toEqual({ ...fields, protocolVersion: 1 });
  });

  it('should refuse a HELLO of another version as UnsupportedVersion and of another length as Malformed', () => {
    expectFrameError(() => decodeHello(encodeHello({ keyId: 1, keyNonce: BINDING.keyNonce, keyFlags: 0, protocolVersion: 2 })), Reason.UnsupportedVersion);
    expectFrameError(() => decodeHello(concat(encodeHello({ keyId: 1, keyNonce: BINDING.keyNonce, keyFlags: 0 }), Uint8Array.of(0))), Reason.Malformed);
  });

  it('should round-trip a 28-byte CHALLENGE and throw on a truncated one', () => {
    const fields = { lockId: BINDING.lockId, lockNonce: BINDING.lockNonce, markDay: 800, blocklistVersion: 70000 };
    const frame = encodeChallenge(fields);
    expect(frame.length).toBe(28);
    expect(decodeChallenge(frame)).toEqual(fields);
    expect(() => decodeChallenge(frame.subarray(0, 27))).toThrow(/CHALLENGE: expected 28 bytes/);
    expect(() => decodeChallenge(encodeError(Reason.Malformed))).toThrow(/CHALLENGE: expected type 0x81/);
  });
});

describe('DELTA and DELTA_ACK (§8)', () => {
  const fields = {
    siteId: 0x0c11,
    fromVersion: 4,
    entries: [
      { op: 'add' as const, keyId: 55, retireDay: 900 },
      { op: 'remove' as const, keyId: 0xffffffff, retireDay: 0 },
    ],
  };
  const frame = encodeDelta(fields, K_ISS);

  it('should be 16 + 7n bytes and round-trip', () => {
    expect(frame.length).toBe(16 + 7 * 2);
    expect(decodeDelta(frame)).toMatchObject(fields);
  });

  it('should carry MAC8(K_iss, "DLT" ‖ frame[1, 8+7n)) that any changed byte after the type breaks', () => {
    expect(verifyDeltaMac(frame, K_ISS)).toBe(true);
    for (let i = 1; i < frame.length; i++) expect(verifyDeltaMac(flipped(frame, i), K_ISS)).toBe(false);
  });

  it('should refuse a count outside 1..16, a length that does not match it, or an unknown op as Malformed', () => {
    expectFrameError(() => decodeDelta(Object.assign(frame.slice(), { [7]: 0 })), Reason.Malformed);
    expectFrameError(() => decodeDelta(Object.assign(frame.slice(), { [7]: 17 })), Reason.Malformed);
    expectFrameError(() => decodeDelta(Object.assign(frame.slice(), { [7]: 3 })), Reason.Malformed);
    expectFrameError(() => decodeDelta(Object.assign(frame.slice(), { [8]: 3 })), Reason.Malformed);
    expectFrameError(() => decodeDelta(frame.subarray(0, 7)), Reason.Malformed);
  });

  it('should round-trip a 6-byte DELTA_ACK', () => {
    const ack = encodeDeltaAck({ reason: Reason.DeltaGap, blocklistVersion: 4 });
    expect(ack.length).toBe(6);
    expect(decodeDeltaAck(ack)).toEqual({ reason: Reason.DeltaGap, blocklistVersion: 4 });
    expect(() => decodeDeltaAck(ack.subarray(0, 5))).toThrow(FrameError);
  });
});

describe('AUTH (§7.4)', () => {
  const credential = encodeCredential(CREDENTIAL, K_ISS);
  const tenantProof = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
  const consentToken = encodeConsentToken({ keyId: 1, lockId: 2, validFromMinutes: 3, validUntilMinutes: 4, consentEpoch: 5 }, T_CONS);
  const voucher = encodeVoucher({ day: 812, lockId: 1001 }, K_TIME);

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('should round-trip with parts %i and be 44 + 2g (+8, +26, +14) bytes', (parts) => {
    const contents = {
      credential,
      ...(parts & 1 ? { tenantProof } : {}),
      ...(parts & 2 ? { consentToken } : {}),
      ...(parts & 4 ? { voucher } : {}),
    };
    const frame = encodeAuth(contents, BINDING, K_KEY);
    expect(frame.length).toBe(44 + 2 * 3 + (parts & 1 ? 8 : 0) + (parts & 2 ? 26 : 0) + (parts & 4 ? 14 : 0));
    const auth = decodeAuth(frame);
    expect(auth.parts).toBe(parts);
    expect(bytesToHex(auth.credential.bytes)).toBe(bytesToHex(credential));
    expect(auth.tenantProof && bytesToHex(auth.tenantProof)).toBe(parts & 1 ? bytesToHex(tenantProof) : undefined);
    expect(auth.consentToken && bytesToHex(auth.consentToken.bytes)).toBe(parts & 2 ? bytesToHex(consentToken) : undefined);
    expect(auth.voucher && bytesToHex(auth.voucher.bytes)).toBe(parts & 4 ? bytesToHex(voucher) : undefined);
  });

  it('should carry a key MAC that verifies for its session only and breaks with any changed byte', () => {
    const frame = encodeAuth({ credential, voucher }, BINDING, K_KEY);
    expect(verifyAuthKeyMac(frame, BINDING, K_KEY)).toBe(true);
    expect(verifyAuthKeyMac(frame, OTHER_BINDING, K_KEY)).toBe(false);
    expect(verifyAuthKeyMac(frame, { ...BINDING, lockId: BINDING.lockId + 1 }, K_KEY)).toBe(false);
    expect(verifyAuthKeyMac(frame, { ...BINDING, keyNonce: new Uint8Array(8) }, K_KEY)).toBe(false);
    for (let i = 0; i < frame.length; i++) expect(verifyAuthKeyMac(flipped(frame, i), BINDING, K_KEY)).toBe(false);
  });

  it('should refuse reserved parts bits or a length that does not match parts and groupCount as Malformed', () => {
    const frame = encodeAuth({ credential }, BINDING, K_KEY);
    expectFrameError(() => decodeAuth(Object.assign(frame.slice(), { [1]: 8 })), Reason.Malformed);
    expectFrameError(() => decodeAuth(Object.assign(frame.slice(), { [1]: 1 })), Reason.Malformed);
    expectFrameError(() => decodeAuth(frame.subarray(0, frame.length - 1)), Reason.Malformed);
    expectFrameError(() => decodeAuth(frame.subarray(0, 27)), Reason.Malformed);
  });
});

describe('RESULT (§7.7) and the enclosed tenant secret (§7.8)', () => {
  const tenantSecret = key16(11);
  const enclosed = encloseTenantSecret(nobleBackend, K_KEY, BINDING.lockNonce, tenantSecret);
  const voucher = encodeVoucher({ day: 812, lockId: 1001 }, K_TIME);

  it('should enclose T as E ‖ MAC8 with E = T XOR AES(K_key, "TSK" ‖ lockNonce[0, 13))', () => {
    const pad = nobleBackend.aesBlock(K_KEY, concat(label(LABEL_TSK), BINDING.lockNonce.subarray(0, 13)));
    expect(bytesToHex(enclosed.subarray(0, 16))).toBe(bytesToHex(tenantSecret.map((b, i) => b ^ pad[i]!)));
    expect(bytesToHex(enclosed.subarray(16))).toBe(bytesToHex(mac8(nobleBackend, K_KEY, label(LABEL_TSK), BINDING.lockNonce, enclosed.subarray(0, 16))));
    expect(bytesToHex(openTenantSecret(nobleBackend, K_KEY, BINDING.lockNonce, enclosed))).toBe(bytesToHex(tenantSecret));
    expect(() => openTenantSecret(nobleBackend, K_KEY, BINDING.lockNonce, flipped(enclosed, 3))).toThrow(/MAC is wrong/);
  });

  it('should round-trip a grant with the tenant secret and a voucher, and open T', () => {
    const frame = encodeResult({ granted: true, reason: Reason.Ok, markDay: 812, enclosedTenantSecret: enclosed, voucher }, BINDING, K_KEY);
    expect(frame.length).toBe(14 + 24 + 14);
    const result = decodeResult(frame, BINDING, K_KEY);
    expect(result).toMatchObject({ granted: true, reason: Reason.Ok, markDay: 812, notices: 3 });
    expect(bytesToHex(result.tenantSecret!)).toBe(bytesToHex(tenantSecret));
    expect(result.voucher).toMatchObject({ day: 812, lockId: 1001 });
  });

  it('should round-trip a TenantChanged refusal with the day of the change', () => {
    const frame = encodeResult({ granted: false, reason: Reason.TenantChanged, markDay: 812, changeDay: 805 }, BINDING, K_KEY);
    expect(frame.length).toBe(14 + 2);
    expect(decodeResult(frame, BINDING, K_KEY)).toMatchObject({ granted: false, reason: Reason.TenantChanged, changeDay: 805, notices: 4 });
  });

  it('should throw on a RESULT of another session or with any changed byte', () => {
    const frame = encodeResult({ granted: false, reason: Reason.Blocked, markDay: 812 }, BINDING, K_KEY);
    expect(() => decodeResult(frame, OTHER_BINDING, K_KEY)).toThrow(/resultMac is wrong/);
    for (let i = 0; i < frame.length; i++) expect(() => decodeResult(flipped(frame, i), BINDING, K_KEY)).toThrow();
  });
});

describe('ERROR (§5) and the provisioning record (§9.1)', () => {
  it('should round-trip a 2-byte ERROR', () => {
    expect([...encodeError(Reason.NotProvisioned)]).toEqual([0xbf, 4]);
    expect(decodeError(encodeError(Reason.NotProvisioned))).toBe(Reason.NotProvisioned);
    expect(() => decodeError(Uint8Array.of(0xbf))).toThrow(FrameError);
  });

  const fields = {
    siteId: 0x0c11,
    lockId: 2001,
    privateDwelling: 101,
    groups: [101, 20],
    keys: { kIss: key16(20), kKm: key16(21), kProg: key16(22), kTime: key16(23) },
    markDay: 800,
    blocklistCapacity: 3000,
    generationTableCapacity: 256,
    timeStepMaxDays: 31,
    energy: { releaseUj: 1602, pageWriteUj: 40, pageShift: 6 },
  };
  const record = encodeProvisioningRecord(fields);

  it('should round-trip a 120-byte record with unused groups zero, and no log pages and no relay bound by default', () => {
    expect(record.length).toBe(120);
    expect(decodeProvisioningRecord(record)).toEqual({ ...fields, version: 1, logPages: 0, relay: NO_RELAY_BOUND });
    expect(record.subarray(104).every((b) => b === 0)).toBe(true);
    expect(record.subarray(14, 26).every((b) => b === 0)).toBe(true);
    expect(record[103]).toBe(0);
  });

  it('should carry the log pages (§9.1) as the last byte: ceil(entries / 7) + 1 for a log of at least that many entries', () => {
    expect(logPagesFor(0)).toBe(0);
    expect(logPagesFor(1_000)).toBe(144); // the reference profile: 143 full pages hold 1,001 entries
    expect(() => logPagesFor(1_779)).toThrow(RangeError); // 256 pages: more than the u8 holds
    const withLog = encodeProvisioningRecord({ ...fields, logPages: 144 });
    expect(withLog[103]).toBe(144);
    expect(decodeProvisioningRecord(withLog).logPages).toBe(144);
    expect(() => encodeProvisioningRecord({ ...fields, logPages: 1 })).toThrow(RangeError);
  });

  it('should refuse a record with a field out of range as Malformed and another version as UnsupportedVersion', () => {
    const patched = (offset: number, value: number, bytes: 1 | 2 = 1) => {
      const copy = record.slice();
      if (bytes === 1) copy[offset] = value;
      else setU16(copy, offset, value);
      return copy;
    };
    expectFrameError(() => decodeProvisioningRecord(record.subarray(0, 119)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(0, 2)), Reason.UnsupportedVersion);
    expectFrameError(() => decodeProvisioningRecord(patched(9, 0)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(9, 9)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(12, 0, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(14, 5, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(92, 0, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(94, 1025, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(96, 0, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(96, 367, 2)), Reason.Malformed);
    expectFrameError(() => decodeProvisioningRecord(patched(102, 7)), Reason.Malformed); // pageShift above PAGE_SHIFT_MAX
    expectFrameError(() => decodeProvisioningRecord(patched(103, 1)), Reason.Malformed); // a log ring of one page
  });
});
