/**
 * AES-128 encryption (FIPS-197), T-table form with one table and rotations.
 *
 * State and round keys are little-endian u32 words, one per column: byte r of word c is state
 * row r, column c, so the 176 round-key bytes lie in memory in FIPS-197's order (Appendix A.1).
 * Constant time is not claimed: table lookups depend on the data, as in every table-based
 * software AES on a cache-less Cortex-M0 (where the lookup time does not vary).
 */
import { SBOX, TE } from "./aes-tables";

// @ts-ignore: decorator
@inline function te(index: u32): u32 {
  return load<u32>(TE + (index << 2));
}

// @ts-ignore: decorator
@inline function sbox(index: u32): u32 {
  return <u32>load<u8>(SBOX + index);
}

/** SubWord (FIPS-197 §5.2): the S-box applied to each byte of a word. */
// @ts-ignore: decorator
@inline function subWord(word: u32): u32 {
  return sbox(word & 0xff) | (sbox((word >> 8) & 0xff) << 8) | (sbox((word >> 16) & 0xff) << 16) | (sbox(word >>> 24) << 24);
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
 * takes row r from column c + r); round 10 has no MixColumns and uses the S-box.
 */
export function aesEncryptBlock(roundKeys: usize, block: usize): void {
  let s0 = load<u32>(block, 0) ^ load<u32>(roundKeys, 0);
  let s1 = load<u32>(block, 4) ^ load<u32>(roundKeys, 4);
  let s2 = load<u32>(block, 8) ^ load<u32>(roundKeys, 8);
  let s3 = load<u32>(block, 12) ^ load<u32>(roundKeys, 12);
  let key = roundKeys + 16;
  const lastRound = roundKeys + 160;
  while (key < lastRound) {
    const t0 = te(s0 & 0xff) ^ rotl<u32>(te((s1 >> 8) & 0xff), 8) ^ rotl<u32>(te((s2 >> 16) & 0xff), 16) ^ rotl<u32>(te(s3 >>> 24), 24) ^ load<u32>(key, 0);
    const t1 = te(s1 & 0xff) ^ rotl<u32>(te((s2 >> 8) & 0xff), 8) ^ rotl<u32>(te((s3 >> 16) & 0xff), 16) ^ rotl<u32>(te(s0 >>> 24), 24) ^ load<u32>(key, 4);
    const t2 = te(s2 & 0xff) ^ rotl<u32>(te((s3 >> 8) & 0xff), 8) ^ rotl<u32>(te((s0 >> 16) & 0xff), 16) ^ rotl<u32>(te(s1 >>> 24), 24) ^ load<u32>(key, 8);
    const t3 = te(s3 & 0xff) ^ rotl<u32>(te((s0 >> 8) & 0xff), 8) ^ rotl<u32>(te((s1 >> 16) & 0xff), 16) ^ rotl<u32>(te(s2 >>> 24), 24) ^ load<u32>(key, 12);
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
    key += 16;
  }
  store<u32>(block, (sbox(s0 & 0xff) | (sbox((s1 >> 8) & 0xff) << 8) | (sbox((s2 >> 16) & 0xff) << 16) | (sbox(s3 >>> 24) << 24)) ^ load<u32>(lastRound, 0), 0);
  store<u32>(block, (sbox(s1 & 0xff) | (sbox((s2 >> 8) & 0xff) << 8) | (sbox((s3 >> 16) & 0xff) << 16) | (sbox(s0 >>> 24) << 24)) ^ load<u32>(lastRound, 4), 4);
  store<u32>(block, (sbox(s2 & 0xff) | (sbox((s3 >> 8) & 0xff) << 8) | (sbox((s0 >> 16) & 0xff) << 16) | (sbox(s1 >>> 24) << 24)) ^ load<u32>(lastRound, 8), 8);
  store<u32>(block, (sbox(s3 & 0xff) | (sbox((s0 >> 8) & 0xff) << 8) | (sbox((s1 >> 16) & 0xff) << 16) | (sbox(s2 >>> 24) << 24)) ^ load<u32>(lastRound, 12), 12);
}
