/** The storage capacitor against its closed form, energy conservation, the supervisor's hysteresis and the clamp. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Capacitor, timeToVoltageUs, type CapacitorFigures, type StepCurrents } from '../../host/physics/capacitor.js';

/** The reference profile's figures (firmware/profiles/reference-m0plus.json, energy). */
const FIGURES: CapacitorFigures = { capacitanceUf: 1000, powerOnV: 3, brownOutV: 1.8, clampV: 3.6 };
const C = FIGURES.capacitanceUf;

/** Relative closeness for sums of floating-point products. */
const close = (actual: number, expected: number, scale = Math.abs(expected)) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, scale));

describe('closed form', () => {
  it('should charge from 0 V at constant current as V = I t / C', () => {
    // 10 mA for 100 ms into 1,000 uF: Q = 1,000 uC, V = 1 V.
    const cap = new Capacitor(FIGURES);
    const step = cap.step(100_000, { inUa: 10_000 });
    expect(step.endV).toBeCloseTo(1, 12);
    expect(cap.energyUj()).toBeCloseTo(500, 9); // C V^2 / 2 = 1,000 x 1 / 2
    expect(step.energyInUj).toBeCloseTo(500, 9);
    expect(cap.powered).toBe(false);
  });

  it('should match V = I t / C for any current and time below the clamp', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 100_000, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (inUa, durationUs) => {
        const v = (inUa * durationUs * 1e-6) / C;
        fc.pre(v < FIGURES.clampV);
        const cap = new Capacitor(FIGURES);
        const step = cap.step(durationUs, { inUa });
        close(step.endV, v, v);
        close(cap.energyUj(), (C * v * v) / 2);
        close(step.energyInUj, cap.energyUj());
      }),
    );
  });

  it('should discharge at constant load as V = V0 - I t / C and brown out when V reaches brownOutV', () => {
    const cap = new Capacitor(FIGURES, { voltageV: 3.3 });
    expect(cap.powered).toBe(true);
    const partial = cap.step(20_000, { loadUa: 25_000 }); // 25 mA for 20 ms: 500 uC, 0.5 V
    expect(partial.endV).toBeCloseTo(2.8, 12);
    expect(partial.brownOutAtUs).toBeUndefined();
    // From 2.8 V, 1.0 V to brown-out at 25 mA: 1,000 uC in 40 ms.
    const last = cap.step(100_000, { loadUa: 25_000 });
    expect(last.brownOutAtUs).toBeCloseTo(40_000, 6);
    expect(last.loadUs).toBeCloseTo(40_000, 6);
    expect(last.endV).toBe(1.8); // the load stops at brown-out: nothing else drains the capacitor
    expect(cap.powered).toBe(false);
  });

  it('should not depend on how an interval is cut (exact, not Euler)', () => {
    const currents = fc.record({
      inUa: fc.double({ min: 0, max: 50_000, noNaN: true }),
      loadUa: fc.double({ min: 0, max: 50_000, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.double({ min: 1.81, max: 3.6, noNaN: true }), currents, fc.double({ min: 0, max: 1, noNaN: true }), (v0, cur, split) => {
        const totalUs = 50_000;
        const whole = new Capacitor(FIGURES, { voltageV: v0, powered: true });
        const parts = new Capacitor(FIGURES, { voltageV: v0, powered: true });
        const one = whole.step(totalUs, cur);
        const firstUs = totalUs * split;
        const a = parts.step(firstUs, cur);
        const b = parts.step(totalUs - firstUs, cur);
        expect(Math.abs(parts.voltageV - whole.voltageV)).toBeLessThan(1e-9);
        expect(parts.powered).toBe(whole.powered);
        const cutBrownOut = a.brownOutAtUs ?? (b.brownOutAtUs === undefined ? undefined : firstUs + b.brownOutAtUs);
        if (one.brownOutAtUs === undefined) expect(cutBrownOut).toBeUndefined();
        else expect(Math.abs(cutBrownOut! - one.brownOutAtUs)).toBeLessThan(1e-6);
      }),
    );
  });

  it('should give the time to reach a voltage from the same law', () => {
    const cap = new Capacitor(FIGURES, { voltageV: 1 });
    expect(cap.timeToReachUs(2, { inUa: 10_000 })).toBeCloseTo(100_000, 6); // 1,000 uC at 10 mA
    expect(cap.timeToReachUs(0.5, { loadUa: 5_000 })).toBeCloseTo(100_000, 6); // 500 uC at 5 mA
    expect(cap.timeToReachUs(2, { loadUa: 5_000 })).toBe(Infinity);
    expect(cap.timeToReachUs(4, { inUa: 10_000 })).toBe(Infinity); // above the clamp
    expect(timeToVoltageUs(C, 1, 1, 0)).toBe(0);
    // The law ignores the supervisor: a load runs only while powered, so step a powered capacitor.
    const on = new Capacitor(FIGURES, { voltageV: 3.3 });
    const t = on.timeToReachUs(2.5, { inUa: 2_000, loadUa: 7_000 });
    expect(t).toBeCloseTo(160_000, 6); // 800 uC at a net 5 mA
    on.step(t, { inUa: 2_000, loadUa: 7_000 });
    expect(on.voltageV).toBeCloseTo(2.5, 12);
  });
});

