/**
 * AES-128 encryption (FIPS-197), in the T-table form.
 *
 * State and round keys are little-endian u32 words, one per column: byte r of word c is state
 * row r, column c, so the 176 round-key bytes lie in memory in FIPS-197's order (Appendix A.1).
 * Constant time is not claimed: table lookups depend on the data, as in every table-based
 * software AES on a cache-less Cortex-M0 (where the lookup time does not vary).
 *
 * The cipher keeps the state in four locals from the first AddRoundKey to the last (and, in CBC-MAC,
 * from one block to the next), runs rounds 1-9 three to a loop pass (the round keys then sit at
 * constant offsets from one pointer), and reads all four T-tables from one 2 KiB table of doubled
 * TE0 entries, with no rotation (aes-tables.ts).
 */
import { TE } from "./aes-tables";

/**
 * Table lookups. TE holds each TE0 word twice over (aes-tables.ts), so a 4-byte load at byte 0, 3,
 * 2 or 1 of an 8-byte entry reads TE0, TE1, TE2 or TE3. `byteOffset` is 8 x the state byte, masked
 * to 0..0x7f8; the table's address and the byte within the entry go into the load's immediate.
 */
// @ts-ignore: decorator
@inline function te0(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE);
}
// @ts-ignore: decorator
@inline function te1(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + 3);
}
// @ts-ignore: decorator
@inline function te2(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + 2);
}
// @ts-ignore: decorator
@inline function te3(byteOffset: u32): u32 {
  return load<u32>(<usize>byteOffset, TE + 1);
}

/** Byte offsets into the table of the state word's bytes 0..3 (each = byte value x 8). */
// @ts-ignore: decorator
@inline function at0(word: u32): u32 {
  return (word << 3) & 0x7f8;
}
// @ts-ignore: decorator
@inline function at1(word: u32): u32 {
  return (word >> 5) & 0x7f8;
}
// @ts-ignore: decorator
@inline function at2(word: u32): u32 {
  return (word >> 13) & 0x7f8;
}
// @ts-ignore: decorator
@inline function at3(word: u32): u32 {
  return (word >> 21) & 0x7f8;
}

/** S[x] from byte 1 of TE0[x], with x given as a byte offset (8x); the +1 is in the immediate. */
// @ts-ignore: decorator
@inline function sbox(byteOffset: u32): u32 {
  return <u32>load<u8>(<usize>byteOffset, TE + 1);
}

/**
 * One column of a full round (SubBytes, ShiftRows, MixColumns, AddRoundKey): TE0[a0] ^ TE1[b1] ^
 * TE2[c2] ^ TE3[d3] ^ key, where xk is byte k of word x.
 */
// @ts-ignore: decorator
@inline function column(a: u32, b: u32, c: u32, d: u32, key: u32): u32 {
  return te0(at0(a)) ^ te1(at1(b)) ^ te2(at2(c)) ^ te3(at3(d)) ^ key;
}

/** One column of the last round (no MixColumns): S[a0] | S[b1] << 8 | S[c2] << 16 | S[d3] << 24, ^ key. */
// @ts-ignore: decorator
@inline function lastColumn(a: u32, b: u32, c: u32, d: u32, key: u32): u32 {
  return (sbox(at0(a)) | (sbox(at1(b)) << 8) | (sbox(at2(c)) << 16) | (sbox(at3(d)) << 24)) ^ key;
}

