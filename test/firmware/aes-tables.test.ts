/** The image's constant AES tables are exactly those defined by FIPS-197 §5.1.1 (recomputed here). */
import { describe, expect, it } from 'vitest';
import { aesSbox, aesTeTable } from '../../host/crypto/aes-table-math.js';
import { loadImage } from '../../host/firmware/image.js';
import { inspectImage } from '../support/image-inspector.js';
import { VARIANTS } from '../support/firmware.js';

describe.each(VARIANTS)('the %s image', (variant) => {
  const segments = inspectImage(loadImage(variant).bytes).dataSegments;
  const contains = (needle: Uint8Array) => segments.some((segment) => Buffer.from(segment.bytes).includes(Buffer.from(needle)));

  it('should carry the FIPS-197 S-box computed from the GF(2^8) inverse and the affine map', () => {
    expect(contains(aesSbox())).toBe(true);
  });

  it('should carry the T-table (2·S, S, S, 3·S) as little-endian words', () => {
    const table = aesTeTable();
    expect(contains(new Uint8Array(table.buffer, table.byteOffset, table.byteLength))).toBe(true);
  });
});

describe('the table math', () => {
  it('should give the S-box entries FIPS-197 Figure 7 prints', () => {
    const sbox = aesSbox();
    expect([sbox[0x00], sbox[0x01], sbox[0x53], sbox[0xff]]).toEqual([0x63, 0x7c, 0xed, 0x16]);
  });
});
