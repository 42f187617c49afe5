/**
 * The two independent implementations agree on random inputs: the firmware's AssemblyScript
 * crypto (every image) against @noble/ciphers, and the host's node:crypto CMAC against noble.
 */
import { rngAesCtrDrbg128 } from '@noble/ciphers/aes.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aesEncryptBlockNoble, cmacNoble } from '../../host/crypto/aes-noble.js';
import { NodeCmac } from '../../host/crypto/aes-node.js';
import { diversifyAes128 } from '../../host/crypto/diversify.js';
import { FixedEntropy } from '../../host/devices/seeded-entropy.js';
import { bootedLock, VARIANTS } from '../support/firmware.js';

/** fast-check seed: a failure reproduces with the same seed, and the run is the same every time. */
const SEED = 0x0c71_5e4d;
const key = fc.uint8Array({ minLength: 16, maxLength: 16 });
const block = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe.each(VARIANTS)('the %s image against @noble/ciphers', (variant) => {
  it('should give the same AES-CMAC tag for 10,000 random keys and messages of 0..64 bytes', () => {
    const { service } = bootedLock(variant);
    fc.assert(
      fc.property(key, fc.uint8Array({ minLength: 0, maxLength: 64 }), (k, message) => {
        service.loadKey(0, k);
        expect(bytesToHex(service.cmac(0, message))).toBe(bytesToHex(cmacNoble(k, message)));
      }),
      { numRuns: 10_000, seed: SEED },
    );
  });

  it('should encrypt 2,000 random blocks under random keys as @noble does', () => {
    const { service } = bootedLock(variant);
    fc.assert(
      fc.property(key, block, (k, plaintext) => {
        service.loadKey(1, k);
        expect(bytesToHex(service.encryptBlock(1, plaintext))).toBe(bytesToHex(aesEncryptBlockNoble(k, plaintext)));
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it('should diversify 2,000 random master keys and inputs of 1..31 bytes as the key side does', () => {
    const { service } = bootedLock(variant);
    fc.assert(
      fc.property(key, fc.uint8Array({ minLength: 1, maxLength: 31 }), (k, input) => {
        service.loadKey(2, k);
        expect(bytesToHex(service.diversify(2, input))).toBe(bytesToHex(diversifyAes128(k, input)));
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it('should draw the same nonce stream as @noble rngAesCtrDrbg128 from the same 32-byte seed', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(fc.integer({ min: 0, max: 256 }), { minLength: 1, maxLength: 4 }), (seed, requests) => {
        const { service } = bootedLock(variant, { entropy: new FixedEntropy(seed) });
        const reference = rngAesCtrDrbg128(seed);
        for (const length of requests) expect(bytesToHex(service.nonce(length))).toBe(bytesToHex(reference.randomBytes(length)));
      }),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe('the host CMAC on node:crypto', () => {
  it('should agree with @noble on 10,000 random keys and messages of 0..64 bytes', () => {
    fc.assert(
      fc.property(key, fc.uint8Array({ minLength: 0, maxLength: 64 }), (k, message) => {
        expect(bytesToHex(new NodeCmac(k).tag(message))).toBe(bytesToHex(cmacNoble(k, message)));
      }),
      { numRuns: 10_000, seed: SEED },
    );
  });
});
