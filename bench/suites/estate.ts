/**
 * Suite "estate": the estate simulator's throughput, openings per second of wall time, with 1 and
 * 2 workers. Each tinybench sample is one whole estate run, reported as its mean time per opening.
 */
import { Bench } from 'tinybench';
import { ESTATE_SUITE, ESTATE_WORKER_COUNTS, estateRowId } from '../estate-summary.js';
import { latencyFigures, withRatios } from '../measure.js';
import type { MeasuredRow, Suite, SuiteOptions, SuiteResult } from '../types.js';
import { loadEstateSimulator, type RunDemoEstate } from './estate-simulator.js';

/**
 * Whole runs of the demo estate, each starting its worker pool: fewer samples than the
 * per-operation suites, at least these many, and months enough that starting the pool is a small
 * part of a run. A full run warms the planner up with one untimed run first; a quick run relies on
 * the median of its runs (each run's worker threads start cold either way).
 */
const TIMING = { full: { timeMs: 4_000, iterations: 5, months: 2, warmUpRuns: 1 }, quick: { timeMs: 1_000, iterations: 3, months: 1, warmUpRuns: 0 } };

async function measureWorkers(runEstate: RunDemoEstate, workers: number, options: SuiteOptions): Promise<Omit<MeasuredRow, 'vsBaseline'>> {
  const timing = options.quick ? TIMING.quick : TIMING.full;
  const run = { workers, months: timing.months };
  for (let i = 0; i < timing.warmUpRuns; i++) await runEstate(run);
  const bench = new Bench({ time: timing.timeMs, iterations: timing.iterations, warmup: false, throws: true });
  let openings = 0;
  bench.add(`estate, ${workers} worker${workers === 1 ? '' : 's'}`, async () => {
    const start = bench.now();
    const result = await runEstate(run);
    const elapsedMs = bench.now() - start;
    openings = result.openings;
    return { overriddenDuration: elapsedMs / result.openings, overriddenIterationCost: elapsedMs };
  });
  await bench.run();
  const task = bench.tasks[0]!.result;
  if (task.state !== 'completed') throw new Error(`estate, ${workers} workers: tinybench ended in state ${task.state}`);
  return {
    status: 'measured',
    id: estateRowId(workers),
    name: `demo estate, ${timing.months} month${timing.months === 1 ? '' : 's'}, ${workers} worker${workers === 1 ? '' : 's'} (per opening)`,
    group: 'estate openings',
    implementation: 'wasm',
    baseline: workers === 1,
    ...latencyFigures(task.latency),
    opsPerSample: openings,
  };
}

export const estateSuite: Suite = {
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const runEstate = await loadEstateSimulator();
    const rows = [];
    for (const workers of ESTATE_WORKER_COUNTS) rows.push(await measureWorkers(runEstate, workers, options));
    return {
      kind: 'timed',
      suite: ESTATE_SUITE,
      timePerTaskMs: options.quick ? TIMING.quick.timeMs : TIMING.full.timeMs,
      rows: withRatios(rows),
      sink: 0,
      footnotes: ['ns/op: wall time per opening over whole estate runs; ops/s: openings per second; vs wasm: against the 1-worker row.'],
    };
  },
};
