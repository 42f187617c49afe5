/**
 * Writes a run's files into a directory: the HTML report, the results as JSON (deterministic, no
 * timing), and, when the run kept them, the notable insertions as a Chrome trace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EstateRun } from '../parallel/run-estate.js';
import { MINUTES_PER_DAY } from '../scenario/sim-time.js';
import { estateTrace } from './estate-trace.js';
import { htmlReport } from './html-report.js';
import { deterministicResults } from './results-json.js';

export interface WrittenFiles {
  report: string;
  results: string;
  trace?: string;
}

export function writeOutputs(run: EstateRun, directory: string): WrittenFiles {
  mkdirSync(directory, { recursive: true });
  const files: WrittenFiles = { report: join(directory, 'report.html'), results: join(directory, 'results.json') };
  writeFileSync(files.report, htmlReport(run.results));
  writeFileSync(files.results, `${JSON.stringify(deterministicResults(run.results), null, 2)}\n`);
  if (run.notable.length > 0) {
    files.trace = join(directory, 'trace.json');
    writeFileSync(files.trace, estateTrace(run.notable, run.plan.startDay * MINUTES_PER_DAY));
  }
  return files;
}
