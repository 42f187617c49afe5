/** AES-CMAC (RFC 4493, NIST SP 800-38B) on AES-128. */
import { aesEncryptBlock, aesEncryptXor } from "./aes128";
import { copyBlock, doubleBlock, padBlock, xorBlock, zeroBlock } from "./block";

/**
 * Generate_Subkey (RFC 4493 §2.3): L = AES-128(K, 0^128), K1 = L·x, K2 = K1·x.
 * `k1` doubles as the buffer for L. One AES block.
 */
export function cmacSubkeys(roundKeys: usize, k1: usize, k2: usize): void {
  zeroBlock(k1);
  aesEncryptBlock(roundKeys, k1);
  doubleBlock(k1, k1);
  doubleBlock(k2, k1);
}

/**
 * CBC-MAC with a zero IV (RFC 4493 §2.4 steps 5-6): `blocks` whole blocks from `data`, then the
 * already-prepared last block at `last` (M_last XOR K1, or padded and XOR K2). The tag is left in
 * `x` (16 bytes of working memory). AES blocks used: blocks + 1.
 */
export function cbcMacWithLast(roundKeys: usize, data: usize, blocks: u32, last: usize, x: usize): void {
  zeroBlock(x);
  for (let i: u32 = 0; i < blocks; i++) aesEncryptXor(roundKeys, x, data + (<usize>i << 4));
  aesEncryptXor(roundKeys, x, last);
}

/**
 * AES-CMAC (RFC 4493 §2.4) of `len` bytes at `message`; the 16-byte tag goes to `tag`.
 * `last` and `x` are two 16-byte working buffers that must not overlap the message or the tag.
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
  cbcMacWithLast(roundKeys, message, blocks - 1, last, x);
  copyBlock(tag, x);
  return blocks;
}