describe('energy', () => {
  const stepArb: fc.Arbitrary<[number, StepCurrents]> = fc.tuple(
    fc.double({ min: 0, max: 200_000, noNaN: true }),
    fc.record({
      inUa: fc.double({ min: 0, max: 60_000, noNaN: true }),
      loadUa: fc.double({ min: 0, max: 60_000, noNaN: true }),
      ceilingV: fc.double({ min: 0.5, max: 4, noNaN: true }),
    }),
  );

  it('should conserve energy and charge over any sequence of steps: E_end = E_start + E_in - E_out', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 3.6, noNaN: true }), fc.array(stepArb, { maxLength: 12 }), (v0, steps) => {
        const cap = new Capacitor(FIGURES, { voltageV: v0 });
        const startUj = cap.energyUj();
        const startV = cap.voltageV;
        let inUj = 0;
        let outUj = 0;
        let netUc = 0;
        for (const [durationUs, currents] of steps) {
          const s = cap.step(durationUs, currents);
          inUj += s.energyInUj;
          outUj += s.energyOutUj;
          netUc += s.chargeInUc - s.chargeOutUc;
          expect(s.endV).toBeGreaterThanOrEqual(0);
          expect(s.endV).toBeLessThanOrEqual(Math.max(FIGURES.clampV, s.startV) + 1e-12);
        }
        const scale = startUj + inUj + outUj;
        close(cap.energyUj(), startUj + inUj - outUj, scale);
        close(C * (cap.voltageV - startV), netUc, C * 4 + Math.abs(netUc));
      }),
    );
  });

  it('should price a draw at the supply as the charge E / supplyV', () => {
    // 1,500 uJ at 3 V over 20 ms: 500 uC at 25 mA, 0.5 V off 1,000 uF.
    const cap = new Capacitor(FIGURES, { voltageV: 3.2 });
    const draw = cap.drawAtSupply(1_500, 20_000, 3);
    expect(draw.endV).toBeCloseTo(2.7, 12);
    expect(draw.drawnUj).toBeCloseTo(1_500, 9);
    expect(draw.chargeOutUc).toBeCloseTo(500, 9);
    // At the capacitor's terminals the energy is Q x Vmean = 500 x 2.95: the regulator dissipates the rest.
    expect(draw.energyOutUj).toBeCloseTo(1_475, 9);
    expect(cap.supplyBudgetUj(3)).toBeCloseTo(1_000 * (2.7 - 1.8) * 3, 9);
    expect(cap.storedAboveBrownOutUj()).toBeCloseTo(500 * (2.7 ** 2 - 1.8 ** 2), 9);
  });

  it('should hold the clamp: charge beyond it is turned away, and the load is served at it', () => {
    const cap = new Capacitor(FIGURES, { voltageV: 3.5 });
    const s = cap.step(100_000, { inUa: 10_000 }); // 1,000 uC offered, 100 uC fit below 3.6 V
    expect(s.endV).toBe(3.6);
    expect(s.chargeInUc).toBeCloseTo(100, 9);
    expect(s.rejectedUc).toBeCloseTo(900, 9);
    const held = cap.step(10_000, { inUa: 10_000, loadUa: 4_000 });
    expect(held.endV).toBe(3.6);
    expect(held.chargeInUc).toBeCloseTo(held.chargeOutUc, 12);
    // A source whose ceiling is below the voltage pushes nothing.
    const low = cap.step(10_000, { inUa: 10_000, ceilingV: 3.3 });
    expect(low.chargeInUc).toBe(0);
  });
});

