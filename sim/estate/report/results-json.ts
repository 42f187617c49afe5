/**
 * `--json`: the deterministic results (the same bytes for any number of workers) and, apart from
 * them, `timing` with the wall-clock figures. The raw energy margins stay out (the report plots
 * them); their order statistics are in `energy.marginUj`.
 */
import type { EstateRun } from '../parallel/run-estate.js';
import type { EstateResults } from '../results/estate-results.js';

export type ResultsJson = Omit<EstateResults, 'marginsUj'> & { timing?: { wallSeconds: number; openingsPerSecond: number } };

export function deterministicResults(results: EstateResults): Omit<EstateResults, 'marginsUj'> {
  const { marginsUj: _margins, ...rest } = results;
  return rest;
}

export function resultsJson(run: EstateRun): ResultsJson {
  return { ...deterministicResults(run.results), timing: { wallSeconds: round(run.timing.wallSeconds), openingsPerSecond: Math.round(run.timing.openingsPerSecond) } };
}

const round = (value: number) => Math.round(value * 1000) / 1000;
