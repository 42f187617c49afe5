/**
 * A benchmark run: each suite in its own child process (dist/bench/run-suite.js), in order; with
 * text output each suite's table as it finishes, then the summary; with JSON one document holding
 * every row, the summary and the machine. `npm run bench` and `cylsim bench` both come here.
 */
import { spawnSync } from 'node:child_process';
import { packagePath } from '../host/package-root.js';
import { machineInfo } from './machine.js';
import { buildReport, formatClosing, formatSuite, type BenchReport } from './report.js';
import { SUITE_NAMES } from './suites/index.js';
import { benchSummary } from './summary.js';
import type { SuiteResult } from './types.js';

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  /** Suites to run, in this order; every suite when empty. */
  suites: readonly string[];
}

export interface Output {
  write(text: string): void;
}

/** The built child entry, whether this module runs from dist/ or from source (the tests). */
const RUN_SUITE = packagePath('dist', 'bench', 'run-suite.js');
/** A suite's JSON result can be large (the decision suite's rows and footnotes): well above spawnSync's 1 MiB default. */
const CHILD_OUTPUT_MAX_BYTES = 64 * 1024 * 1024;

/** Runs one suite in a fresh Node process; a failure becomes a FailedSuiteResult with the child's message. */
export function runSuiteInChild(name: string, quick: boolean, stderr: Output): SuiteResult {
  // --expose-gc: the suite collects garbage between rows (measure.ts).
  const child = spawnSync(process.execPath, ['--expose-gc', RUN_SUITE, name, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: CHILD_OUTPUT_MAX_BYTES,
  });
  if (child.stderr) stderr.write(child.stderr);
  if (child.error) return { kind: 'failed', suite: name, error: child.error.message };
  if (child.status !== 0) {
    const message = child.stderr.trim().split('\n')[0] || `exit ${child.status ?? child.signal}`;
    return { kind: 'failed', suite: name, error: message };
  }
  return JSON.parse(child.stdout) as SuiteResult;
}

/** Runs the suites; returns the report (failed suites included, named in failedSuites). */
export function runBench(options: BenchOptions, stdout: Output, stderr: Output): BenchReport {
  const names = options.suites.length > 0 ? options.suites : SUITE_NAMES;
  const results: SuiteResult[] = [];
  for (const name of names) {
    stderr.write(`bench: suite ${name}${options.quick ? ' (quick)' : ''}...\n`);
    const result = runSuiteInChild(name, options.quick, stderr);
    results.push(result);
    if (!options.json) stdout.write(`${formatSuite(result)}\n\n`);
  }
  const machine = machineInfo();
  const report = buildReport(results, machine, options.quick);
  if (options.json) stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else stdout.write(`${formatClosing(benchSummary(results), machine, report.failedSuites)}\n`);
  return report;
}
