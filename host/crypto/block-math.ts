/** 16-byte block helpers for the host's crypto (RFC 4493 §2.3 doubling). */

export const BLOCK_BYTES = 16;

/** x · block in GF(2^128), big-endian bit string: shift left one bit, XOR Rb = 0x87 on carry (RFC 4493 §2.3). */
export function gfDouble(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK_BYTES);
  for (let i = 0; i < BLOCK_BYTES - 1; i++) out[i] = ((block[i]! << 1) | (block[i + 1]! >> 7)) & 0xff;
  out[BLOCK_BYTES - 1] = ((block[BLOCK_BYTES - 1]! << 1) & 0xff) ^ (block[0]! & 0x80 ? 0x87 : 0);
  return out;
}

export function xorInto(target: Uint8Array, source: Uint8Array, targetOffset = 0): void {
  for (let i = 0; i < source.length; i++) target[targetOffset + i]! ^= source[i]!;
}
