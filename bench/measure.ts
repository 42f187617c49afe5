/**
 * Times operations with tinybench. Each tinybench sample is a batch of consecutive operations
 * timed as one, reported through `overriddenDuration` as the batch's mean: one 150 ns operation
 * timed alone would be dominated by the two clock reads around it.
 */
import { Bench } from 'tinybench';
import type { BenchRow, Implementation, SuiteOptions } from './types.js';

/** One operation to time. `op(i)` does the operation on the i-th pre-generated input. */
export interface BenchCase {
  id: string;
  name: string;
  group: string;
  implementation: Implementation;
  /** The row the group's ratios divide by. */
  baseline?: boolean;
  op: (i: number) => void;
}

interface Timing {
  timeMs: number;
  warmupTimeMs: number;
}

/** tinybench's default budget (1,000 ms) for a full run; quick runs keep the whole suite near 5 s. */
const FULL: Timing = { timeMs: 1_000, warmupTimeMs: 250 };
const QUICK: Timing = { timeMs: 200, warmupTimeMs: 50 };

/**
 * V8 runs WASM and JS on a baseline tier first (about 4x slower) and tiers up by a budget of work,
 * not of calls: 20,000 calls of a 300 ns WASM export were measured still on the baseline tier. The
 * pre-run therefore lasts at least this long, and at least PRERUN_MIN_OPS calls.
 */
const PRERUN_MIN_MS = 400;
const PRERUN_MIN_OPS = 20_000;
/** A batch of about 50 us keeps the clock reads (tens of ns) under 0.1 % of a sample. */
const SAMPLE_TARGET_NS = 50_000;
/** Fewer samples than tinybench's default of 64 when a quick run cannot afford them. */
const MIN_SAMPLES = { full: 64, quick: 16 };

export function timePerTaskMs(options: SuiteOptions): number {
  return (options.quick ? QUICK : FULL).timeMs;
}

/**
 * Measures every case in order, each with its own pre-run and tinybench instance, so one case's
 * warm-up is never separated from its timed run by the others. `inputCount` must be a power of two.
 */
export async function measureCases(cases: readonly BenchCase[], inputCount: number, options: SuiteOptions): Promise<BenchRow[]> {
  if (inputCount <= 0 || (inputCount & (inputCount - 1)) !== 0) throw new RangeError(`inputCount must be a power of two, got ${inputCount}`);
  const measured: Omit<BenchRow, 'vsBaseline'>[] = [];
  for (const c of cases) measured.push(await measureCase(c, inputCount - 1, options));
  return withRatios(measured);
}

async function measureCase(c: BenchCase, mask: number, options: SuiteOptions): Promise<Omit<BenchRow, 'vsBaseline'>> {
  const { op } = c;
  let cursor = 0;

  // Pre-run in chunks until both minimums are met; the last chunk, past the tier-up, sizes the batches.
  const prerunStart = performance.now();
  let prerunOps = 0;
  let lastChunkNs = 0;
  const chunkOps = 1_000;
  while (prerunOps < PRERUN_MIN_OPS || performance.now() - prerunStart < PRERUN_MIN_MS) {
    const chunkStart = performance.now();
    for (let k = 0; k < chunkOps; k++) {
      op(cursor);
      cursor = (cursor + 1) & mask;
    }
    lastChunkNs = ((performance.now() - chunkStart) * 1e6) / chunkOps;
    prerunOps += chunkOps;
  }
  const prerunNs = lastChunkNs;
  const opsPerSample = Math.max(1, Math.round(SAMPLE_TARGET_NS / Math.max(prerunNs, 1)));

  const timing = options.quick ? QUICK : FULL;
  const bench = new Bench({
    time: timing.timeMs,
    warmup: true,
    warmupTime: timing.warmupTimeMs,
    iterations: options.quick ? MIN_SAMPLES.quick : MIN_SAMPLES.full,
    throws: true,
  });
  bench.add(c.name, () => {
    const start = bench.now();
    for (let k = 0; k < opsPerSample; k++) {
      op(cursor);
      cursor = (cursor + 1) & mask;
    }
    const elapsedMs = bench.now() - start;
    return { overriddenDuration: elapsedMs / opsPerSample, overriddenIterationCost: elapsedMs };
  });
  await bench.run();

  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') throw new Error(`${c.name}: tinybench ended in state ${result.state}`);
  const nsPerOp = result.latency.mean * 1e6;
  return {
    id: c.id,
    name: c.name,
    group: c.group,
    implementation: c.implementation,
    baseline: c.baseline === true,
    nsPerOp,
    // From the mean latency rather than tinybench's mean of per-sample throughputs, which
    // over-weights fast samples; so ops/s x ns/op = 1e9 exactly.
    opsPerSec: 1e9 / nsPerOp,
    rmePercent: result.latency.rme,
    samples: result.latency.samplesCount,
    opsPerSample,
  };
}

/** Each group needs exactly one baseline row: the ratios divide by it. */
function withRatios(rows: Omit<BenchRow, 'vsBaseline'>[]): BenchRow[] {
  return rows.map((row) => {
    const baselines = rows.filter((r) => r.group === row.group && r.baseline);
    if (baselines.length !== 1) throw new Error(`group ${row.group} has ${baselines.length} baseline rows, expected 1`);
    return { ...row, vsBaseline: row.nsPerOp / baselines[0]!.nsPerOp };
  });
}
