/**
 * AES-CMAC (RFC 4493) for the estate's keys, on @noble/ciphers' block function over 32-bit words
 * with the key schedule expanded once per key. A key makes two or three MACs per opening (its
 * session MAC, the RESULT's MAC, a tenant proof) over twenty million openings a year: noble's
 * one-shot `cmac()` expands the key and derives the subkeys at every call and allocates the
 * padded message; here the schedule and subkeys are kept, and the message is padded in place in
 * a scratch buffer the caller reuses.
 *
 * noble's `unsafe.encrypt(xk, s0, s1, s2, s3)` takes the block as four words in the platform's
 * byte order; the scratch buffer's words are read through a Uint32Array over the same bytes, so
 * the platform must be little-endian (every platform Node.js ships for is).
 */
import { unsafe } from '@noble/ciphers/aes.js';
import { BLOCK_BYTES, gfDouble } from '../../../host/crypto/block-math.js';

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('word-cmac: a little-endian platform is required');

/** A key ready for CMAC: noble's expanded schedule, and the subkeys K1, K2 as words (RFC 4493 §2.3). */
export interface CmacKey {
  readonly xk: Uint32Array;
  readonly k1: Uint32Array;
  readonly k2: Uint32Array;
}

/** Longest message the scratch holds: the longest frame (250 bytes) plus a 31-byte MAC prefix, rounded up to blocks. */
export const MAC_SCRATCH_BYTES = 288;

/** A message buffer and the tag of the last MAC computed in it; one per caller, reused. */
export class MacScratch {
  readonly bytes = new Uint8Array(MAC_SCRATCH_BYTES);
  readonly words = new Uint32Array(this.bytes.buffer);
  /** The tag as words, and the same 16 bytes. */
  readonly tagWords = new Uint32Array(4);
  readonly tag = new Uint8Array(this.tagWords.buffer);
}

/** Expands `key` (16 bytes) and derives its CMAC subkeys. */
export function cmacKey(key: Uint8Array): CmacKey {
  const xk = unsafe.expandKeyLE(key);
  const zero = encryptWords(xk, new Uint32Array(4));
  const k1 = gfDouble(new Uint8Array(zero.buffer));
  const k2 = gfDouble(k1);
  return { xk, k1: new Uint32Array(k1.buffer.slice(k1.byteOffset, k1.byteOffset + BLOCK_BYTES)), k2: new Uint32Array(k2.buffer.slice(k2.byteOffset, k2.byteOffset + BLOCK_BYTES)) };
}

/** One AES block under `xk`, words in, words out. */
export function encryptWords(xk: Uint32Array, block: Uint32Array): Uint32Array {
  const out = unsafe.encrypt(xk, block[0]!, block[1]!, block[2]!, block[3]!);
  return Uint32Array.of(out.s0, out.s1, out.s2, out.s3);
}

/**
 * CMAC of scratch.bytes[0, length) under `key` into scratch.tag. The bytes after the message up
 * to its last block are overwritten with the padding (RFC 4493 §2.4 step 4).
 */
export function cmacInto(key: CmacKey, scratch: MacScratch, length: number): void {
  if (length > MAC_SCRATCH_BYTES - BLOCK_BYTES) throw new RangeError(`cmac: ${length} bytes exceed the scratch`);
  const { bytes, words, tagWords } = scratch;
  const complete = length > 0 && (length & (BLOCK_BYTES - 1)) === 0;
  const blocks = complete ? length >>> 4 : (length >>> 4) + 1;
  if (!complete) {
    bytes[length] = 0x80;
    for (let i = length + 1; i < blocks * BLOCK_BYTES; i++) bytes[i] = 0;
  }
  const last = complete ? key.k1 : key.k2;
  const xk = key.xk;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let w = 0;
  for (let block = 1; block < blocks; block++, w += 4) {
    const out = unsafe.encrypt(xk, s0 ^ words[w]!, s1 ^ words[w + 1]!, s2 ^ words[w + 2]!, s3 ^ words[w + 3]!);
    s0 = out.s0;
    s1 = out.s1;
    s2 = out.s2;
    s3 = out.s3;
  }
  const out = unsafe.encrypt(xk, s0 ^ words[w]! ^ last[0]!, s1 ^ words[w + 1]! ^ last[1]!, s2 ^ words[w + 2]! ^ last[2]!, s3 ^ words[w + 3]! ^ last[3]!);
  tagWords[0] = out.s0;
  tagWords[1] = out.s1;
  tagWords[2] = out.s2;
  tagWords[3] = out.s3;
}

/**
 * AES-128 key diversification (NXP AN10922 §2.2) under a kept schedule: D = 0x01 ‖ input, always
 * two blocks; exactly 32 bytes: last block XOR K1; shorter: padded with 0x80 and zeros, XOR K2.
 * Unlike CMAC, a short D is padded to two blocks, not one (docs/ARCHITECTURE.md).
 */
export function diversifyWords(key: CmacKey, input: Uint8Array, scratch: MacScratch): Uint8Array {
  if (input.length < 1 || input.length > 31) throw new RangeError(`AN10922 diversification input must be 1..31 bytes, got ${input.length}`);
  const { bytes, words } = scratch;
  bytes[0] = 0x01;
  bytes.set(input, 1);
  const length = input.length + 1;
  if (length < 32) {
    bytes[length] = 0x80;
    for (let i = length + 1; i < 32; i++) bytes[i] = 0;
  }
  const last = length === 32 ? key.k1 : key.k2;
  const first = unsafe.encrypt(key.xk, words[0]!, words[1]!, words[2]!, words[3]!);
  const out = unsafe.encrypt(key.xk, first.s0 ^ words[4]! ^ last[0]!, first.s1 ^ words[5]! ^ last[1]!, first.s2 ^ words[6]! ^ last[2]!, first.s3 ^ words[7]! ^ last[3]!);
  return new Uint8Array(Uint32Array.of(out.s0, out.s1, out.s2, out.s3).buffer);
}

/** True when the first 8 bytes of scratch.tag equal bytes[offset, offset + 8) (a MAC8, PROTOCOL.md §1). */
export function mac8Equals(scratch: MacScratch, bytes: Uint8Array, offset: number): boolean {
  const tag = scratch.tag;
  let difference = 0;
  for (let i = 0; i < 8; i++) difference |= tag[i]! ^ bytes[offset + i]!;
  return difference === 0;
}

/** Copies the MAC8 (the tag's first 8 bytes) to bytes[offset, offset + 8). */
export function copyMac8(scratch: MacScratch, bytes: Uint8Array, offset: number): void {
  const tag = scratch.tag;
  for (let i = 0; i < 8; i++) bytes[offset + i] = tag[i]!;
}
