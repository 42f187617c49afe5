/** Result types shared by every benchmark suite, the child entry and the reporter. */

/** Who implements the measured operation. */
export type Implementation = 'wasm' | 'noble' | 'node';

/** One measured operation. */
export interface BenchRow {
  /** Stable identifier (e.g. "cmac32.wasm.inMemory"), for summaries and for comparing runs. */
  id: string;
  name: string;
  /** Rows of a group do the same work and are compared with the group's baseline row. */
  group: string;
  implementation: Implementation;
  /** True for the row the group's ratios divide by (one per group). */
  baseline: boolean;
  /** Mean nanoseconds per operation. */
  nsPerOp: number;
  opsPerSec: number;
  /** Relative margin of error of the mean, in percent (tinybench's rme, 95 % confidence). */
  rmePercent: number;
  /** Timed samples; each sample is the mean of `opsPerSample` consecutive operations. */
  samples: number;
  opsPerSample: number;
  /** This row's ns/op divided by the group baseline's: above 1, the baseline is that many times faster. */
  vsBaseline: number;
}

/** What a suite's child process writes to stdout. */
export interface SuiteResult {
  suite: string;
  /** Time budget of each row's timed run, in milliseconds. */
  timePerTaskMs: number;
  rows: BenchRow[];
  /** XOR of every result byte the timed code folded in; printed so no work is dead. */
  sink: number;
  /** Lines printed under the table: how a row was measured, figures derived from the rows. */
  footnotes?: string[];
}

export interface SuiteOptions {
  /** Shorter time per task, for smoke runs. */
  quick: boolean;
}

export interface Suite {
  name: string;
  description: string;
  run(options: SuiteOptions): Promise<SuiteResult>;
}
