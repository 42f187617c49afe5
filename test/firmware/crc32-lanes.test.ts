/**
 * The firmware's CRC-32 (assembly/store/crc32.ts) steps the state slot's 100 checked bytes as two
 * lanes of 50 and joins them with one multiplication mod P. It must give zlib's CRC-32 for every
 * slot: checked here through the state journal, with slots made byte for byte from STORAGE.md.
 */
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_NONCE_BYTES } from '../../firmware/protocol.js';
import { decodeChallenge, encodeHello } from '../../host/protocol/frames.js';
import { encodeSlot, putSlot, type SlotFields } from '../storage/support/nvm-image-builder.js';
import { COMMON_LOCK, provisionedFirmwareLock, testManagement } from '../support/site.js';

/** The reflected polynomial 0x04C11DB7. */
const POLYNOMIAL_REFLECTED = 0xedb88320;
/** Bytes per lane (crc32.ts LANE_BYTES) and the joining constant the firmware carries (LANE_SHIFT). */
const LANE_BYTES = 50;
const LANE_SHIFT = 0xd25c4ee9;
/** Bytes of a slot under its CRC (STORAGE.md, "The state journal"). */
const CHECKED_BYTES = 100;

/** x^n mod P in the reflected form (bit 31 is x^0). */
function xPowerModP(n: number): number {
  let register = 0x8000_0000;
  for (let i = 0; i < n; i++) register = register & 1 ? (POLYNOMIAL_REFLECTED ^ (register >>> 1)) >>> 0 : register >>> 1;
  return register >>> 0;
}

/** The slot's fields a CHALLENGE shows, and the rest drawn at random so that every byte counts. */
const slotFields: fc.Arbitrary<SlotFields> = fc.record({
  seq: fc.integer({ min: 2, max: 0xffff_ffff }),
  markDay: fc.integer({ min: 0, max: 0xffff }),
  generation: fc.integer({ min: 0, max: 0xffff }),
  changeDay: fc.integer({ min: 0, max: 0xffff }),
  consentEpoch: fc.integer({ min: 0, max: 0xffff }),
  blocklistVersion: fc.integer({ min: 0, max: 0xffff_ffff }),
  emergencyCount: fc.integer({ min: 0, max: 0xffff_ffff }),
  emergencyAcked: fc.integer({ min: 0, max: 0xffff_ffff }),
  tenantSecret: fc.uint8Array({ minLength: 16, maxLength: 16 }),
});

/** A lock whose journal holds `newer` in slot 0 and an older valid slot (seq 1, mark day 1) in slot 1; its CHALLENGE. */
function challengeWith(newer: Uint8Array) {
  const { lock, devices } = provisionedFirmwareLock(testManagement(), COMMON_LOCK);
  putSlot(devices.nvm.bytes, 1, encodeSlot({ seq: 1, markDay: 1, blocklistVersion: 1 }));
  putSlot(devices.nvm.bytes, 0, newer);
  lock.powerUp();
  return decodeChallenge(lock.receive(encodeHello({ keyId: 7, keyNonce: new Uint8Array(KEY_NONCE_BYTES), keyFlags: 0 })));
}

describe("the state journal's CRC-32", () => {
  it('should join its lanes with x^(8·50) mod P, the register shift over one lane of zero bytes', () => {
    expect(xPowerModP(8 * LANE_BYTES)).toBe(LANE_SHIFT);
    expect(2 * LANE_BYTES).toBe(CHECKED_BYTES);
  });

  it("should take a slot whose check is zlib's CRC-32 of its first 100 bytes, for any content", () => {
    fc.assert(
      fc.property(slotFields, (fields) => {
        const slot = encodeSlot(fields);
        expect(new DataView(slot.buffer).getUint32(CHECKED_BYTES, true)).toBe(crc32(slot.subarray(0, CHECKED_BYTES)));
        const challenge = challengeWith(slot);
        expect({ markDay: challenge.markDay, blocklistVersion: challenge.blocklistVersion }).toEqual({ markDay: fields.markDay, blocklistVersion: fields.blocklistVersion });
      }),
      { numRuns: 60 },
    );
  });

  it('should refuse a slot with any one bit changed, its content or its check, and fall back to the older slot', () => {
    fc.assert(
      fc.property(slotFields, fc.integer({ min: 0, max: 8 * (CHECKED_BYTES + 4) - 1 }), (fields, bit) => {
        const slot = encodeSlot(fields);
        slot[bit >> 3] = slot[bit >> 3]! ^ (1 << (bit & 7));
        const challenge = challengeWith(slot);
        expect({ markDay: challenge.markDay, blocklistVersion: challenge.blocklistVersion }).toEqual({ markDay: 1, blocklistVersion: 1 });
      }),
      { numRuns: 60 },
    );
  });
});
