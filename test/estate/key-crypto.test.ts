/**
 * The estate key's fast crypto (sim/estate/crypto/aes-block.ts, its block function, and
 * word-cmac.ts, kept schedules over it) against the published vectors and the key side's own
 * (@noble one-shot, host/crypto): the same blocks, the same tags, the same diversified keys, the
 * same tenant keys, on random inputs.
 */
import { cmac, ecb } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diversifyAes128 } from '../../host/crypto/diversify.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { fips197, hex, rfc4493 } from '../../host/vectors/published.js';
import { cachedKeyBackend } from '../../sim/estate/crypto/cached-backend.js';
import { encryptBlock, expandKey } from '../../sim/estate/crypto/aes-block.js';
import { cmacInto, cmacKey, diversifyWords, MAC_SCRATCH_BYTES, MacScratch } from '../../sim/estate/crypto/word-cmac.js';
import { Role } from '../../firmware/abi.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import { CredentialRefresher } from '../../sim/estate/keys/credential-refresh.js';
import { EstateKey } from '../../sim/estate/keys/estate-key.js';

const key16 = fc.uint8Array({ minLength: 16, maxLength: 16 });

/** One block through the estate's block function, bytes in and out. */
function tableEncrypt(key: Uint8Array, block: Uint8Array): Uint8Array {
  const words = new Int32Array(block.slice().buffer);
  const out = new Int32Array(4);
  encryptBlock(expandKey(key), words[0]!, words[1]!, words[2]!, words[3]!, out);
  return new Uint8Array(out.buffer);
}

describe('the estate key side\'s AES block function', () => {
  it('should encrypt the FIPS-197 vectors', () => {
    const { vectors } = fips197();
    expect(vectors.length).toBeGreaterThan(0);
    for (const vector of vectors) expect(Buffer.from(tableEncrypt(hex(vector.key), hex(vector.plaintext))).toString('hex')).toBe(vector.ciphertext);
  });

  it('should give noble\'s ciphertext for any key and block', () => {
    fc.assert(
      fc.property(key16, key16, (key, block) => {
        expect(Buffer.from(tableEncrypt(key, block))).toEqual(Buffer.from(ecb(key, { disablePadding: true }).encrypt(block)));
      }),
      { numRuns: 2000 },
    );
  });

  it('should refuse a key that is not 16 bytes', () => {
    expect(() => expandKey(new Uint8Array(24))).toThrow(/16-byte key/);
  });
});

describe('the estate key side\'s CMAC on kept schedules', () => {
  it('should give the tags and subkeys of RFC 4493\'s examples', () => {
    const file = rfc4493();
    const ready = cmacKey(hex(file.key));
    expect(Buffer.from(ready.k1.buffer).toString('hex')).toBe(file.subkeys.k1);
    expect(Buffer.from(ready.k2.buffer).toString('hex')).toBe(file.subkeys.k2);
    const scratch = new MacScratch();
    for (const vector of file.vectors) {
      const message = hex(vector.message);
      scratch.bytes.set(message);
      cmacInto(ready, scratch, message.length);
      expect(Buffer.from(scratch.tag).toString('hex')).toBe(vector.tag);
    }
  });

  it('should give the tag of noble\'s one-shot CMAC for any key and message (RFC 4493)', () => {
    const scratch = new MacScratch();
    fc.assert(
      fc.property(key16, fc.uint8Array({ minLength: 0, maxLength: MAC_SCRATCH_BYTES - 16 }), (key, message) => {
        scratch.bytes.set(message);
        cmacInto(cmacKey(key), scratch, message.length);
        expect(Buffer.from(scratch.tag).toString('hex')).toBe(Buffer.from(cmac(message, key)).toString('hex'));
      }),
      { numRuns: 2000 },
    );
  });

  it('should reuse one schedule for many messages without a stale state between them', () => {
    const key = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    const ready = cmacKey(key);
    const scratch = new MacScratch();
    for (let length = 0; length <= 64; length++) {
      const message = Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);
      scratch.bytes.set(message);
      cmacInto(ready, scratch, length);
      expect(Buffer.from(scratch.tag)).toEqual(Buffer.from(cmac(message, key)));
    }
  });

  it('should diversify keys as AN10922 §2.2 does on the key side, on both padding paths', () => {
    const scratch = new MacScratch();
    fc.assert(
      fc.property(key16, fc.uint8Array({ minLength: 1, maxLength: 31 }), (key, input) => {
        expect(Buffer.from(diversifyWords(cmacKey(key), input, scratch))).toEqual(Buffer.from(diversifyAes128(key, input)));
      }),
      { numRuns: 1000 },
    );
  });

  it('should derive T_auth and T_cons from a tenant secret as PROTOCOL.md §4.2 does', () => {
    fc.assert(
      fc.property(key16, fc.integer({ min: 0, max: 0xffff_ffff }), (secret, lockId) => {
        const key = new EstateKey(1, 'physical', new Uint8Array(16), new Uint8Array(36), 1);
        key.holdTenantSecret(lockId, secret);
        const expected = tenantKeys(secret, lockId, nobleBackend);
        const hold = key.tenant.get(lockId)!;
        expect(Buffer.from(hold.tCons)).toEqual(Buffer.from(expected.tCons));
        // An expanded AES-128 schedule starts with the key itself (FIPS-197 §5.2).
        expect(Buffer.from(hold.tAuth.xk.buffer, hold.tAuth.xk.byteOffset, 16)).toEqual(Buffer.from(expected.tAuth));
      }),
      { numRuns: 300 },
    );
  });

  it('should make the management system\'s credentials and K_keys byte for byte as the noble backend does', () => {
    const cached = cachedKeyBackend();
    fc.assert(
      fc.property(key16, fc.uint8Array({ minLength: 1, maxLength: 120 }), fc.uint8Array({ minLength: 1, maxLength: 31 }), (key, message, input) => {
        expect(Buffer.from(cached.cmac(key, message))).toEqual(Buffer.from(nobleBackend.cmac(key, message)));
        expect(Buffer.from(cached.diversify(key, input))).toEqual(Buffer.from(nobleBackend.diversify(key, input)));
      }),
      { numRuns: 500 },
    );
  });

  it("should re-issue a phone's credential with a fresh issuedAt exactly as the management system issues it (§3, §6)", () => {
    fc.assert(
      fc.property(key16, fc.integer({ min: 1, max: 0xffff }), fc.array(fc.integer({ min: 1, max: 0xffff }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 2 ** 31 }), (siteKey, siteId, groups, issuedAt) => {
        const management = new ManagementSystem({ siteKey, siteId });
        const request = { role: Role.Resident, keyId: 1_000_000_007, dwellingId: 12, generation: 2, validFromMinutes: 1000, validUntilMinutes: 2 ** 31 + 5, groups, phone: true };
        const first = management.issueCredential({ ...request, issuedAtMinutes: 5 });
        const again = new CredentialRefresher(siteKey, siteId).reissue(first, issuedAt);
        expect(Buffer.from(again)).toEqual(Buffer.from(management.issueCredential({ ...request, issuedAtMinutes: issuedAt })));
      }),
      { numRuns: 200 },
    );
  });
});
