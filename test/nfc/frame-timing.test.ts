/** Durations and delays of ISO/IEC 14443-3 Type A at 106 kbit/s against the formulas. */
import { describe, expect, it } from 'vitest';
import { BIT_106_FC, CARRIER_HZ, fcToUs, usToFcCeil } from '../../host/nfc/carrier.js';
import {
  FIELD_ON_GUARD_FC,
  REQUEST_GUARD_TIME_FC,
  frameDelayNFor,
  frameDelayTimeFc,
  frameWaitingTimeFc,
  pcdShortFrameFc,
  pcdStandardFrameFc,
  piccStandardFrameFc,
  pcdLastPauseEndFc,
  PAUSE_A_T1_FC,
} from '../../host/nfc/frame-timing.js';
import { oddParityBit, shortFrameLastBitIsOne, standardFrameLastBitIsOne } from '../../host/nfc/type-a-bits.js';

describe('carrier', () => {
  it('fc = 13.56 MHz and one bit at 106 kbit/s is 128/fc = 9.4395 us', () => {
    expect(CARRIER_HZ).toBe(13_560_000);
    expect(BIT_106_FC).toBe(128);
    expect(fcToUs(128)).toBeCloseTo(9.439528, 6);
  });

  it('usToFcCeil rounds up to whole carrier cycles, exactly on whole products', () => {
    expect(usToFcCeil(1000)).toBe(13_560);
    expect(usToFcCeil(5100)).toBe(FIELD_ON_GUARD_FC);
    expect(usToFcCeil(1)).toBe(14); // 13.56 -> 14
    expect(usToFcCeil(0)).toBe(0);
  });
});

describe('frame durations', () => {
  it('a short frame (REQA/WUPA): start + 7 bits + end (2) = 10 bit periods = 1280 Fc', () => {
    expect(pcdShortFrameFc()).toBe(1280);
    expect(fcToUs(pcdShortFrameFc())).toBeCloseTo(94.395, 3);
  });

  it.each([1, 2, 4, 16, 64, 253])('a standard frame of %i bytes, both directions', (bytes) => {
    // PCD -> PICC: start (Z) + 9 bits a byte + end (logic 0 then Y).
    expect(pcdStandardFrameFc(bytes)).toBe((1 + 9 * bytes + 2) * 128);
    // PICC -> PCD: start (D) + 9 bits a byte + end (F).
    expect(piccStandardFrameFc(bytes)).toBe((1 + 9 * bytes + 1) * 128);
  });

  it('some figures in us: 2 bytes from the PICC 188.8 us, 253 bytes from the PCD 21522 us', () => {
    expect(fcToUs(piccStandardFrameFc(2))).toBeCloseTo(188.79, 2);
    expect(fcToUs(pcdStandardFrameFc(253))).toBeCloseTo(21522.12, 2);
  });
});

describe('frame delay time PCD -> PICC (ISO/IEC 14443-3 6.2.1.1)', () => {
  it('n = 9: 1172/fc after a last bit 0 (86.43 us), 1236/fc after a last bit 1 (91.15 us)', () => {
    expect(frameDelayTimeFc(9, false)).toBe(1172);
    expect(frameDelayTimeFc(9, true)).toBe(1236);
    expect(fcToUs(1172)).toBeCloseTo(86.43, 2);
    expect(fcToUs(1236)).toBeCloseTo(91.15, 2);
  });

  it('n >= 9 otherwise', () => {
    expect(frameDelayTimeFc(10, true)).toBe(10 * 128 + 84);
    expect(() => frameDelayTimeFc(8, true)).toThrow(RangeError);
    expect(() => frameDelayTimeFc(9.5, true)).toThrow(RangeError);
  });

  it('the least n that covers a processing time, never below 9', () => {
    expect(frameDelayNFor(0, false)).toBe(9);
    expect(frameDelayNFor(27_120, false)).toBe(212); // 2 ms: 212 x 128 + 20 = 27156 >= 27120
    expect(frameDelayTimeFc(212, false)).toBeGreaterThanOrEqual(27_120);
    expect(frameDelayTimeFc(211, false)).toBeLessThan(27_120);
  });

  it('the answer starts at the same instant whichever the last bit (both cases lie on one bit grid)', () => {
    const bits = 9 * 4;
    const one = pcdLastPauseEndFc(bits, true) + frameDelayTimeFc(9, true);
    const zero = pcdLastPauseEndFc(bits, false) + frameDelayTimeFc(9, false);
    expect(one).toBe(zero);
    expect(one).toBe(bits * 128 + 64 + PAUSE_A_T1_FC + 1236);
  });

  it('REQA (0x26) ends with bit b7 = 0, so the ATQA comes 1172/fc after its last pause', () => {
    expect(shortFrameLastBitIsOne(0x26)).toBe(false);
    expect(shortFrameLastBitIsOne(0x52)).toBe(true); // WUPA
  });

  it('odd parity: the last bit of a standard frame is the parity bit of its last byte', () => {
    expect(oddParityBit(0x00)).toBe(1);
    expect(oddParityBit(0x01)).toBe(0);
    expect(oddParityBit(0x03)).toBe(1);
    expect(oddParityBit(0xff)).toBe(1);
    expect(standardFrameLastBitIsOne(Uint8Array.of(0x93, 0x20))).toBe(false); // ANTICOLLISION ends with 0x20 (one bit set): parity 0, so its FDT is 1172/fc
  });
});

describe('guard and waiting times', () => {
  it('request guard time 7000/fc (516 us) and field-on guard 5.1 ms', () => {
    expect(REQUEST_GUARD_TIME_FC).toBe(7000);
    expect(fcToUs(REQUEST_GUARD_TIME_FC)).toBeCloseTo(516.22, 2);
    expect(fcToUs(FIELD_ON_GUARD_FC)).toBe(5100);
  });

  it.each([
    { fwi: 0, fc: 4096, us: 302.065 },
    { fwi: 4, fc: 65_536, us: 4833.04 },
    { fwi: 14, fc: 67_108_864, us: 4_949_031.3 },
  ])('FWT for FWI $fwi = 4096 x 2^FWI Fc = $us us', ({ fwi, fc, us }) => {
    expect(frameWaitingTimeFc(fwi)).toBe(fc);
    expect(fcToUs(frameWaitingTimeFc(fwi))).toBeCloseTo(us, 0);
    expect(Math.abs(fcToUs(frameWaitingTimeFc(fwi)) / 2 ** fwi - 302.065)).toBeLessThan(0.001);
  });

  it('FWI 15 is RFU', () => {
    expect(() => frameWaitingTimeFc(15)).toThrow(RangeError);
  });
});
