/** A suite's rows as an aligned text table: name | ns/op | ops/s | ±rme | vs wasm. */
import type { BenchRow, SuiteResult } from './types.js';

const HEADER = ['name', 'ns/op', 'ops/s', '±rme', 'vs wasm'] as const;
/** Columns after the name hold numbers: right-aligned. */
const RIGHT_ALIGNED = [false, true, true, true, true];

const grouped = (n: number, fractionDigits: number): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits });

/** Three significant digits at most, without hiding whole nanoseconds. */
export function formatNs(ns: number): string {
  return grouped(ns, ns < 10 ? 2 : ns < 100 ? 1 : 0);
}

export function formatRatio(ratio: number): string {
  return `${ratio.toFixed(ratio < 10 ? 2 : 1)}x`;
}

function cells(row: BenchRow): string[] {
  return [row.name, formatNs(row.nsPerOp), grouped(row.opsPerSec, 0), `±${row.rmePercent.toFixed(2)}%`, row.baseline ? '1.00x (base)' : formatRatio(row.vsBaseline)];
}

export function formatTable(result: SuiteResult): string {
  const lines = [[...HEADER], ...result.rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...lines.map((line) => line[c]!.length)));
  const render = (line: string[]): string =>
    line.map((cell, c) => (RIGHT_ALIGNED[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [
    `suite ${result.suite} (${result.timePerTaskMs} ms per row)`,
    render(lines[0]!),
    rule,
    ...lines.slice(1).map(render),
    'vs wasm: ns/op divided by the group\'s base row (above 1: the base row is that many times faster)',
    ...(result.footnotes ?? []),
  ].join('\n');
}
