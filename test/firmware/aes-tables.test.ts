/** The image's constant AES tables are exactly those defined by FIPS-197 §5.1.1 (recomputed here). */
import { describe, expect, it } from 'vitest';
import { STATIC_BASE } from '../../firmware/abi.js';
import { aesSbox, aesTeTables } from '../../host/crypto/aes-table-math.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';

const TABLES_BYTES = 4 * 1024;

describe.each(VARIANTS)('the %s image', (variant) => {
  const [tables] = inspectImage(loadImage(variant).bytes).dataSegments;

  it('should begin its static data at STATIC_BASE with the four T-tables (2·S, S, S, 3·S and rotations), little-endian', () => {
    expect(tables!.offset).toBe(STATIC_BASE);
    const expected = aesTeTables();
    expect(Buffer.from(tables!.bytes.subarray(0, TABLES_BYTES)).equals(Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength))).toBe(true);
  });

  it('should find the FIPS-197 S-box in byte 1 of each TE0 word', () => {
    const sboxFromTable = Uint8Array.from({ length: 256 }, (_, x) => tables!.bytes[4 * x + 1]!);
    expect(Buffer.from(sboxFromTable).equals(Buffer.from(aesSbox()))).toBe(true);
  });
});

describe('the table math', () => {
  it('should give the S-box entries FIPS-197 Figure 7 prints', () => {
    const sbox = aesSbox();
    expect([sbox[0x00], sbox[0x01], sbox[0x53], sbox[0xff]]).toEqual([0x63, 0x7c, 0xed, 0x16]);
  });
});
