/** Byte helpers for the wire format: integers are unsigned little-endian (PROTOCOL.md §1). */

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function assertUint(value: number, bits: 8 | 16 | 32): void {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) {
    throw new RangeError(`expected an unsigned ${bits}-bit integer, got ${value}`);
  }
}

export function getU16(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint16(offset, true);
}

export function getU32(bytes: Uint8Array, offset: number): number {
  return view(bytes).getUint32(offset, true);
}

export function setU8(bytes: Uint8Array, offset: number, value: number): void {
  assertUint(value, 8);
  view(bytes).setUint8(offset, value);
}

export function setU16(bytes: Uint8Array, offset: number, value: number): void {
  assertUint(value, 16);
  view(bytes).setUint16(offset, value, true);
}

export function setU32(bytes: Uint8Array, offset: number, value: number): void {
  assertUint(value, 32);
  view(bytes).setUint32(offset, value, true);
}

/** `value` as 2 little-endian bytes. */
export function u16le(value: number): Uint8Array {
  const bytes = new Uint8Array(2);
  setU16(bytes, 0, value);
  return bytes;
}

/** `value` as 4 little-endian bytes. */
export function u32le(value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  setU32(bytes, 0, value);
  return bytes;
}

/** `a ‖ b ‖ …` (§1). */
export function concat(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * The 3 ASCII bytes of a label constant of firmware/protocol.ts (LABEL_*), which holds them as
 * the low 3 bytes of a little-endian u32: label(LABEL_ISS) is "ISS" = 0x49 0x53 0x53.
 */
export function label(value: number): Uint8Array {
  return u32le(value).subarray(0, 3);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/** a XOR b, byte by byte; the two must have the same length. */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RangeError(`cannot XOR ${a.length} bytes with ${b.length}`);
  return a.map((byte, i) => byte ^ b[i]!);
}
