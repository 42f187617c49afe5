/** The key-turn generator: its speed and travel law, the presets, and its delivery into the capacitor. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Capacitor } from '../../host/physics/capacitor.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import {
  chargeForEnergyUc,
  insertionAtPace,
  insertionEnergyUj,
  insertionPieces,
  type Insertion,
} from '../../host/physics/key-generator.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

const profile = loadProfileByName('reference-m0plus');
const figures = physicsFigures(profile);
const gen = figures.generator;
const target = { capacitanceUf: figures.capacitor.capacitanceUf, clampV: figures.capacitor.clampV };

/** Runs the insertion's pieces into a capacitor with no load; returns it. */
function charge(insertion: Insertion, startV = 0): Capacitor {
  const cap = new Capacitor(figures.capacitor, { voltageV: startV });
  for (const p of insertionPieces(gen, insertion, { ...target, startV })) {
    cap.step(p.untilUs - p.fromUs, { inUa: p.currentUa, ceilingV: p.ceilingV });
  }
  return cap;
}

describe('key generator', () => {
  it("should give the normal insertion exactly the profile's harvestPerInsertionUj", () => {
    const normal = insertionAtPace(gen, 'normal');
    expect(normal).toEqual({ turnAngleDeg: profile.energy.normalTurnAngleDeg.value, turnDurationMs: profile.energy.normalTurnDurationMs.value });
    expect(insertionEnergyUj(gen, normal)).toBe(profile.energy.harvestPerInsertionUj.value);
    // ... and the empty capacitor stores exactly that: 5 mJ into 1,000 uF is sqrt(10) V.
    const cap = charge(normal);
    expect(cap.energyUj()).toBeCloseTo(profile.energy.harvestPerInsertionUj.value, 6);
    expect(cap.voltageV).toBeCloseTo(Math.sqrt(10), 9);
  });

  it('should order the presets hurried > normal > slow', () => {
    const [slow, normal, hurried] = (['slow', 'normal', 'hurried'] as const).map((p) => insertionEnergyUj(gen, insertionAtPace(gen, p)));
    expect(hurried).toBeGreaterThan(normal!);
    expect(normal).toBeGreaterThan(slow!);
    expect([slow, normal, hurried]).toEqual([2_500, 5_000, 10_000]); // energy proportional to speed
  });

  it('should scale the energy as speed x travel', () => {
    fc.assert(
      fc.property(fc.double({ min: 10, max: 360, noNaN: true }), fc.double({ min: 50, max: 2_000, noNaN: true }), fc.double({ min: 0.25, max: 4, noNaN: true }), (angle, ms, k) => {
        const e = insertionEnergyUj(gen, { turnAngleDeg: angle, turnDurationMs: ms });
        // Same travel, k times the speed: k times the energy.
        expect(insertionEnergyUj(gen, { turnAngleDeg: angle, turnDurationMs: ms / k })).toBeCloseTo(e * k, 6);
        // k times the travel in the same time: k times the speed and k times the travel.
        expect(insertionEnergyUj(gen, { turnAngleDeg: angle * k, turnDurationMs: ms })).toBeCloseTo(e * k * k, 6);
      }),
    );
  });

  it('should deliver over the turn as four constant currents that store the energy from any start voltage', () => {
    const normal = insertionAtPace(gen, 'normal');
    const pieces = insertionPieces(gen, normal, { ...target, startUs: 1_000 });
    expect(pieces).toHaveLength(4);
    expect(pieces[0]!.fromUs).toBe(1_000);
    expect(pieces[3]!.untilUs).toBe(1_000 + 300_000);
    for (let i = 1; i < 4; i++) expect(pieces[i]!.fromUs).toBe(pieces[i - 1]!.untilUs);
    // Speeds 0.5, 1, 1, 0.5: power (and current) 1 : 4 : 4 : 1.
    expect(pieces[1]!.currentUa / pieces[0]!.currentUa).toBeCloseTo(4, 12);
    expect(pieces[3]!.currentUa).toBeCloseTo(pieces[0]!.currentUa, 9);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1.5, noNaN: true }), (startV) => {
        const cap = charge(normal, startV);
        const storedUj = cap.energyUj() - (figures.capacitor.capacitanceUf * startV * startV) / 2;
        expect(storedUj).toBeCloseTo(5_000, 6);
      }),
    );
    expect(chargeForEnergyUc(5_000, 1_000)).toBeCloseTo(Math.sqrt(2 * 5_000 * 1_000), 9); // Q = sqrt(2 E C) from empty
  });

  it('should leave a hurried insertion at the clamp and a slow one below power-on', () => {
    const hurried = charge(insertionAtPace(gen, 'hurried'));
    expect(hurried.voltageV).toBe(figures.capacitor.clampV);
    const slow = charge(insertionAtPace(gen, 'slow'));
    expect(slow.voltageV).toBeCloseTo(Math.sqrt(5), 9); // 2.5 mJ into 1,000 uF
    expect(slow.powered).toBe(false);
  });

  it('should refuse a turn with no travel or no duration', () => {
    expect(() => insertionEnergyUj(gen, { turnAngleDeg: 0, turnDurationMs: 300 })).toThrow(RangeError);
    expect(() => insertionEnergyUj(gen, { turnAngleDeg: 90, turnDurationMs: 0 })).toThrow(RangeError);
  });
});
