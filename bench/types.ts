/** Result types shared by every benchmark suite, the child entry and the reporter. */

/** Who implements the measured operation. */
export type Implementation = 'wasm' | 'noble' | 'node';

/** What every row says about itself, measured or not. */
interface RowIdentity {
  /** Stable identifier (e.g. "cmac32.wasm.inMemory"), for summaries and for comparing runs. */
  id: string;
  name: string;
  /** Rows of a group do the same work and are compared with the group's baseline row. */
  group: string;
  implementation: Implementation;
  /** True for the row the group's ratios divide by (one per group). */
  baseline: boolean;
}

/** One measured operation. */
export interface MeasuredRow extends RowIdentity {
  status: 'measured';
  /** Nanoseconds per operation: the median sample (measure.ts says why not the mean). */
  nsPerOp: number;
  /** The mean sample, ns per operation. */
  meanNs: number;
  /** 1e9 / nsPerOp. */
  opsPerSec: number;
  /** Relative margin of error of the mean, in percent (tinybench's rme, 95 % confidence). */
  rmePercent: number;
  /** Timed samples; each sample is the mean of `opsPerSample` consecutive operations. */
  samples: number;
  opsPerSample: number;
  /**
   * This row's ns/op divided by the group baseline's: above 1, the baseline is that many times
   * faster. Null when the group's baseline row is absent.
   */
  vsBaseline: number | null;
}

/** A row that could not be measured in this run, and why: it carries no figure at all. */
export interface AbsentRow extends RowIdentity {
  status: 'absent';
  reason: string;
}

export type BenchRow = MeasuredRow | AbsentRow;

/**
 * One modelled figure set of the on-device cost: what the firmware reported through the HAL
 * (hal.work, hal.nvmWrite), priced with a hardware profile. Counts, not timings: the same on
 * every run.
 */
export interface ModeledRow {
  id: string;
  profile: string;
  door: 'dwelling' | 'common';
  log: 'on' | 'off';
  status: 'measured';
  /** Sessions the figures are the mean (or the maximum) of. */
  grants: number;
  /** Power-up, HELLO → CHALLENGE, AUTH → RESULT: MCU cycles from the profile's cycles per WorkOp. */
  cyclesPerAuth: number;
  /** cycles / clock, us. */
  usPerAuth: number;
  /** The MCU's run power over that time, uJ (NVM writes not included). */
  ujPerAuth: number;
  /** AES-128 block encryptions per authentication, the nonce generator's included. */
  aesBlocksPerAuth: number;
  /** AES-128 key expansions per authentication, the nonce generator's included. */
  keyExpansionsPerAuth: number;
  /** The same two counts split by phase, to show where they come from. */
  phases: { powerUp: WorkCounts; hello: WorkCounts; auth: WorkCounts };
  /** NVM pages programmed per grant: the most any one grant of the run wrote, and the mean. */
  nvmWritesPerGrant: number;
  nvmWritesPerGrantMean: number;
  /** Energy of those page writes (the profile's page write), uJ per grant, mean. */
  nvmWriteUjPerGrant: number;
}

export interface AbsentModeledRow {
  id: string;
  profile: string;
  door: 'dwelling' | 'common';
  log: 'on' | 'off';
  status: 'absent';
  reason: string;
}

export interface WorkCounts {
  aesBlocks: number;
  keyExpansions: number;
  cycles: number;
}

interface SuiteResultBase {
  suite: string;
  /** Lines printed under the table: how a row was measured, figures derived from the rows. */
  footnotes?: string[];
}

/** What a timed suite's child process writes to stdout. */
export interface TimedSuiteResult extends SuiteResultBase {
  kind: 'timed';
  /** Time budget of each row's timed run, in milliseconds. */
  timePerTaskMs: number;
  rows: BenchRow[];
  /** XOR of every result byte the timed code folded in; printed so no work is dead. */
  sink: number;
}

/** What the modelled suite's child process writes to stdout. */
export interface ModeledSuiteResult extends SuiteResultBase {
  kind: 'modeled';
  rows: (ModeledRow | AbsentModeledRow)[];
}

/** A suite whose child process failed: its message, so the report can say why. */
export interface FailedSuiteResult extends SuiteResultBase {
  kind: 'failed';
  error: string;
}

export type SuiteResult = TimedSuiteResult | ModeledSuiteResult | FailedSuiteResult;

export interface SuiteOptions {
  /** Shorter time per task, for smoke runs. */
  quick: boolean;
}

/** A suite's code, loaded in its own child process (suites/index.ts names and describes it). */
export interface Suite {
  run(options: SuiteOptions): Promise<SuiteResult>;
}
