/** 16-byte block helpers on linear memory (unaligned u32 access is legal in WASM). */

/** dst ^= src, 16 bytes. */
// @ts-ignore: decorator
@inline export function xorBlock(dst: usize, src: usize): void {
  store<u32>(dst, load<u32>(dst, 0) ^ load<u32>(src, 0), 0);
  store<u32>(dst, load<u32>(dst, 4) ^ load<u32>(src, 4), 4);
  store<u32>(dst, load<u32>(dst, 8) ^ load<u32>(src, 8), 8);
  store<u32>(dst, load<u32>(dst, 12) ^ load<u32>(src, 12), 12);
}

/** dst = src, 16 bytes. */
// @ts-ignore: decorator
@inline export function copyBlock(dst: usize, src: usize): void {
  store<u64>(dst, load<u64>(src, 0), 0);
  store<u64>(dst, load<u64>(src, 8), 8);
}

/** dst = 0, 16 bytes. */
// @ts-ignore: decorator
@inline export function zeroBlock(dst: usize): void {
  store<u64>(dst, 0, 0);
  store<u64>(dst, 0, 8);
}

/**
 * dst = the `len` bytes at src (0 <= len <= 16), then, if len < 16, the padding 10^i of RFC 4493
 * §2.4 (one 0x80 byte, zeros to the end of the block). Reads no byte past src + len. Small copies
 * are done here in words rather than with memory.copy and memory.fill, which V8 makes calls into
 * the runtime (some 8 ns each, more than the copy).
 */
export function padBlock(dst: usize, src: usize, len: u32): void {
  if (len == 16) {
    copyBlock(dst, src);
    return;
  }
  zeroBlock(dst);
  const words = <usize>(len & 12);
  for (let at: usize = 0; at < words; at += 4) store<u32>(dst + at, load<u32>(src + at));
  for (let at = words; at < <usize>len; at++) store<u8>(dst + at, load<u8>(src + at));
  store<u8>(dst + <usize>len, 0x80);
}

/** Each byte's bits 7..1 (after a shift left by one bit), and each byte's bit 0, of a u64. */
const BITS_7_TO_1: u64 = 0xfefefefefefefefe;
const BITS_0: u64 = 0x0101010101010101;

/**
 * dst = src · x in GF(2^128), the block read as a big-endian bit string: shift left by one bit
 * and, if the bit shifted out was set, XOR the last byte with Rb = 0x87 (RFC 4493 §2.3, the
 * constant for b = 128). dst may equal src. On two little-endian u64 words: every byte shifts left
 * within itself and takes bit 7 of the byte after it (`>> 15`); byte 7 takes it from byte 8.
 */
export function doubleBlock(dst: usize, src: usize): void {
  const low = load<u64>(src, 0); // bytes 0..7
  const high = load<u64>(src, 8); // bytes 8..15
  const rb = ((low >> 7) & 1) * (<u64>0x87 << 56); // bit 7 of byte 0 out, Rb into byte 15
  store<u64>(dst, ((low << 1) & BITS_7_TO_1) | ((low >> 15) & BITS_0) | ((high & 0x80) << 49), 0);
  store<u64>(dst, (((high << 1) & BITS_7_TO_1) | ((high >> 15) & BITS_0)) ^ rb, 8);
}
