/** The arithmetic of measure.ts: ratios to each group's base row, and a row's figures from tinybench's statistics. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencyFigures, withRatios } from '../../bench/measure.js';
import { absentRow, measuredRow } from './rows.js';

const ns = fc.double({ min: 1, max: 1e9, noNaN: true });

describe('withRatios', () => {
  it('should divide every row of a group by that group\'s base row', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ns, ns, ns), { minLength: 1, maxLength: 5 }), (groups) => {
        const rows = groups.flatMap(([base, a, b], g) => [
          measuredRow(`g${g}.base`, base, { group: `g${g}`, baseline: true }),
          measuredRow(`g${g}.a`, a, { group: `g${g}` }),
          measuredRow(`g${g}.b`, b, { group: `g${g}` }),
        ]);
        const rated = withRatios(rows);
        groups.forEach(([base, a, b], g) => {
          const ratioOf = (id: string) => {
            const row = rated.find((r) => r.id === id)!;
            return row.status === 'measured' ? row.vsBaseline : undefined;
          };
          expect(ratioOf(`g${g}.base`)).toBeCloseTo(1, 12);
          expect(ratioOf(`g${g}.a`)).toBeCloseTo(a / base, 9);
          expect(ratioOf(`g${g}.b`)).toBeCloseTo(b / base, 9);
        });
      }),
    );
  });

  it('should give no ratio (null) to a measured row whose base row is absent, and keep absent rows as they are', () => {
    const rated = withRatios([{ ...absentRow('base', 'no log yet'), baseline: true }, measuredRow('other', 1_000, { implementation: 'noble' })]);
    expect(rated[0]).toEqual({ ...absentRow('base', 'no log yet'), baseline: true });
    expect(rated[1]).toMatchObject({ status: 'measured', vsBaseline: null });
  });

  it('should refuse a group without a base row or with two', () => {
    expect(() => withRatios([measuredRow('a', 1), measuredRow('b', 2)])).toThrow(/0 baseline rows/);
    expect(() => withRatios([measuredRow('a', 1, { baseline: true }), measuredRow('b', 2, { baseline: true })])).toThrow(/2 baseline rows/);
  });
});

describe('latencyFigures', () => {
  it('should take ns/op from the median sample, keep the mean apart, and give ops/s as 1e9 / ns/op', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), fc.nat(), (p50, mean, rme, samplesCount) => {
        const figures = latencyFigures({ p50, mean, rme, samplesCount });
        expect(figures.nsPerOp).toBeCloseTo(p50 * 1e6, 6);
        expect(figures.meanNs).toBeCloseTo(mean * 1e6, 6);
        expect(figures.opsPerSec * figures.nsPerOp).toBeCloseTo(1e9, 3);
        expect(figures.rmePercent).toBe(rme);
        expect(figures.samples).toBe(samplesCount);
      }),
    );
  });
});
