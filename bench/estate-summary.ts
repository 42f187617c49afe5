/** The estate simulator's throughput figures. */
import { type Figure, type FigureTree, measured, timedRow } from './figures.js';
import type { SuiteResult } from './types.js';

export const ESTATE_SUITE = 'estate';
/** 1 and 2 workers: the machine has 2 cores. */
export const ESTATE_WORKER_COUNTS = [1, 2] as const;
export const estateRowId = (workers: number): string => `estate.workers${workers}`;

function openingsPerSecond(results: readonly SuiteResult[], workers: number): Figure {
  const row = timedRow(results, ESTATE_SUITE, estateRowId(workers));
  return 'absent' in row ? row : measured(row.opsPerSec);
}

/** estateOpeningsPerSecond (2 workers, the quoted figure) and with 1 worker. */
export function estateFigures(results: readonly SuiteResult[]): FigureTree {
  return {
    estateOpeningsPerSecond: openingsPerSecond(results, 2),
    estateOpeningsPerSecond1Worker: openingsPerSecond(results, 1),
  };
}
