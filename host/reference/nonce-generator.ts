/**
 * The lock's nonce generator (PROTOCOL.md §7.1): CTR_DRBG, AES-128, no derivation function
 * (SP 800-90A), seeded at power-up with 32 bytes of entropy. @noble/ciphers' rngAesCtrDrbg128 for
 * either crypto backend: node:crypto has no CTR_DRBG, and both backends must draw the same nonces.
 */
import { rngAesCtrDrbg128 } from '@noble/ciphers/aes.js';
import { DRBG_SEED_BYTES, HalStatus } from '../../firmware/abi.js';
import type { EntropySource } from '../firmware/hal-devices.js';

export class NonceGenerator {
  private readonly drbg: ReturnType<typeof rngAesCtrDrbg128>;

  /** Seeds from `entropy`; throws if it fails (the lock cannot run without nonces). */
  constructor(entropy: EntropySource) {
    const seed = new Uint8Array(DRBG_SEED_BYTES);
    const status = entropy.fill(seed);
    if (status !== HalStatus.Ok) throw new Error(`the entropy source failed at power-up (HalStatus ${status})`);
    this.drbg = rngAesCtrDrbg128(seed);
  }

  /** One generate request of `bytes` bytes. */
  draw(bytes: number): Uint8Array {
    return this.drbg.randomBytes(bytes);
  }
}
