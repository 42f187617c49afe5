/** The image's constant AES tables are exactly those defined by FIPS-197 §5.1.1 (recomputed here). */
import { describe, expect, it } from 'vitest';
import { STATIC_BASE } from '../../firmware/abi.js';
import { aesSbox, aesTeTables } from '../../host/crypto/aes-table-math.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';

/** Words per table; the image keeps TE0 and TE2 (assembly/crypto/aes-tables.ts), 2 KiB. */
const TABLE_WORDS = 256;
const TABLES_BYTES = 2 * 4 * TABLE_WORDS;

describe.each(VARIANTS)('the %s image', (variant) => {
  const [tables] = inspectImage(loadImage(variant).bytes).dataSegments;

  it('should begin its static data at STATIC_BASE with the T-tables TE0 (2·S, S, S, 3·S) and TE2 (TE0 rotated by 16 bits), little-endian', () => {
    expect(tables!.offset).toBe(STATIC_BASE);
    const all = aesTeTables();
    const expected = new Uint32Array(2 * TABLE_WORDS);
    expected.set(all.subarray(0, TABLE_WORDS), 0);
    expected.set(all.subarray(2 * TABLE_WORDS, 3 * TABLE_WORDS), TABLE_WORDS);
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
