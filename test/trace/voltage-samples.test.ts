/** The capacitor's voltage as trace samples: on the model's curve, never further than a step from it, turning where it turns. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleVoltage, voltageAt, type VoltagePoint } from '../../host/trace/voltage-samples.js';

/** A piecewise-linear voltage: knots at increasing whole-ns times, values 0..3.6 V. */
const knots = fc
  .array(fc.record({ gapNs: fc.integer({ min: 1, max: 5_000_000 }), voltageV: fc.double({ min: 0, max: 3.6, noNaN: true }) }), { minLength: 1, maxLength: 30 })
  .map((points) => {
    let atNs = 0;
    return points.map(({ gapNs, voltageV }) => {
      atNs += gapNs;
      return { atUs: atNs / 1000, voltageV };
    });
  });

/**
 * The most V can move in a nanosecond on this curve: a sample's time is rounded by up to half a
 * nanosecond, and so is the next one's, so the held value may lag the model by that much more.
 */
function oneNsSwingV(points: readonly VoltagePoint[]): number {
  let steepest = 0;
  for (let i = 1; i < points.length; i++) {
    steepest = Math.max(steepest, Math.abs(points[i]!.voltageV - points[i - 1]!.voltageV) / (points[i]!.atUs - points[i - 1]!.atUs));
  }
  return steepest * 0.001;
}

describe('voltage samples for a trace', () => {
  it('should put every sample on the model\'s curve, at a whole nanosecond, to 1 uV', () => {
    fc.assert(
      fc.property(knots, (points) => {
        for (const sample of sampleVoltage(points)) {
          expect(Number.isInteger(Math.round(sample.atUs * 1000)) && Math.abs(sample.atUs * 1000 - Math.round(sample.atUs * 1000)) < 1e-6).toBe(true);
          expect(Math.abs(sample.voltageV - voltageAt(points, sample.atUs))).toBeLessThanOrEqual(5e-7 + 1e-12);
        }
      }),
    );
  });

  it('should never hold a value further than one step from the model between samples', () => {
    const stepV = 0.01;
    fc.assert(
      fc.property(knots, (points) => {
        const samples = sampleVoltage(points, { stepV });
        const slack = stepV + oneNsSwingV(points) + 1e-6 + 1e-12; // the value's 1 uV rounding, and the last bits of a double
        // Check the curve at every knot and halfway between knots against the value held there.
        const probes = points.flatMap((p, i) => (i === 0 ? [p.atUs] : [(points[i - 1]!.atUs + p.atUs) / 2, p.atUs]));
        for (const atUs of probes) {
          const held = samples.filter((s) => s.atUs <= atUs).at(-1) ?? samples[0]!;
          expect(Math.abs(held.voltageV - voltageAt(points, atUs)), `at ${atUs} us`).toBeLessThanOrEqual(slack);
        }
      }),
    );
  });

  it('should sample at the first and last knot and at every corner, in strictly increasing time', () => {
    const points: VoltagePoint[] = [
      { atUs: 0, voltageV: 0 },
      { atUs: 1_000, voltageV: 3 }, // charging, then a load: a corner
      { atUs: 1_020, voltageV: 2.5 },
      { atUs: 1_040, voltageV: 2.5 }, // flat, then charging again: a corner at each end
      { atUs: 2_000, voltageV: 2.9 },
    ];
    const samples = sampleVoltage(points, { stepV: 0.5 });
    for (const corner of points) expect(samples).toContainEqual(corner);
    // 0.5 V steps while charging from 0 to 3 V: 0.5, 1.0, ... 2.5 at their crossing times, to the nanosecond.
    const charging = samples.filter((s) => s.atUs > 0 && s.atUs < 1_000);
    expect(charging.map((s) => s.atUs)).toEqual([166.667, 333.333, 500, 666.667, 833.333]);
    charging.forEach((s, i) => expect(s.voltageV).toBeCloseTo(0.5 * (i + 1), 5));
    for (let i = 1; i < samples.length; i++) expect(samples[i]!.atUs).toBeGreaterThan(samples[i - 1]!.atUs);
  });

  it('should not write collinear knots: two steps drawing the same current are one line', () => {
    const points: VoltagePoint[] = [
      { atUs: 0, voltageV: 3 },
      { atUs: 100, voltageV: 2.999 },
      { atUs: 300, voltageV: 2.997 },
    ];
    expect(sampleVoltage(points)).toEqual([points[0], points[2]]);
  });
});
