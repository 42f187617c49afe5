/** The image's constant AES table is exactly the one FIPS-197 §5.1.1 defines (recomputed here). */
import { describe, expect, it } from 'vitest';
import { STATIC_BASE } from '../../firmware/abi.js';
import { aesSbox, aesTeTables } from '../../host/crypto/aes-table-math.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';

/** Entries of the table; each holds TE0[x] twice (assembly/crypto/aes-tables.ts): 8 bytes, 2 KiB in all. */
const ENTRIES = 256;
const ENTRY_BYTES = 8;

describe.each(VARIANTS)('the %s image', (variant) => {
  const [tables] = inspectImage(loadImage(variant).bytes).dataSegments;
  const bytes = () => tables!.bytes;
  const word = (at: number) => (bytes()[at]! | (bytes()[at + 1]! << 8) | (bytes()[at + 2]! << 16) | (bytes()[at + 3]! << 24)) >>> 0;

  it('should begin its static data at STATIC_BASE with the T-table TE0 (2·S, S, S, 3·S), each entry twice, little-endian', () => {
    expect(tables!.offset).toBe(STATIC_BASE);
    const te0 = aesTeTables().subarray(0, ENTRIES);
    const expected = new Uint32Array(2 * ENTRIES);
    te0.forEach((entry, x) => expected.set([entry, entry], 2 * x));
    expect(Buffer.from(bytes().subarray(0, ENTRIES * ENTRY_BYTES)).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('should read TE1, TE2 and TE3 (TE0 rotated by 8, 16 and 24 bits) as the words at bytes 3, 2 and 1 of each entry', () => {
    const all = aesTeTables();
    for (let x = 0; x < ENTRIES; x++) {
      const at = ENTRY_BYTES * x;
      expect([word(at + 3), word(at + 2), word(at + 1)]).toEqual([all[ENTRIES + x], all[2 * ENTRIES + x], all[3 * ENTRIES + x]]);
    }
  });

  it('should find the FIPS-197 S-box in byte 1 of each entry', () => {
    const sboxFromTable = Uint8Array.from({ length: ENTRIES }, (_, x) => bytes()[ENTRY_BYTES * x + 1]!);
    expect(Buffer.from(sboxFromTable).equals(Buffer.from(aesSbox()))).toBe(true);
  });
});

describe('the table math', () => {
  it('should give the S-box entries FIPS-197 Figure 7 prints', () => {
    const sbox = aesSbox();
    expect([sbox[0x00], sbox[0x01], sbox[0x53], sbox[0xff]]).toEqual([0x63, 0x7c, 0xed, 0x16]);
  });
});
