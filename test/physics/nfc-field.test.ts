/** Power from a phone's NFC field: the field-distance law, the power-field law, and the charge it delivers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Capacitor } from '../../host/physics/capacitor.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import {
  ISO14443_H_MAX_A_PER_M,
  ISO14443_H_MIN_A_PER_M,
  distanceForFieldMm,
  nfcChargeCurrentUa,
  nfcDrawUw,
  nfcFieldSource,
  nfcHarvestUw,
  phoneFieldAPerM,
} from '../../host/physics/nfc-field.js';
import { PowerSupply } from '../../host/physics/power-supply.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

const figures = physicsFigures(loadProfileByName('reference-m0plus'));
const { nfcHarvester: harvester, phone } = figures;
const field = fc.double({ min: 0, max: 10, noNaN: true });

describe('harvested power vs field strength', () => {
  it('should give nothing below ISO/IEC 14443-2 Hmin = 1.5 A/m and something from it', () => {
    expect(ISO14443_H_MIN_A_PER_M).toBe(1.5);
    expect(ISO14443_H_MAX_A_PER_M).toBe(7.5);
    expect(nfcHarvestUw(harvester, 0)).toBe(0);
    expect(nfcHarvestUw(harvester, 1.4999)).toBe(0);
    expect(nfcHarvestUw(harvester, 1.5)).toBeGreaterThan(0);
  });

  it('should be non-decreasing in H', () => {
    fc.assert(
      fc.property(field, field, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(nfcHarvestUw(harvester, lo)).toBeLessThanOrEqual(nfcHarvestUw(harvester, hi));
      }),
    );
  });

  it('should grow as H^2 and saturate within the operating field (<= 7.5 A/m)', () => {
    const hSat = harvester.saturationFieldAPerM;
    expect(hSat).toBeGreaterThanOrEqual(ISO14443_H_MIN_A_PER_M);
    expect(hSat).toBeLessThanOrEqual(ISO14443_H_MAX_A_PER_M);
    expect(nfcHarvestUw(harvester, 3) / nfcHarvestUw(harvester, 2)).toBeCloseTo(9 / 4, 12);
    expect(nfcHarvestUw(harvester, hSat)).toBe(harvester.harvestMaxUw);
    expect(nfcHarvestUw(harvester, ISO14443_H_MAX_A_PER_M)).toBe(harvester.harvestMaxUw);
    expect(nfcHarvestUw(harvester, 20)).toBe(harvester.harvestMaxUw);
  });

  it('should let the lock draw no more than the harvester gives', () => {
    fc.assert(
      fc.property(field, fc.double({ min: 0, max: 50_000, noNaN: true }), (h, demandUw) => {
        const drawn = nfcDrawUw(harvester, h, demandUw);
        expect(drawn).toBeLessThanOrEqual(nfcHarvestUw(harvester, h));
        expect(drawn).toBeLessThanOrEqual(demandUw);
        expect(drawn).toBe(Math.min(demandUw, nfcHarvestUw(harvester, h)));
      }),
    );
    // The harvester's current at its output: P / outputV (10 mW at 3.3 V: about 3.03 mA).
    expect(nfcChargeCurrentUa(harvester, 5)).toBeCloseTo(10_000 / 3.3, 9);
  });
});

describe('field vs distance', () => {
  it("should follow a loop's on-axis law H0 a^3 / (a^2 + z^2)^(3/2)", () => {
    expect(phoneFieldAPerM(phone, 0)).toBe(phone.phoneFieldAtContactAPerM);
    const a = phone.phoneAntennaRadiusMm;
    // At z = a the field is H0 / 2^(3/2); far away it falls as 1/z^3.
    expect(phoneFieldAPerM(phone, a)).toBeCloseTo(phone.phoneFieldAtContactAPerM / 2 ** 1.5, 12);
    expect(phoneFieldAPerM(phone, 100 * a) / phoneFieldAPerM(phone, 200 * a)).toBeCloseTo(8, 2);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), (z1, z2) => {
        const [near, far] = z1 <= z2 ? [z1, z2] : [z2, z1];
        expect(phoneFieldAPerM(phone, far)).toBeLessThanOrEqual(phoneFieldAPerM(phone, near));
      }),
    );
  });

  it('should reach Hmin at about 2 cm (the NFC Forum typical range) and invert exactly', () => {
    const rangeMm = distanceForFieldMm(phone, ISO14443_H_MIN_A_PER_M);
    expect(rangeMm).toBeGreaterThan(15);
    expect(rangeMm).toBeLessThan(25);
    expect(phoneFieldAPerM(phone, rangeMm)).toBeCloseTo(ISO14443_H_MIN_A_PER_M, 9);
    expect(nfcHarvestUw(harvester, phoneFieldAPerM(phone, rangeMm + 1))).toBe(0);
    expect(distanceForFieldMm(phone, 100)).toBe(0);
  });
});

describe('the phone as a charge source', () => {
  it('should power the MCU on at the time the constant current predicts, and charge no higher than its output', () => {
    const distanceMm = 5;
    const iUa = nfcChargeCurrentUa(harvester, phoneFieldAPerM(phone, distanceMm));
    const source = nfcFieldSource(harvester, phone, [{ fromUs: 10_000, untilUs: 5_000_000, distanceMm }]);
    const supply = new PowerSupply(new Capacitor(figures.capacitor), source, figures.supplyV);
    const expectedUs = 10_000 + (figures.capacitor.capacitanceUf * figures.capacitor.powerOnV) / (iUa * 1e-6);
    expect(supply.runUntilPowerOn(5_000_000)).toBeCloseTo(expectedUs, 3);
    supply.advanceTo(5_000_000);
    expect(supply.voltageV).toBe(harvester.outputV);
  });

  it('should give nothing out of range', () => {
    const source = nfcFieldSource(harvester, phone, [{ fromUs: 0, untilUs: 1_000_000, distanceMm: 40 }]);
    const supply = new PowerSupply(new Capacitor(figures.capacitor), source, figures.supplyV);
    expect(supply.runUntilPowerOn(1_000_000)).toBeUndefined();
    expect(supply.voltageV).toBe(0);
  });
});
