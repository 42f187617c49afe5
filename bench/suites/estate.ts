/**
 * Suite "estate": the estate simulator's throughput, openings per second of wall time, with 1 and
 * 2 workers, on a generated estate of the size the figure is quoted for (`cylsim estate --doors
 * 10000 --keys 30000`: a year is some 20 million openings) and a smaller one for a quick run. Each
 * tinybench sample is one whole estate run (planning, the worker pool's start, every shard, the
 * merge of the results), reported as its mean time per opening.
 */
import { Bench } from 'tinybench';
import { ESTATE_SUITE, ESTATE_WORKER_COUNTS, estateRowId } from '../estate-summary.js';
import { latencyFigures, withRatios } from '../measure.js';
import type { MeasuredRow, Suite, SuiteOptions, SuiteResult } from '../types.js';
import { loadEstateSimulator, type RunGeneratedEstate } from './estate-simulator.js';

/**
 * Whole runs of a generated estate, each starting its worker pool: fewer samples than the
 * per-operation suites, and an estate large enough that starting the pool and planning are a small
 * part of a run. Full: the quoted 10,000 cylinders and 30,000 keys for one month (some two million
 * openings a run); quick: a quarter of it, one run per worker count (each run's worker threads
 * start cold either way), so that `--quick` stays under two minutes.
 */
const TIMING = {
  full: { timeMs: 4_000, iterations: 2, months: 1, doors: 10_000, keys: 30_000 },
  quick: { timeMs: 1_000, iterations: 1, months: 1, doors: 2_500, keys: 7_500 },
};

async function measureWorkers(runEstate: RunGeneratedEstate, workers: number, options: SuiteOptions): Promise<Omit<MeasuredRow, 'vsBaseline'>> {
  const timing = options.quick ? TIMING.quick : TIMING.full;
  const run = { workers, months: timing.months, doors: timing.doors, keys: timing.keys };
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
    name: `estate of ${timing.doors.toLocaleString('en-US')} doors, ${timing.months} month${timing.months === 1 ? '' : 's'}, ${workers} worker${workers === 1 ? '' : 's'} (per opening)`,
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
