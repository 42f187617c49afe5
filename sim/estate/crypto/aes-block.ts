/**
 * AES-128 encryption of one block (FIPS-197) for the estate's keys, on words: @noble/ciphers'
 * word-level block function (`unsafe.encrypt`) over a schedule expanded once (`unsafe.expandKeyLE`,
 * FIPS-197 §5.2, words little-endian). The one-shot `ecb()`/`cmac()` would expand the key and
 * allocate at every call; a key makes some twelve blocks per opening, twenty million openings a
 * year, so the schedule is kept by the caller (word-cmac.ts) and the block goes word to word.
 *
 * test/estate/key-crypto.test.ts checks this against FIPS-197 Appendix B and C.1 and against
 * noble's one-shot ECB on random keys and blocks.
 */
import { unsafe } from '@noble/ciphers/aes.js';

/** AES-128: 11 round keys of 4 words (FIPS-197 §5.2, Nr = 10). */
export const SCHEDULE_WORDS = 44;

/** The expanded schedule of a 16-byte key, as little-endian words. */
export function expandKey(key: Uint8Array): Uint32Array {
  if (key.length !== 16) throw new RangeError(`AES-128 needs a 16-byte key, got ${key.length}`);
  const words = unsafe.expandKeyLE(key);
  return words.length === SCHEDULE_WORDS ? words : words.subarray(0, SCHEDULE_WORDS);
}

/**
 * Encrypts the block whose four columns are s0..s3 (little-endian words: row 0 in the low byte)
 * under schedule `xk`, into out[0..3].
 */
export function encryptBlock(xk: Uint32Array, s0: number, s1: number, s2: number, s3: number, out: Int32Array): void {
  const state = unsafe.encrypt(xk, s0, s1, s2, s3);
  out[0] = state.s0;
  out[1] = state.s1;
  out[2] = state.s2;
  out[3] = state.s3;
}