/**
 * KeyExpansion (FIPS-197 §5.2) for Nk = 4, Nr = 10: the 16-byte key at `key` becomes 44 words
 * (176 bytes) at `roundKeys`. RotWord on a little-endian word is a rotation right by 8 bits, so
 * SubWord(RotWord(w)) takes byte 1 of w into byte 0, and so on; Rcon's byte lands in the low byte.
 * Each round's last word is computed from the previous round's words XORed ahead, so only one XOR
 * follows the S-box lookups on the path from one round to the next.
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
  const end = roundKeys + 176;
  for (let at = roundKeys + 16; at < end; at += 16) {
    const w01 = w0 ^ w1 ^ rcon;
    const w012 = w01 ^ w2;
    const w0123 = w012 ^ w3;
    const sub = sbox(at1(w3)) | (sbox(at2(w3)) << 8) | (sbox(at3(w3)) << 16) | (sbox(at0(w3)) << 24);
    w0 = w0 ^ rcon ^ sub;
    w1 = w01 ^ sub;
    w2 = w012 ^ sub;
    w3 = w0123 ^ sub;
    store<u32>(at, w0, 0);
    store<u32>(at, w1, 4);
    store<u32>(at, w2, 8);
    store<u32>(at, w3, 12);
    // xtime (FIPS-197 §4.2.1): multiply by x, reducing by 0x11b; Rcon runs 01 02 04 ... 80 1b 36.
    rcon = ((rcon << 1) ^ ((rcon >> 7) * 0x11b)) & 0xff;
  }
}

/**
 * CBC-MAC with a zero IV through the Cipher (FIPS-197 §5.1; SP 800-38B §6.2 steps 5-6): the state
 * starts at zero and becomes Cipher(state XOR block) for each of the `blocks` blocks at `data`,
 * then for the 16-byte block at `last`; the final state is written to `out` (which may be `last`).
 * The state stays in four locals from the first block to the last. Rounds 1-9 combine SubBytes,
 * ShiftRows and MixColumns in table lookups (column c takes row r from column c + r); round 10 has
 * no MixColumns and uses the S-box. AES blocks used: blocks + 1.
 */
export function aesCbcMac(roundKeys: usize, data: usize, blocks: u32, last: usize, out: usize): void {
  let s0: u32 = 0;
  let s1: u32 = 0;
  let s2: u32 = 0;
  let s3: u32 = 0;
  const lastRound = roundKeys + 160;
  for (let block: u32 = 0; ; block++) {
    const input = block < blocks ? data + (<usize>block << 4) : last;
    s0 ^= load<u32>(input, 0) ^ load<u32>(roundKeys, 0);
    s1 ^= load<u32>(input, 4) ^ load<u32>(roundKeys, 4);
    s2 ^= load<u32>(input, 8) ^ load<u32>(roundKeys, 8);
    s3 ^= load<u32>(input, 12) ^ load<u32>(roundKeys, 12);
    // Rounds 1-9, three per pass: the keys of rounds r, r + 1, r + 2 at key + 0, 16, 32.
    let key = roundKeys + 16;
    do {
      const t0 = column(s0, s1, s2, s3, load<u32>(key, 0));
      const t1 = column(s1, s2, s3, s0, load<u32>(key, 4));
      const t2 = column(s2, s3, s0, s1, load<u32>(key, 8));
      const t3 = column(s3, s0, s1, s2, load<u32>(key, 12));
      const u0 = column(t0, t1, t2, t3, load<u32>(key, 16));
      const u1 = column(t1, t2, t3, t0, load<u32>(key, 20));
      const u2 = column(t2, t3, t0, t1, load<u32>(key, 24));
      const u3 = column(t3, t0, t1, t2, load<u32>(key, 28));
      s0 = column(u0, u1, u2, u3, load<u32>(key, 32));
      s1 = column(u1, u2, u3, u0, load<u32>(key, 36));
      s2 = column(u2, u3, u0, u1, load<u32>(key, 40));
      s3 = column(u3, u0, u1, u2, load<u32>(key, 44));
      key += 48;
    } while (key < lastRound);
    const r0 = lastColumn(s0, s1, s2, s3, load<u32>(lastRound, 0));
    const r1 = lastColumn(s1, s2, s3, s0, load<u32>(lastRound, 4));
    const r2 = lastColumn(s2, s3, s0, s1, load<u32>(lastRound, 8));
    const r3 = lastColumn(s3, s0, s1, s2, load<u32>(lastRound, 12));
    s0 = r0;
    s1 = r1;
    s2 = r2;
    s3 = r3;
    if (block >= blocks) break;
  }
  store<u32>(out, s0, 0);
  store<u32>(out, s1, 4);
  store<u32>(out, s2, 8);
  store<u32>(out, s3, 12);
}

/** Cipher (FIPS-197 §5.1) of the 16-byte block at `input` into `out` (which may be `input`). One AES block. */
// @ts-ignore: decorator
@inline export function aesEncrypt(roundKeys: usize, input: usize, out: usize): void {
  aesCbcMac(roundKeys, input, 0, input, out);
}

/** Cipher (FIPS-197 §5.1) of the 16-byte block at `block`, in place. One AES block. */
// @ts-ignore: decorator
@inline export function aesEncryptBlock(roundKeys: usize, block: usize): void {
  aesCbcMac(roundKeys, block, 0, block, block);
}
