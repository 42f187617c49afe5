/** AES-CMAC (RFC 4493, NIST SP 800-38B) on AES-128. */
import { aesCbcMac, aesEncryptBlock } from "./aes128";
import { doubleBlock, padBlock, xorBlock, zeroBlock } from "./block";

/**
 * Generate_Subkey (RFC 4493 §2.3): L = AES-128(K, 0^128), K1 = L·x, K2 = K1·x.
 * `k1` doubles as the buffer for L. One AES block.
 */
export function cmacSubkeys(roundKeys: usize, k1: usize, k2: usize): void {
  zeroBlock(k1);
  aesEncryptBlock(roundKeys, k1);
  // K1 = L·x in place, then K2 = K1·x: one doubling written once.
  for (let out = k1; ; out = k2) {
    doubleBlock(out, k1);
    if (out == k2) break;
  }
}

/**
 * AES-CMAC (RFC 4493 §2.4) of `len` bytes at `message`; the 16-byte tag goes to `tag` (which may
 * overlap the message: it is written last). `last` is a 16-byte working buffer that must not
 * overlap the message; `x` is not needed (the CBC-MAC's state stays in locals, aes128.ts).
 * Returns the number of AES blocks used (for the work report).
 */
export function cmacTag(roundKeys: usize, k1: usize, k2: usize, message: usize, len: u32, tag: usize, last: usize, x: usize): u32 {
  // Step 2-3: n = ceil(len / 16), at least 1; the last block is complete only when len is a
  // non-zero multiple of 16.
  let blocks = (len + 15) >> 4;
  const lastComplete = blocks != 0 && (len & 15) == 0;
  if (blocks == 0) blocks = 1;
  const lastStart = message + (<usize>(blocks - 1) << 4);
  // Step 4: M_last = M_n XOR K1, or padding(M_n) = M_n || 10^i, then XOR K2.
  padBlock(last, lastStart, lastComplete ? 16 : len - ((blocks - 1) << 4));
  xorBlock(last, lastComplete ? k1 : k2);
  // Steps 5-7: CBC-MAC with a zero IV over M_1 .. M_(n-1), then M_last.
  aesCbcMac(roundKeys, message, blocks - 1, last, tag);
  return blocks;
}
