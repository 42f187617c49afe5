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
 * dst = src · x in GF(2^128), the block read as a big-endian bit string: shift left by one bit
 * and, if the bit shifted out was set, XOR the last byte with Rb = 0x87 (RFC 4493 §2.3, the
 * constant for b = 128). dst may equal src.
 */
export function doubleBlock(dst: usize, src: usize): void {
  const carry = <u32>load<u8>(src) >> 7;
  for (let i: usize = 0; i < 15; i++) {
    store<u8>(dst + i, (<u32>load<u8>(src + i) << 1) | (<u32>load<u8>(src + i + 1) >> 7));
  }
  store<u8>(dst + 15, (<u32>load<u8>(src + 15) << 1) ^ (carry * 0x87));
}
