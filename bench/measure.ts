/**
 * Times operations with tinybench. Each tinybench sample is a batch of consecutive operations
 * timed as one, reported through `overriddenDuration` as the batch's mean: one 150 ns operation
 * timed alone would be dominated by the two clock reads around it.
 */
import { Bench } from 'tinybench';
import type { AbsentRow, BenchRow, Implementation, MeasuredRow, SuiteOptions } from './types.js';

interface CaseIdentity {
  id: string;
  name: string;
  group: string;
  implementation: Implementation;
  /** The row the group's ratios divide by. */
  baseline?: boolean;
}

/** One operation to time. `op(i)` does the operation on the i-th pre-generated input. */
export interface TimedCase extends CaseIdentity {
  op: (i: number) => void;
}

/** A row this run cannot measure: it is reported with the reason and no figure. */
export interface AbsentCase extends CaseIdentity {
  absent: string;
}

export type BenchCase = TimedCase | AbsentCase;

interface Timing {
  timeMs: number;
  warmupTimeMs: number;
}

/** tinybench's default budget (1,000 ms) for a full run; quick runs keep the whole run under two minutes. */
const FULL: Timing = { timeMs: 1_000, warmupTimeMs: 250 };
const QUICK: Timing = { timeMs: 150, warmupTimeMs: 25 };

/**
 * V8 runs WASM and JS on a baseline tier first (about 4x slower) and tiers up by a budget of work,
 * not of calls: 20,000 calls of a 300 ns WASM export were measured still on the baseline tier. The
 * pre-run therefore lasts at least this long, and at least PRERUN_MIN_OPS calls, unless those
 * calls take more than PRERUN_MAX_MS: an operation of hundreds of microseconds (the reference
 * lock's decision) has done far more work than the tier-up budget by then.
 */
const PRERUN_MIN_MS = 400;
const PRERUN_MIN_OPS = 20_000;
const PRERUN_MAX_MS = { full: 1_000, quick: 500 };
/** Pre-run chunks of about this long: short enough not to overshoot, long enough to time. */
const PRERUN_CHUNK_NS = 5_000_000;
const PRERUN_CHUNK_MAX_OPS = 1_000;
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
  const rows: Unrated[] = [];
  for (const c of cases) {
    collectGarbage();
    rows.push('absent' in c ? absentRow(c) : await measureCase(c, inputCount - 1, options));
  }
  return withRatios(rows);
}

type Unrated = Omit<MeasuredRow, 'vsBaseline'> | AbsentRow;

/**
 * A full collection before each case, where the process runs with --expose-gc (run-bench.ts starts
 * every suite so): the garbage one row made is then not collected during the next row's timing.
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function absentRow(c: AbsentCase): AbsentRow {
  return { status: 'absent', id: c.id, name: c.name, group: c.group, implementation: c.implementation, baseline: c.baseline === true, reason: c.absent };
}

async function measureCase(c: TimedCase, mask: number, options: SuiteOptions): Promise<Omit<MeasuredRow, 'vsBaseline'>> {
  const { op } = c;
  let cursor = 0;

  // Pre-run in chunks until both minimums are met (or the maximum is reached); the last chunk, past
  // the tier-up, sizes the batches.
  const prerunStart = performance.now();
  let prerunOps = 0;
  let lastChunkNs = 0;
  let chunkOps = 1;
  for (;;) {
    const elapsedMs = performance.now() - prerunStart;
    if ((prerunOps >= PRERUN_MIN_OPS && elapsedMs >= PRERUN_MIN_MS) || elapsedMs >= PRERUN_MAX_MS[options.quick ? 'quick' : 'full']) break;
    const chunkStart = performance.now();
    for (let k = 0; k < chunkOps; k++) {
      op(cursor);
      cursor = (cursor + 1) & mask;
    }
    lastChunkNs = ((performance.now() - chunkStart) * 1e6) / chunkOps;
    prerunOps += chunkOps;
    chunkOps = Math.min(PRERUN_CHUNK_MAX_OPS, Math.max(1, Math.round(PRERUN_CHUNK_NS / Math.max(lastChunkNs, 1))));
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
  return {
    status: 'measured',
    id: c.id,
    name: c.name,
    group: c.group,
    implementation: c.implementation,
    baseline: c.baseline === true,
    ...latencyFigures(result.latency),
    opsPerSample,
  };
}

/** tinybench's latency statistics of one task, in milliseconds per operation. */
export interface Latency {
  mean: number;
  p50: number;
  rme: number;
  samplesCount: number;
}

/**
 * A row's figures from its samples. ns/op is the median sample: other engineers' processes share
 * the 2 cores, and a sample the scheduler preempted (a few, far slower) moves the mean but not the
 * median. ops/s is 1e9 / ns/op (not tinybench's mean of per-sample throughputs, which over-weights
 * fast samples). ±rme stays tinybench's relative margin of error of the mean: the spread.
 */
export function latencyFigures(latency: Latency): Pick<MeasuredRow, 'nsPerOp' | 'meanNs' | 'opsPerSec' | 'rmePercent' | 'samples'> {
  const nsPerOp = latency.p50 * 1e6;
  return { nsPerOp, meanNs: latency.mean * 1e6, opsPerSec: 1e9 / nsPerOp, rmePercent: latency.rme, samples: latency.samplesCount };
}

/**
 * Each group needs exactly one baseline row: the ratios divide by it. A measured row whose
 * baseline is absent gets no ratio (null), never one against another row.
 */
export function withRatios(rows: readonly Unrated[]): BenchRow[] {
  return rows.map((row) => {
    const baselines = rows.filter((r) => r.group === row.group && r.baseline);
    if (baselines.length !== 1) throw new Error(`group ${row.group} has ${baselines.length} baseline rows, expected 1`);
    if (row.status === 'absent') return row;
    const baseline = baselines[0]!;
    return { ...row, vsBaseline: baseline.status === 'measured' ? row.nsPerOp / baseline.nsPerOp : null };
  });
}
