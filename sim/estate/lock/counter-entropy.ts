/**
 * A deterministic stand-in for a device's true-random source (the lock's TRNG at power-up, a key's
 * nonce generator): draw n is a stateless hash of (seed, n, word index). Unlike SeededEntropy's
 * ChaCha20 (host/devices/seeded-entropy.ts) it costs a few nanoseconds a word, which matters at a
 * power-up per opening; the lock's nonces still come from its CTR_DRBG seeded with these bytes.
 * The draw counter can be read and set, so that a session run twice (fast path, then the physics
 * model) draws the same bytes both times.
 */
import { HalStatus } from '../../../firmware/abi.js';
import type { EntropySource } from '../../../host/firmware/hal-devices.js';
import { hash32 } from '../model/random.js';

export class CounterEntropy implements EntropySource {
  /** Draws made so far. */
  draws = 0;

  constructor(readonly seed: number) {}

  fill(destination: Uint8Array): HalStatus {
    const draw = this.draws++;
    let word = 0;
    for (let i = 0; i < destination.length; i++) {
      if ((i & 3) === 0) word = hash32(this.seed, draw, i >>> 2);
      destination[i] = word & 0xff;
      word >>>= 8;
    }
    return HalStatus.Ok;
  }
}
