/**
 * Published vectors through both implementations: the firmware (every image) and the key side
 * on @noble/ciphers and node:crypto. Sources are named in each vector file (firmware/vectors/).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { aesEncryptBlockNoble, cmacNoble } from '../../host/crypto/aes-noble.js';
import { NodeCmac, nodeBlockEncrypt } from '../../host/crypto/aes-node.js';
import { cmacSubkeys } from '../../host/crypto/cmac-core.js';
import { diversifyAes128, diversifyWith } from '../../host/crypto/diversify.js';
import { FixedEntropy } from '../../host/devices/seeded-entropy.js';
import { an10922, drbgSeedMaterial, fips197, hex, rfc4493, sp80090aCtrDrbg } from '../../host/vectors/published.js';
import { rngAesCtrDrbg128 } from '@noble/ciphers/aes.js';
import { bootedLock, VARIANTS } from '../support/firmware.js';

const aes = fips197();
const cmac = rfc4493();
const diversification = an10922();
const drbg = sp80090aCtrDrbg();

describe.each(VARIANTS)('the %s image', (variant) => {
  it.each(aes.vectors)('should encrypt $name (FIPS-197)', (vector) => {
    const { service } = bootedLock(variant);
    service.loadKey(0, hex(vector.key));
    expect(bytesToHex(service.encryptBlock(0, hex(vector.plaintext)))).toBe(vector.ciphertext);
  });

  it('should expand the FIPS-197 Appendix A.1 key into exactly its 176 round-key bytes', () => {
    const { firmware, service } = bootedLock(variant);
    const [expansion] = aes.keyExpansion;
    service.loadKey(3, hex(expansion!.key));
    // The round keys are in the firmware's private RAM; find them there byte for byte.
    expect(bytesToHex(firmware.snapshotMemory())).toContain(expansion!.roundKeys);
  });

  it.each(cmac.vectors)('should compute the RFC 4493 tag for $name', (vector) => {
    const { service } = bootedLock(variant);
    service.loadKey(1, hex(cmac.key));
    expect(bytesToHex(service.cmac(1, hex(vector.message)))).toBe(vector.tag);
  });

  it.each(diversification.vectors)('should diversify per AN10922: $name', (vector) => {
    const { service } = bootedLock(variant);
    service.loadKey(2, hex(vector.masterKey));
    expect(bytesToHex(service.diversify(2, hex(vector.input)))).toBe(vector.diversifiedKey);
  });

  it.each(drbg.vectors)('should reproduce the CAVP CTR_DRBG output for $name', (vector) => {
    const { service } = bootedLock(variant, { entropy: new FixedEntropy(drbgSeedMaterial(vector)) });
    service.nonce(64); // CAVP no-reseed procedure: the first 512 bits are discarded
    expect(bytesToHex(service.nonce(64))).toBe(vector.returnedBits);
  });
});

describe('the key side (host) crypto', () => {
  it.each(aes.vectors)('should encrypt $name on @noble and node:crypto (FIPS-197)', (vector) => {
    expect(bytesToHex(aesEncryptBlockNoble(hex(vector.key), hex(vector.plaintext)))).toBe(vector.ciphertext);
    expect(bytesToHex(nodeBlockEncrypt(hex(vector.key))(hex(vector.plaintext)))).toBe(vector.ciphertext);
  });

  it('should derive the RFC 4493 §4 subkeys K1 and K2', () => {
    const { k1, k2 } = cmacSubkeys(nodeBlockEncrypt(hex(cmac.key)));
    expect(bytesToHex(k1)).toBe(cmac.subkeys.k1);
    expect(bytesToHex(k2)).toBe(cmac.subkeys.k2);
  });

  it.each(cmac.vectors)('should compute the RFC 4493 tag for $name on @noble and node:crypto', (vector) => {
    expect(bytesToHex(cmacNoble(hex(cmac.key), hex(vector.message)))).toBe(vector.tag);
    expect(bytesToHex(new NodeCmac(hex(cmac.key)).tag(hex(vector.message)))).toBe(vector.tag);
  });

  it.each(diversification.vectors)('should diversify per AN10922 on @noble and node:crypto: $name', (vector) => {
    expect(bytesToHex(diversifyAes128(hex(vector.masterKey), hex(vector.input)))).toBe(vector.diversifiedKey);
    expect(bytesToHex(diversifyWith(nodeBlockEncrypt(hex(vector.masterKey)), hex(vector.input)))).toBe(vector.diversifiedKey);
  });

  it('should give a different key than plain CMAC for a short AN10922 input (padding to 32 bytes, not 16)', () => {
    const [published] = diversification.vectors;
    const key = hex(published!.masterKey);
    const input = hex('010203');
    const plainCmac = cmacNoble(key, Uint8Array.of(0x01, ...input));
    expect(bytesToHex(diversifyAes128(key, input))).not.toBe(bytesToHex(plainCmac));
  });

  it('should refuse an AN10922 input of 0 or more than 31 bytes', () => {
    const key = new Uint8Array(16);
    expect(() => diversifyAes128(key, new Uint8Array(0))).toThrow(RangeError);
    expect(() => diversifyAes128(key, new Uint8Array(32))).toThrow(RangeError);
  });

  it.each(drbg.vectors)('should agree with @noble rngAesCtrDrbg128 on $name', (vector) => {
    const generator = rngAesCtrDrbg128(hex(vector.entropyInput), vector.personalizationString ? hex(vector.personalizationString) : undefined);
    generator.randomBytes(64);
    expect(bytesToHex(generator.randomBytes(64))).toBe(vector.returnedBits);
  });
});