describe('supervisor', () => {
  it('should power on only when V rises past powerOnV and power off only when it falls to brownOutV', () => {
    const cap = new Capacitor(FIGURES);
    cap.step(250_000, { inUa: 10_000 }); // 2.5 V: between the thresholds, still in reset
    expect(cap.voltageV).toBeCloseTo(2.5, 12);
    expect(cap.powered).toBe(false);
    const on = cap.step(100_000, { inUa: 10_000 }); // reaches 3.0 V after 50 ms
    expect(on.powerOnAtUs).toBeCloseTo(50_000, 6);
    expect(cap.powered).toBe(true);
    cap.step(100_000, { loadUa: 10_000 }); // 3.5 V -> 2.5 V: still on (hysteresis)
    expect(cap.voltageV).toBeCloseTo(2.5, 12);
    expect(cap.powered).toBe(true);
    const off = cap.step(100_000, { loadUa: 10_000 });
    expect(off.brownOutAtUs).toBeCloseTo(70_000, 6);
    expect(cap.powered).toBe(false);
    cap.step(70_000, { inUa: 10_000 }); // back to 2.5 V: no power-on below 3.0 V
    expect(cap.voltageV).toBeCloseTo(2.5, 12);
    expect(cap.powered).toBe(false);
  });

  it('should draw no load while the MCU is in reset, even after it powers on within the step', () => {
    const cap = new Capacitor(FIGURES, { voltageV: 2.9 });
    const s = cap.step(50_000, { inUa: 10_000, loadUa: 5_000 });
    expect(s.loadUs).toBe(0);
    expect(s.chargeOutUc).toBe(0);
    expect(s.powerOnAtUs).toBeCloseTo(10_000, 6);
  });

  it('should stop a step at the event asked for', () => {
    const cap = new Capacitor(FIGURES, { voltageV: 2, powered: true });
    const s = cap.step(1e6, { loadUa: 1_000, stopAt: 'brownOut' });
    expect(s.brownOutAtUs).toBeCloseTo(200_000, 6); // 200 uC at 1 mA
    expect(s.durationUs).toBeCloseTo(200_000, 6);
    const up = cap.step(1e6, { inUa: 12_000, stopAt: 'powerOn' });
    expect(up.durationUs).toBeCloseTo(100_000, 6); // 1.8 V -> 3.0 V: 1,200 uC at 12 mA
    expect(cap.voltageV).toBe(3);
  });

  it('should refuse inconsistent figures and states', () => {
    expect(() => new Capacitor({ ...FIGURES, powerOnV: 1.8 })).toThrow(RangeError);
    expect(() => new Capacitor(FIGURES, { voltageV: 4 })).toThrow(/above the clamp/);
    expect(() => new Capacitor(FIGURES, { voltageV: 1.5, powered: true })).toThrow(/brown-out/);
    expect(() => new Capacitor(FIGURES).step(-1)).toThrow(RangeError);
  });
});
