/** Rows and suite results built from given figures, for the tests of the bench's arithmetic and output. */
import type { AbsentRow, Implementation, MeasuredRow, ModeledRow, SuiteResult, TimedSuiteResult } from '../../bench/types.js';

export function measuredRow(id: string, nsPerOp: number, fields: Partial<MeasuredRow> = {}): MeasuredRow {
  return {
    status: 'measured',
    id,
    name: id,
    group: 'group',
    implementation: 'wasm',
    baseline: false,
    nsPerOp,
    meanNs: nsPerOp,
    opsPerSec: 1e9 / nsPerOp,
    rmePercent: 1,
    samples: 64,
    opsPerSample: 16,
    vsBaseline: null,
    ...fields,
  };
}

export function absentRow(id: string, reason: string, implementation: Implementation = 'wasm'): AbsentRow {
  return { status: 'absent', id, name: id, group: 'group', implementation, baseline: false, reason };
}

export function timedSuite(suite: string, rows: TimedSuiteResult['rows']): TimedSuiteResult {
  return { kind: 'timed', suite, timePerTaskMs: 200, rows, sink: 0 };
}

export function failedSuite(suite: string, error: string): SuiteResult {
  return { kind: 'failed', suite, error };
}

export function modeledRow(profile: string, log: 'off' | 'on', counts: { aesBlocks: number; keyExpansions: number; pages: number }): ModeledRow {
  const phase = { aesBlocks: 0, keyExpansions: 0, cycles: 0 };
  return {
    id: `modeled.${profile}.dwelling.log-${log}`,
    profile,
    door: 'dwelling',
    log,
    status: 'measured',
    grants: 10,
    cyclesPerAuth: 1_000 * counts.aesBlocks,
    usPerAuth: 62.5 * counts.aesBlocks,
    ujPerAuth: 0.3 * counts.aesBlocks,
    aesBlocksPerAuth: counts.aesBlocks,
    keyExpansionsPerAuth: counts.keyExpansions,
    phases: { powerUp: phase, hello: phase, auth: phase },
    nvmWritesPerGrant: counts.pages,
    nvmWritesPerGrantMean: counts.pages,
    nvmWriteUjPerGrant: 0,
  };
}
