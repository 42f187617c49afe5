/** The suites' text tables: what each row shows, absent rows, alignment. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatModeledTable } from '../../bench/modeled-table.js';
import { formatNs, formatRatio, formatTable } from '../../bench/table.js';
import { absentRow, measuredRow, modeledRow, timedSuite } from './rows.js';

describe('formatTable', () => {
  it('should show ns/op, ops/s, ±rme and the ratio to the base row for each measured row', () => {
    const table = formatTable(
      timedSuite('decision', [
        measuredRow('wasm', 2_412, { name: 'decision wasm', baseline: true, vsBaseline: 1, rmePercent: 0.91 }),
        measuredRow('noble', 190_000, { name: 'decision noble', implementation: 'noble', vsBaseline: 190_000 / 2_412, rmePercent: 2.5 }),
      ]),
    );
    const [wasm, noble] = ['decision wasm', 'decision noble'].map((name) => table.split('\n').find((line) => line.startsWith(name))!);
    expect(wasm).toMatch(/\| +2,412 \| +414,594 \| +±0\.91% \| 1\.00x \(base\)$/);
    expect(noble).toMatch(/\| +190,000 \| +5,263 \| +±2\.50% \| +78\.8x$/);
  });

  it('should show an absent row without a figure and its reason once under the table', () => {
    const reason = 'the lock has no access log yet';
    const table = formatTable(timedSuite('decision', [{ ...absentRow('a', reason), name: 'log on wasm', baseline: true }, { ...absentRow('b', reason, 'noble'), name: 'log on noble' }]));
    const line = table.split('\n').find((l) => l.startsWith('log on wasm'))!;
    expect(line).toMatch(/\| absent$/);
    expect(line).not.toMatch(/\d/);
    expect(table).toContain(`absent (2 rows): ${reason}`);
  });

  it('should print a header, a rule and every row at the same column widths', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\n') && !s.includes('|')), fc.double({ min: 0.01, max: 1e8, noNaN: true })), { minLength: 1, maxLength: 8 }), (specs) => {
        const rows = specs.map(([name, ns], i) => measuredRow(`r${i}`, ns, { name, baseline: i === 0, vsBaseline: ns / specs[0]![1] }));
        const lines = formatTable(timedSuite('s', rows)).split('\n').slice(1, 3 + rows.length);
        const bars = (line: string) => [...line].flatMap((ch, i) => (ch === '|' ? [i] : []));
        for (const line of lines) expect(bars(line)).toEqual(bars(lines[0]!));
        expect(new Set(lines.map((line) => line.length)).size).toBe(1);
      }),
    );
  });
});

describe('number formats', () => {
  it('should keep three significant digits for ns without hiding whole nanoseconds, and ratios to two decimals below 10', () => {
    expect([formatNs(2.344), formatNs(23.44), formatNs(2_345.6)]).toEqual(['2.34', '23.4', '2,346']);
    expect([formatRatio(1), formatRatio(9.994), formatRatio(78.84)]).toEqual(['1.00x', '9.99x', '78.8x']);
  });
});

describe('formatModeledTable', () => {
  it('should show per profile the counts per authentication and the NVM writes per grant, and absent rows with their reason', () => {
    const table = formatModeledTable({
      kind: 'modeled',
      suite: 'modeled',
      rows: [
        modeledRow('reference-m0plus', 'off', { aesBlocks: 23, keyExpansions: 4, pages: 0 }),
        { id: 'x', profile: 'reference-m0plus', door: 'dwelling', log: 'on', status: 'absent', reason: 'no log yet' },
      ],
    });
    const off = table.split('\n').find((l) => l.includes('| off'))!;
    expect(off).toMatch(/23,000 \|.*\| 23 \(0\+0\+0\) \| 4 \(0\+0\+0\) \| +0 \(mean 0\.00\)$/);
    expect(table.split('\n').find((l) => l.includes('| on'))).toMatch(/\| absent$/);
    expect(table).toContain('absent (1 row): no log yet');
  });
});
