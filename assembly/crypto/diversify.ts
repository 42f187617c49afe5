/**
 * AES-128 key diversification, NXP AN10922 §2.2.
 *
 * D = 0x01 || M (M of 1 to 31 bytes). Unlike plain CMAC, D is always taken as two blocks: if it is
 * exactly 32 bytes the last block is XORed with K1; otherwise it is padded with 0x80 and zeros to
 * 32 bytes and the last block XORed with K2. The diversified key is the CBC-MAC (zero IV) of the
 * two blocks. For short M this differs from CMAC(K, D), which would pad only to 16 bytes.
 */
import { AES_BLOCK_BYTES } from "../../firmware/abi";
import { aesCbcMac } from "./aes128";
import { xorBlock, zeroBlock } from "./block";

/** AN10922 §2.2 step 1: the diversification constant for an AES-128 key. */
const DIV_CONSTANT_AES128: u8 = 0x01;
/** D is padded to two AES blocks (AN10922 §2.2 step 2). */
const PADDED_BYTES: u32 = 32;

/**
 * Derives the key into `out` (16 bytes). `work` is 32 bytes of working memory, not overlapping
 * input or out; `x` is not needed (the CBC-MAC's state stays in locals). The caller checks
 * 1 <= len <= 31. AES blocks used: 2.
 */
export function diversifyAes128(roundKeys: usize, k1: usize, k2: usize, input: usize, len: u32, out: usize, work: usize, x: usize): void {
  // D = 0x01 || M || 10^i in the 32 bytes at `work`, built in words (no memory.copy / fill calls).
  zeroBlock(work);
  zeroBlock(work + AES_BLOCK_BYTES);
  store<u8>(work, DIV_CONSTANT_AES128);
  const words = <usize>(len & ~3);
  for (let at: usize = 0; at < words; at += 4) store<u32>(work + 1 + at, load<u32>(input + at));
  for (let at = words; at < <usize>len; at++) store<u8>(work + 1 + at, load<u8>(input + at));
  const dLen = len + 1;
  const padded = dLen != PADDED_BYTES;
  if (padded) store<u8>(work + dLen, 0x80);
  const last = work + AES_BLOCK_BYTES;
  xorBlock(last, padded ? k2 : k1);
  aesCbcMac(roundKeys, work, 1, last, out);
}
