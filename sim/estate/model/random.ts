/**
 * Seeded randomness for the estate: every random choice (who goes out when, how fast a key is
 * turned, which key is lost) comes from a stream named by the scenario's seed and a purpose
 * ("rhythm complex 3 day 41"), so the same scenario gives the same run, and one stream's use never
 * shifts another's (DESIGN.md, Determinism). The generator is xoshiro128** (Blackman and Vigna,
 * "Scrambled linear pseudorandom number generators", 2018), seeded from SHA-256 of the name.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** 2^-32: a u32 to [0, 1). */
const U32_SCALE = 2 ** -32;

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** A stream from four seed words (not all zero). */
  constructor(words: ArrayLike<number>) {
    this.s0 = words[0]! | 0;
    this.s1 = words[1]! | 0;
    this.s2 = words[2]! | 0;
    this.s3 = words[3]! | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** The stream named `name` (SHA-256 of it gives the state). */
  static named(name: string): Random {
    const digest = sha256(utf8ToBytes(`cylsim estate ${name}`));
    return new Random(new Uint32Array(digest.buffer, digest.byteOffset, 4));
  }

  /** The next 32 random bits, unsigned. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9);
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() * U32_SCALE;
  }

  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + this.next() * (high - low);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** The number of events of a Poisson process with mean `mean` (Knuth's method; means here are small). */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** One element of a non-empty list, by the weights given (not necessarily summing to 1). */
  pick<T>(items: readonly T[], weights?: readonly number[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    if (!weights) return items[this.below(items.length)]!;
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      x -= weights[i]!;
      if (x < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * 32 bits of a stateless hash of three integers: the murmur3 finalizer (Appleby, MurmurHash3,
 * fmix32) over their mix. For choices that must not depend on the order of other draws.
 */
export function hash32(a: number, b: number, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35) ^ Math.imul(c ^ 0x165667b1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit seed from a name (SHA-256's first word). */
export function seed32(name: string): number {
  const digest = sha256(utf8ToBytes(`cylsim estate ${name}`));
  return new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0, true);
}
