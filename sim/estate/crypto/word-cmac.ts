/**
 * AES-CMAC (RFC 4493) for the estate's keys, over 32-bit words, with the key schedule expanded and
 * the subkeys derived once per key (crypto/aes-block.ts for the block). A key makes two or three
 * MACs per opening (its session MAC, the RESULT's MAC, a tenant proof) over twenty million
 * openings a year: a one-shot `cmac()` would expand the key and derive the subkeys at every call
 * and allocate the padded message; here the schedule and subkeys are kept, and the message is
 * padded in place in a scratch buffer the caller reuses.
 *
 * The scratch buffer's words are read through an Int32Array over the same bytes as little-endian
 * words, so the platform must be little-endian (every platform Node.js ships for is).
 */
import { BLOCK_BYTES, gfDouble } from '../../../host/crypto/block-math.js';
import { encryptBlock, expandKey } from './aes-block.js';

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('word-cmac: a little-endian platform is required');

/** A key ready for CMAC: its expanded schedule, and the subkeys K1, K2 as words (RFC 4493 §2.3). */
export interface CmacKey {
  readonly xk: Uint32Array;
  readonly k1: Int32Array;
  readonly k2: Int32Array;
}

/** Longest message the scratch holds: the longest frame (250 bytes) plus a 31-byte MAC prefix, rounded up to blocks. */
export const MAC_SCRATCH_BYTES = 288;

/** A message buffer and the tag of the last MAC computed in it; one per caller, reused. */
export class MacScratch {
  readonly bytes = new Uint8Array(MAC_SCRATCH_BYTES);
  readonly words = new Int32Array(this.bytes.buffer);
  /** The tag as words, and the same 16 bytes. */
  readonly tagWords = new Int32Array(4);
  readonly tag = new Uint8Array(this.tagWords.buffer);
}

/** x · block in GF(2^128) (RFC 4493 §2.3, host/crypto/block-math.ts), words in, words out. */
function doubled(block: Int32Array): Int32Array {
  return new Int32Array(gfDouble(new Uint8Array(block.buffer, block.byteOffset, BLOCK_BYTES)).buffer);
}

/** Expands `key` (16 bytes) and derives its CMAC subkeys: L = AES(K, 0), K1 = x·L, K2 = x·K1 (RFC 4493 §2.3). */
export function cmacKey(key: Uint8Array): CmacKey {
  const xk = expandKey(key);
  const zero = new Int32Array(4);
  encryptBlock(xk, 0, 0, 0, 0, zero);
  const k1 = doubled(zero);
  return { xk, k1, k2: doubled(k1) };
}

/** One AES block under `xk`, words in, words out (a new array). */
export function encryptWords(xk: Uint32Array, block: Int32Array): Int32Array {
  const out = new Int32Array(4);
  encryptBlock(xk, block[0]!, block[1]!, block[2]!, block[3]!, out);
  return out;
}

/**
 * CMAC of scratch.bytes[0, length) under `key` into scratch.tag. The bytes after the message up
 * to its last block are overwritten with the padding (RFC 4493 §2.4 step 4).
 */
export function cmacInto(key: CmacKey, scratch: MacScratch, length: number): void {
  if (length > MAC_SCRATCH_BYTES - BLOCK_BYTES) throw new RangeError(`cmac: ${length} bytes exceed the scratch`);
  const { bytes, words, tagWords: state } = scratch;
  const complete = length > 0 && (length & (BLOCK_BYTES - 1)) === 0;
  const blocks = complete ? length >>> 4 : (length >>> 4) + 1;
  if (!complete) {
    bytes[length] = 0x80;
    for (let i = length + 1; i < blocks * BLOCK_BYTES; i++) bytes[i] = 0;
  }
  const last = complete ? key.k1 : key.k2;
  const xk = key.xk;
  state[0] = state[1] = state[2] = state[3] = 0;
  let w = 0;
  for (let block = 1; block < blocks; block++, w += 4) {
    encryptBlock(xk, state[0]! ^ words[w]!, state[1]! ^ words[w + 1]!, state[2]! ^ words[w + 2]!, state[3]! ^ words[w + 3]!, state);
  }
  encryptBlock(xk, state[0]! ^ words[w]! ^ last[0]!, state[1]! ^ words[w + 1]! ^ last[1]!, state[2]! ^ words[w + 2]! ^ last[2]!, state[3]! ^ words[w + 3]! ^ last[3]!, state);
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
  const out = new Int32Array(4);
  encryptBlock(key.xk, words[0]!, words[1]!, words[2]!, words[3]!, out);
  encryptBlock(key.xk, out[0]! ^ words[4]! ^ last[0]!, out[1]! ^ words[5]! ^ last[1]!, out[2]! ^ words[6]! ^ last[2]!, out[3]! ^ words[7]! ^ last[3]!, out);
  return new Uint8Array(out.buffer);
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
