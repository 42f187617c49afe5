/**
 * The nonce generator (assembly/crypto/ctr-drbg.ts): CTR_DRBG (SP 800-90A §10.2.1) whose seeding
 * uses Instantiate's constant keystream and whose Update after a challenge nonce waits for the next
 * request. Neither may change a byte of its output, and its work report counts what it computes.
 */
import { createCipheriv } from 'node:crypto';
import { rngAesCtrDrbg128 } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkOp } from '../../firmware/abi.js';
import { KEY_NONCE_BYTES } from '../../firmware/protocol.js';
import { RepeatingEntropy } from '../../host/devices/seeded-entropy.js';
import { CryptoService } from '../../host/firmware/crypto-service.js';
import { loadImage } from '../../host/firmware/image.js';
import { decodeChallenge, encodeHello } from '../../host/protocol/frames.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';
import { COMMON_LOCK, provisionedFirmwareLock, testManagement } from '../support/site.js';

/** 32 bytes of seed material, the same at every power-up. */
const SEED = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + 3 * i);
/** The largest service nonce the property draws (the export allows 256). */
const LONGEST_NONCE = 64;

/** AES-128(0^128, 0^127 ‖ 1) ‖ AES-128(0^128, 0^126 ‖ 10): Update's keystream from Key = V = 0. */
function instantiateKeystream(): Buffer {
  const cipher = createCipheriv('aes-128-ecb', Buffer.alloc(16), null).setAutoPadding(false);
  const counters = Buffer.alloc(32);
  counters[15] = 1;
  counters[31] = 2;
  return cipher.update(counters);
}

type Request = { kind: 'challenge' } | { kind: 'nonce'; length: number };

/** A provisioned lock, freshly powered up with SEED, its HELLO and the crypto service's nonce. */
function seededLock() {
  const { lock, devices } = provisionedFirmwareLock(testManagement(), COMMON_LOCK, { entropy: new RepeatingEntropy(SEED) });
  lock.powerUp();
  const service = new CryptoService(lock.firmware);
  const hello = encodeHello({ keyId: 7, keyNonce: new Uint8Array(KEY_NONCE_BYTES), keyFlags: 0 });
  const draw = (request: Request): Uint8Array => (request.kind === 'challenge' ? decodeChallenge(lock.receive(hello)).lockNonce : service.nonce(request.length));
  const counts = () => ({ aesBlocks: devices.work.count(WorkOp.AesBlock), keyExpansions: devices.work.count(WorkOp.AesKeyExpansion) });
  return { lock, draw, counts };
}

const request: fc.Arbitrary<Request> = fc.oneof(
  fc.constant<Request>({ kind: 'challenge' }),
  fc.integer({ min: 0, max: LONGEST_NONCE }).map((length): Request => ({ kind: 'nonce', length })),
);

describe.each(VARIANTS)('the %s image', (variant) => {
  it("should carry Instantiate's keystream AES-128(0, 1) ‖ AES-128(0, 2) among its static data", () => {
    const expected = instantiateKeystream();
    const found = inspectImage(loadImage(variant).bytes).dataSegments.some((segment) => Buffer.from(segment.bytes).indexOf(expected) >= 0);
    expect(found).toBe(true);
  });
});

describe('the nonce generator', () => {
  it("should give @noble's CTR_DRBG output, request by request, for any mix of challenge nonces and service nonces", () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
        const { draw } = seededLock();
        const reference = rngAesCtrDrbg128(SEED);
        for (const r of requests) {
          const expected = reference.randomBytes(r.kind === 'challenge' ? 16 : r.length);
          expect(Buffer.from(draw(r)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('should count one key expansion and no AES block for its seeding at power-up', () => {
    const { lock, counts } = seededLock();
    const before = counts();
    lock.powerUp();
    const after = counts();
    expect({ aesBlocks: after.aesBlocks - before.aesBlocks, keyExpansions: after.keyExpansions - before.keyExpansions }).toEqual({ aesBlocks: 0, keyExpansions: 1 });
  });

  it('should count one AES block for a challenge nonce, and the Update it leaves with the next request (two blocks, one key expansion)', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
        const { draw, counts } = seededLock();
        let pending = false;
        for (const r of requests) {
          const before = counts();
          draw(r);
          const after = counts();
          // §10.2.1.5.1: ceil(len / 128) blocks, then Update (2 blocks, Key's expansion); a
          // challenge nonce's Update is done by the next request instead.
          const length = r.kind === 'challenge' ? 16 : r.length;
          const updates = (pending ? 1 : 0) + (r.kind === 'challenge' ? 0 : 1);
          pending = r.kind === 'challenge';
          expect({ aesBlocks: after.aesBlocks - before.aesBlocks, keyExpansions: after.keyExpansions - before.keyExpansions }).toEqual({
            aesBlocks: Math.ceil(length / 16) + 2 * updates,
            keyExpansions: updates,
          });
        }
      }),
      { numRuns: 40 },
    );
  });
});
