/**
 * AES-128 encryption (FIPS-197), in the four-T-table form.
 *
 * State and round keys are little-endian u32 words, one per column: byte r of word c is state
 * row r, column c, so the 176 round-key bytes lie in memory in FIPS-197's order (Appendix A.1).
 * Constant time is not claimed: table lookups depend on the data, as in every table-based
 * software AES on a cache-less Cortex-M0 (where the lookup time does not vary).
 */
import { TE, TE_TABLE_BYTES } from "./aes-tables";

/**
 * Table lookups. `k` selects TEk; `byteOffset` is 4 x the state byte, already masked to 0..0x3fc.
 * The table's address is a compile-time constant, so it goes into the load's immediate offset:
 * selecting and scaling a byte costs one shift and one mask, `(s >> (8k - 2)) & 0x3fc`.
 */
// @ts-ignore: decorator
@inline function te0(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE);
}
// @ts-ignore: decorator
@inline function te1(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + TE_TABLE_BYTES);
}
// @ts-ignore: decorator
@inline function te2(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + 2 * TE_TABLE_BYTES);
}
// @ts-ignore: decorator
@inline function te3(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + 3 * TE_TABLE_BYTES);
}

/** Byte offsets into a table of the state word's bytes 0..3 (each = byte value x 4). */
// @ts-ignore: decorator
@inline function at0(word: u32): u32 {
  return (word << 2) & 0x3fc;
}
// @ts-ignore: decorator
@inline function at1(word: u32): u32 {
  return (word >> 6) & 0x3fc;
}
// @ts-ignore: decorator
@inline function at2(word: u32): u32 {
  return (word >> 14) & 0x3fc;
}
// @ts-ignore: decorator
@inline function at3(word: u32): u32 {
  return (word >> 22) & 0x3fc;
}

/** S[x] from byte 1 of TE0[x], with x given as a byte offset (4x). */
// @ts-ignore: decorator
@inline function sbox(byteOffset: u32): u32 {
  return <u32>load<u8>(<usize>byteOffset + 1, TE);
}

/** SubWord (FIPS-197 §5.2): the S-box applied to each byte of a word. */
// @ts-ignore: decorator
@inline function subWord(word: u32): u32 {
  return sbox(at0(word)) | (sbox(at1(word)) << 8) | (sbox(at2(word)) << 16) | (sbox(at3(word)) << 24);
}

/**
 * KeyExpansion (FIPS-197 §5.2) for Nk = 4, Nr = 10: the 16-byte key at `key` becomes 44 words
 * (176 bytes) at `roundKeys`. RotWord on a little-endian word is a rotation right by 8 bits, and
 * Rcon's byte lands in the low byte.
 */
export function aesExpandKey(key: usize, roundKeys: usize): void {
  let w0 = load<u32>(key, 0);
  let w1 = load<u32>(key, 4);
  let w2 = load<u32>(key, 8);
  let w3 = load<u32>(key, 12);
  store<u32>(roundKeys, w0, 0);
  store<u32>(roundKeys, w1, 4);
  store<u32>(roundKeys, w2, 8);
  store<u32>(roundKeys, w3, 12);
  let rcon: u32 = 0x01; // Rcon[1], FIPS-197 §5.2: x^(i-1) in GF(2^8)
  for (let round: usize = 1; round <= 10; round++) {
    w0 ^= subWord(rotr<u32>(w3, 8)) ^ rcon;
    w1 ^= w0;
    w2 ^= w1;
    w3 ^= w2;
    const at = roundKeys + (round << 4);
    store<u32>(at, w0, 0);
    store<u32>(at, w1, 4);
    store<u32>(at, w2, 8);
    store<u32>(at, w3, 12);
    // xtime (FIPS-197 §4.2.1): multiply by x, reducing by 0x11b; Rcon runs 01 02 04 ... 80 1b 36.
    rcon = ((rcon << 1) ^ ((rcon >> 7) * 0x11b)) & 0xff;
  }
}

/**
 * Cipher (FIPS-197 §5.1) of the 16-byte block at `block`, in place, with the round keys at
 * `roundKeys`. Rounds 1-9 combine SubBytes, ShiftRows and MixColumns in table lookups (column c
 * takes row r from column c + r, through TEr); round 10 has no MixColumns and uses the S-box.
 */
export function aesEncryptBlock(roundKeys: usize, block: usize): void {
  let s0 = load<u32>(block, 0) ^ load<u32>(roundKeys, 0);
  let s1 = load<u32>(block, 4) ^ load<u32>(roundKeys, 4);
  let s2 = load<u32>(block, 8) ^ load<u32>(roundKeys, 8);
  let s3 = load<u32>(block, 12) ^ load<u32>(roundKeys, 12);
  let key = roundKeys + 16;
  const lastRound = roundKeys + 160;
  while (key < lastRound) {
    const t0 = te0(at0(s0)) ^ te1(at1(s1)) ^ te2(at2(s2)) ^ te3(at3(s3)) ^ load<u32>(key, 0);
    const t1 = te0(at0(s1)) ^ te1(at1(s2)) ^ te2(at2(s3)) ^ te3(at3(s0)) ^ load<u32>(key, 4);
    const t2 = te0(at0(s2)) ^ te1(at1(s3)) ^ te2(at2(s0)) ^ te3(at3(s1)) ^ load<u32>(key, 8);
    const t3 = te0(at0(s3)) ^ te1(at1(s0)) ^ te2(at2(s1)) ^ te3(at3(s2)) ^ load<u32>(key, 12);
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
    key += 16;
  }
  store<u32>(block, (sbox(at0(s0)) | (sbox(at1(s1)) << 8) | (sbox(at2(s2)) << 16) | (sbox(at3(s3)) << 24)) ^ load<u32>(lastRound, 0), 0);
  store<u32>(block, (sbox(at0(s1)) | (sbox(at1(s2)) << 8) | (sbox(at2(s3)) << 16) | (sbox(at3(s0)) << 24)) ^ load<u32>(lastRound, 4), 4);
  store<u32>(block, (sbox(at0(s2)) | (sbox(at1(s3)) << 8) | (sbox(at2(s0)) << 16) | (sbox(at3(s1)) << 24)) ^ load<u32>(lastRound, 8), 8);
  store<u32>(block, (sbox(at0(s3)) | (sbox(at1(s0)) << 8) | (sbox(at2(s1)) << 16) | (sbox(at3(s2)) << 24)) ^ load<u32>(lastRound, 12), 12);
}
