/** The supply the HAL reads: the budget, brown-out at the right moment, and the margin of an insertion. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Capacitor } from '../../host/physics/capacitor.js';
import { NO_SOURCE, PiecewiseSource } from '../../host/physics/charge-source.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { insertionMargin } from '../../host/physics/insertion-margin.js';
import { insertionAtPace, insertionSource } from '../../host/physics/key-generator.js';
import { PowerSupply } from '../../host/physics/power-supply.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

const figures = physicsFigures(loadProfileByName('reference-m0plus'));
const { capacitor: capFigures, supplyV } = figures;
const C = capFigures.capacitanceUf;

/** A supply with no source, charged to `voltageV` and powered. */
const charged = (voltageV: number, source = NO_SOURCE) =>
  new PowerSupply(new Capacitor(capFigures, { voltageV, powered: true }), source, supplyV);

describe('budget', () => {
  it('should report the charge above brown-out priced at supplyV, in nJ', () => {
    const supply = charged(3);
    // 1,000 uF x (3.0 - 1.8) V = 1,200 uC, x 3 V = 3,600 uJ.
    expect(supply.energyNj()).toBeCloseTo(3_600_000, 3);
    expect(supply.availableNj()).toBe(supply.energyNj());
    expect(new PowerSupply(new Capacitor(capFigures, { voltageV: 2.5 }), NO_SOURCE, supplyV).energyNj()).toBe(0); // in reset
  });

  it('should take exactly the energy consumed out of the budget', () => {
    const supply = charged(3);
    const step = supply.consume(1_000, 10_000);
    expect(step.brownOut).toBe(false);
    expect(step.drawnUj).toBeCloseTo(1_000, 9);
    expect(supply.energyNj()).toBeCloseTo(2_600_000, 3);
    expect(supply.nowUs).toBe(10_000);
  });
});

describe('brown-out', () => {
  it('should brown out a decision that draws more than the budget at the moment the budget runs out', () => {
    const supply = charged(3);
    // 4,500 uJ over 40 ms against a budget of 3,600 uJ: the budget lasts 40 x 3,600 / 4,500 = 32 ms.
    const step = supply.consume(4_500, 40_000);
    expect(step.brownOut).toBe(true);
    expect(step.brownOutAtUs).toBeCloseTo(32_000, 6);
    expect(step.endUs).toBeCloseTo(32_000, 6);
    expect(supply.nowUs).toBeCloseTo(32_000, 6);
    expect(step.drawnUj).toBeCloseTo(3_600, 6);
    expect(supply.powered).toBe(false);
    expect(supply.voltageV).toBe(capFigures.brownOutV);
    expect(supply.energyNj()).toBe(0);
    // Unpowered, nothing more runs.
    expect(supply.consume(1, 1).brownOut).toBe(true);
  });

  it('should brown out later when a source charges during the decision, at C (V - Vbo) / (Iload - Iin)', () => {
    // A constant 5 mA source; the decision draws 4,500 uJ / 3 V / 40 ms = 37.5 mA.
    const source = new PiecewiseSource([{ fromUs: 0, untilUs: 1e9, currentUa: 5_000, ceilingV: 3.6 }]);
    const step = charged(3, source).consume(4_500, 40_000);
    expect(step.brownOutAtUs).toBeCloseTo((C * 1.2) / ((37_500 - 5_000) * 1e-6), 6); // 36.92 ms
    expect(step.brownOut).toBe(true);
  });

  it('should brown out exactly when the energy asked exceeds energyNj (no source)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.9, max: 3.6, noNaN: true }),
        fc.double({ min: 0, max: 10_000, noNaN: true }),
        fc.double({ min: 1, max: 1e6, noNaN: true }),
        (voltageV, energyUj, durationUs) => {
          const supply = charged(voltageV);
          const budgetUj = supply.energyNj() / 1_000;
          fc.pre(Math.abs(energyUj - budgetUj) > 1e-6 * budgetUj);
          const step = supply.consume(energyUj, durationUs);
          expect(step.brownOut).toBe(energyUj > budgetUj);
          if (step.brownOut) expect(step.brownOutAtUs! - step.startUs).toBeCloseTo((durationUs * budgetUj) / energyUj, 3);
          else expect(supply.energyNj() / 1_000).toBeCloseTo(budgetUj - energyUj, 6);
        },
      ),
    );
  });

  it('should follow the source across its breakpoints', () => {
    const source = new PiecewiseSource([
      { fromUs: 0, untilUs: 100_000, currentUa: 10_000, ceilingV: 3.6 },
      { fromUs: 200_000, untilUs: 300_000, currentUa: 20_000, ceilingV: 3.6 },
    ]);
    const supply = new PowerSupply(new Capacitor(capFigures), source, supplyV);
    const s = supply.idle(400_000);
    expect(supply.voltageV).toBeCloseTo(3, 12); // 1,000 + 2,000 uC into 1,000 uF
    expect(s.powerOnAtUs).toBeCloseTo(300_000, 6);
    expect(s.harvestedUj).toBeCloseTo(500 * 9, 6); // C V^2 / 2 from empty
    expect(supply.nowUs).toBe(400_000);
  });
});

