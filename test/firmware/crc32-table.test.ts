/**
 * The image's CRC-32 table (assembly/store/crc32.ts) is the one its definition gives: entry n is
 * the register after shifting in byte n, eight steps of "shift right, XOR 0xEDB88320 when a one
 * falls out" (ISO/IEC 3309 HDLC, reflected). Recomputed here, and checked against zlib's CRC-32.
 */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';

/** The reflected polynomial 0x04C11DB7. */
const POLYNOMIAL_REFLECTED = 0xedb88320;

function tableFromDefinition(): Uint32Array {
  return Uint32Array.from({ length: 256 }, (_, n) => {
    let register = n;
    for (let step = 0; step < 8; step++) register = register & 1 ? (POLYNOMIAL_REFLECTED ^ (register >>> 1)) >>> 0 : register >>> 1;
    return register;
  });
}

/** The table-driven CRC the firmware runs, over the recomputed table. */
function tableCrc(table: Uint32Array, bytes: Uint8Array): number {
  let register = 0xffff_ffff;
  for (const byte of bytes) register = (table[(register ^ byte) & 0xff]! ^ (register >>> 8)) >>> 0;
  return ~register >>> 0;
}

describe.each(VARIANTS)('the %s image', (variant) => {
  it('should carry the 1 KiB CRC-32 table among its static data, little-endian', () => {
    const table = tableFromDefinition();
    // Entry 0 is zero, and the optimizer leaves leading zeros of a segment to the zeroed memory.
    const expected = Buffer.from(table.buffer, 4);
    const found = inspectImage(loadImage(variant).bytes).dataSegments.some((segment) => Buffer.from(segment.bytes).indexOf(expected) >= 0);
    expect(found).toBe(true);
  });
});

describe('the CRC-32 of the state journal', () => {
  it('should give the check value 0xCBF43926 for "123456789", as zlib does', () => {
    const check = new TextEncoder().encode('123456789');
    expect(tableCrc(tableFromDefinition(), check)).toBe(0xcbf43926);
    expect(crc32(check)).toBe(0xcbf43926);
  });

  it('should never validate an erased slot: the CRC of 100 bytes of 0x00 or 0xFF is neither 0x00000000 nor 0xFFFFFFFF', () => {
    for (const erased of [0x00, 0xff]) {
      const crc = crc32(new Uint8Array(100).fill(erased));
      expect(crc).not.toBe(0);
      expect(crc).not.toBe(0xffff_ffff);
    }
  });
});
