/**
 * Summary figures: each one measured in this run, or absent with the reason. An absent figure is
 * written as null in the JSON summary, its reason under `absent` at its dotted path, and is never
 * replaced by a number from elsewhere.
 */
import type { MeasuredRow, SuiteResult } from './types.js';

export type Figure = { value: number } | { absent: string };
export interface FigureTree {
  [name: string]: Figure | FigureTree;
}

export const measured = (value: number): Figure => ({ value });
export const absentFigure = (reason: string): Figure => ({ absent: reason });

export function isFigure(node: Figure | FigureTree): node is Figure {
  const keys = Object.keys(node);
  return keys.length === 1 && (keys[0] === 'value' || keys[0] === 'absent') && typeof (node as Record<string, unknown>)[keys[0]!] !== 'object';
}

/** a / b when both are measured, else the first absence. */
export function ratio(a: Figure, b: Figure): Figure {
  if ('absent' in a) return a;
  if ('absent' in b) return b;
  return measured(a.value / b.value);
}

export function difference(a: Figure, b: Figure): Figure {
  if ('absent' in a) return a;
  if ('absent' in b) return b;
  return measured(a.value - b.value);
}

const NOT_RUN = 'did not run';
export const notRunReason = (suite: string): string => `suite ${suite} ${NOT_RUN}`;
/** An absence only because its suite was left out of this run (--suite). */
export const isNotRun = (reason: string): boolean => reason.startsWith('suite ') && reason.endsWith(` ${NOT_RUN}`);

/** Where a row is not, why: the suite that should have measured it failed, did not run, or lacks it. */
function missing(results: readonly SuiteResult[], suite: string, id: string): string {
  const result = results.find((r) => r.suite === suite);
  if (!result) return notRunReason(suite);
  if (result.kind === 'failed') return `suite ${suite} failed: ${result.error}`;
  return `suite ${suite} has no row ${id}`;
}

/** A timed row of `suite`, measured, or why not. */
export function timedRow(results: readonly SuiteResult[], suite: string, id: string): MeasuredRow | { absent: string } {
  const result = results.find((r) => r.suite === suite);
  if (result?.kind !== 'timed') return { absent: missing(results, suite, id) };
  const row = result.rows.find((r) => r.id === id);
  if (!row) return { absent: missing(results, suite, id) };
  if (row.status === 'absent') return { absent: row.reason };
  return row;
}

/** A timed row's ns/op, or why it is absent. */
export function nsPerOp(results: readonly SuiteResult[], suite: string, id: string): Figure {
  const row = timedRow(results, suite, id);
  return 'absent' in row ? row : measured(row.nsPerOp);
}

export interface SummaryJson {
  [name: string]: number | null | SummaryJson | Record<string, string>;
}

/** The tree as JSON: every figure's value or null, and `absent`: dotted path → reason. */
export function summaryJson(tree: FigureTree): SummaryJson & { absent: Record<string, string> } {
  const absent: Record<string, string> = {};
  const walk = (node: FigureTree, path: string[]): SummaryJson => {
    const out: SummaryJson = {};
    for (const [name, child] of Object.entries(node)) {
      if (isFigure(child)) {
        if ('absent' in child) absent[[...path, name].join('.')] = child.absent;
        out[name] = 'value' in child ? child.value : null;
      } else {
        out[name] = walk(child, [...path, name]);
      }
    }
    return out;
  };
  return { ...walk(tree, []), absent };
}
