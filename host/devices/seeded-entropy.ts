import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { HalStatus } from '../../firmware/abi.js';
import type { EntropySource } from '../firmware/hal-devices.js';

/** ChaCha20 nonce: 12 bytes (RFC 8439 §2.3); the draw index goes in its first 8 bytes. */
const NONCE_BYTES = 12;

/**
 * Deterministic stand-in for a TRNG: the n-th draw is the ChaCha20 keystream (RFC 8439) under
 * key SHA-256("cylsim entropy " + seed) with nonce n. The same seed gives the same bytes.
 */
export class SeededEntropy implements EntropySource {
  private readonly key: Uint8Array;
  private draws = 0n;

  constructor(seed: string | number) {
    this.key = sha256(utf8ToBytes(`cylsim entropy ${seed}`));
  }

  fill(destination: Uint8Array): HalStatus {
    const nonce = new Uint8Array(NONCE_BYTES);
    new DataView(nonce.buffer).setBigUint64(0, this.draws++, true);
    destination.set(chacha20(this.key, nonce, new Uint8Array(destination.length)));
    return HalStatus.Ok;
  }
}

/** Replays fixed bytes (e.g. a published DRBG vector's entropy input), then refuses. */
export class FixedEntropy implements EntropySource {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  fill(destination: Uint8Array): HalStatus {
    if (this.offset + destination.length > this.bytes.length) return HalStatus.Unavailable;
    destination.set(this.bytes.subarray(this.offset, this.offset + destination.length));
    this.offset += destination.length;
    return HalStatus.Ok;
  }
}

/** The same bytes at every draw (a lock whose every power-up is seeded alike: examples, benchmarks). */
export class RepeatingEntropy implements EntropySource {
  constructor(private readonly bytes: Uint8Array) {}

  fill(destination: Uint8Array): HalStatus {
    for (let i = 0; i < destination.length; i++) destination[i] = this.bytes[i % this.bytes.length]!;
    return HalStatus.Ok;
  }
}
