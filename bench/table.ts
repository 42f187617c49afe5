/** A timed suite's rows as an aligned text table: name | ns/op | ops/s | ±rme | vs wasm. */
import type { BenchRow, TimedSuiteResult } from './types.js';
import { renderTable } from './text-table.js';

const HEADER = ['name', 'ns/op', 'ops/s', '±rme', 'vs wasm'] as const;
/** Columns after the name hold numbers: right-aligned. */
const RIGHT_ALIGNED = [false, true, true, true, true];

export const grouped = (n: number, fractionDigits: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });

/** Three significant digits at most, without hiding whole nanoseconds. */
export function formatNs(ns: number): string {
  return grouped(ns, ns < 10 ? 2 : ns < 100 ? 1 : 0);
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}x`;
}

/** What an absent row shows in place of figures. */
export const ABSENT = 'absent';

function cells(row: BenchRow): string[] {
  if (row.status === 'absent') return [row.name, ABSENT, '', '', ''];
  const ratio = row.baseline ? '1.00x (base)' : row.vsBaseline === null ? 'no base' : formatRatio(row.vsBaseline);
  return [row.name, formatNs(row.nsPerOp), grouped(row.opsPerSec, 0), `±${row.rmePercent.toFixed(2)}%`, ratio];
}

/** One line per distinct reason: "absent (6 rows): <reason>". */
export function absentReasons(rows: readonly { status: string; reason?: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.status === 'absent' && row.reason !== undefined) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${ABSENT} (${count} row${count === 1 ? '' : 's'}): ${reason}`);
}

export function formatTable(result: TimedSuiteResult): string {
  return [
    `suite ${result.suite} (${result.timePerTaskMs} ms per row)`,
    renderTable([...HEADER], result.rows.map(cells), RIGHT_ALIGNED),
    'ns/op: the median sample (each sample a batch of operations); ±rme: margin of error of the mean (95 %); vs wasm: ns/op divided by the',
    '  group\'s base row (above 1: the base row is that many times faster)',
    ...absentReasons(result.rows),
    ...(result.footnotes ?? []),
  ].join('\n');
}