describe('insertion margin (reference profile)', () => {
  it('should leave a normal insertion with 50 uJ of decision and a release a margin of about 2.54 mJ', () => {
    const m = insertionMargin(figures, insertionAtPace(figures.generator, 'normal'), 50);
    expect(m.outcome).toBe('released');
    // Closed form: the generator stores 5 mJ, sqrt(10) V; the budget is C (sqrt(10) - 1.8) x 3 V,
    // less 50 + 1,500 uJ (the generator finishes its turn before the release ends or after; no clamp).
    const expected = C * (Math.sqrt(10) - capFigures.brownOutV) * supplyV - 50 - figures.actuator.releaseUj;
    expect(m.marginUj).toBeCloseTo(expected, 6);
    expect(m.marginUj).toBeCloseTo(2_536.83, 2);
    expect(m.storedAboveBrownOutUj).toBeCloseTo(1_879.63, 2);
    expect(m.powerOnAtUs).toBeGreaterThan(0);
    expect(m.powerOnAtUs).toBeLessThan(300_000);
  });

  it('should not power on with a slow insertion, and clamp a hurried one', () => {
    const slow = insertionMargin(figures, insertionAtPace(figures.generator, 'slow'), 50);
    expect(slow.outcome).toBe('no-power-on');
    expect(slow.marginUj).toBeLessThan(0);
    const hurried = insertionMargin(figures, insertionAtPace(figures.generator, 'hurried'), 50);
    expect(hurried.outcome).toBe('released');
    expect(hurried.endV).toBe(capFigures.clampV); // the rest of the turn recharges it to the clamp
  });

  it('should brown out when the decision costs more than the insertion gives', () => {
    const m = insertionMargin(figures, insertionAtPace(figures.generator, 'normal'), 5_000);
    expect(m.outcome).toBe('brown-out-deciding');
    expect(m.marginUj).toBeLessThan(0);
  });

  it('should charge with the generator while the firmware runs', () => {
    const normal = insertionAtPace(figures.generator, 'normal');
    const source = insertionSource(figures.generator, normal, { capacitanceUf: C, clampV: capFigures.clampV });
    const supply = new PowerSupply(new Capacitor(capFigures), source, supplyV);
    const on = supply.runUntilPowerOn(300_000)!;
    expect(supply.voltageV).toBe(capFigures.powerOnV);
    const before = supply.energyNj();
    // Power-on falls in the turn's last quarter, whose 4.2 mA exceed the 3.3 mA this draws.
    const step = supply.consume(10, 1_000);
    expect(step.harvestedUj).toBeGreaterThan(0);
    expect(step.drawnUj).toBeCloseTo(10, 9);
    expect(supply.energyNj()).toBeGreaterThan(before);
    expect(supply.nowUs).toBeCloseTo(on + 1_000, 6);
  });
});

describe('the voltage record', () => {
  it('should keep knots between which the voltage is linear: on every step boundary, at the clamp and at power-on', () => {
    const turn = insertionAtPace(figures.generator, 'hurried'); // a hurried turn reaches the clamp
    const source = insertionSource(figures.generator, turn, { capacitanceUf: C, clampV: capFigures.clampV });
    const supply = new PowerSupply(new Capacitor(capFigures), source, supplyV, 0, { recordVoltage: true });
    const powerOnUs = supply.runUntilPowerOn(1e9)!;
    supply.consume(500, 5_000);
    supply.advanceTo(turn.turnDurationMs * 1000);
    const knots = supply.voltageKnots!;
    expect(knots[0]).toEqual({ atUs: 0, voltageV: 0 });
    expect(knots.at(-1)!.voltageV).toBe(supply.voltageV);
    expect(knots.at(-1)!.atUs).toBeCloseTo(supply.nowUs, 6);
    for (let i = 1; i < knots.length; i++) expect(knots[i]!.atUs).toBeGreaterThanOrEqual(knots[i - 1]!.atUs);
    expect(knots).toContainEqual({ atUs: powerOnUs, voltageV: capFigures.powerOnV });
    expect(knots.some((knot) => knot.voltageV === capFigures.clampV)).toBe(true);
    // The source put in at least what the capacitor held at power-on, C V^2 / 2.
    expect(supply.harvestedUj).toBeGreaterThan((C * capFigures.powerOnV ** 2) / 2);
  });

  it('should keep no record unless asked', () => {
    expect(charged(3).voltageKnots).toBeUndefined();
  });
});
