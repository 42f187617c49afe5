/**
 * The run's summary: every figure the project quotes, each measured in this run or absent with
 * the reason (figures.ts). `npx cylsim bench --json` writes it beside every row.
 */
import { cmacFigures } from './cmac-summary.js';
import { decisionFigures } from './decision-summary.js';
import { estateFigures } from './estate-summary.js';
import { isFigure, isNotRun, type FigureTree } from './figures.js';
import { modeledFigures } from './modeled-summary.js';
import { powerUpFigures } from './power-up-summary.js';
import { grouped } from './table.js';
import type { SuiteResult } from './types.js';

export function benchSummary(results: readonly SuiteResult[], profiles?: readonly string[]): FigureTree {
  return {
    ...decisionFigures(results),
    ...powerUpFigures(results),
    ...estateFigures(results),
    profiles: modeledFigures(results, profiles),
    ...cmacFigures(results),
  };
}

/** Whole numbers grouped; others to three significant digits at most. */
export function formatFigure(value: number): string {
  if (Number.isInteger(value)) return grouped(value, 0);
  const magnitude = Math.abs(value);
  return grouped(value, magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
}

/**
 * One line per figure, by dotted path: "decisionNs: 2,412" or "estateOpeningsPerSecond: absent
 * (why)". Figures of suites left out of the run (--suite) are left out here too; the JSON keeps them.
 */
export function formatSummary(tree: FigureTree): string {
  const lines: string[] = [];
  const walk = (node: FigureTree, path: string[]): void => {
    for (const [name, child] of Object.entries(node)) {
      const at = [...path, name];
      if (!isFigure(child)) walk(child, at);
      else if ('value' in child) lines.push(`  ${at.join('.')}: ${formatFigure(child.value)}`);
      else if (!isNotRun(child.absent)) lines.push(`  ${at.join('.')}: absent (${child.absent})`);
    }
  };
  walk(tree, []);
  return ['summary:', ...lines].join('\n');
}
