/** The summary: each figure derived from this run's rows, or absent with the reason; never a number from elsewhere. */
import { describe, expect, it } from 'vitest';
import { decisionRowId, derivedDecision, formatDerivedDecision, powerUpRowId, QUOTED_DECISION } from '../../bench/decision-summary.js';
import { estateRowId } from '../../bench/estate-summary.js';
import { summaryJson } from '../../bench/figures.js';
import { modeledFigures } from '../../bench/modeled-summary.js';
import { POWER_UP_ROWS } from '../../bench/power-up-summary.js';
import { benchSummary, formatSummary } from '../../bench/summary.js';
import type { SuiteResult } from '../../bench/types.js';
import { absentRow, failedSuite, measuredRow, modeledRow, timedSuite } from './rows.js';

const decisionSuite = (ns: { wasm: number; noble: number; node: number }, powerUp: { wasm: number; noble: number; node: number }): SuiteResult =>
  timedSuite('decision', [
    ...(['wasm', 'noble', 'node'] as const).map((impl) => measuredRow(powerUpRowId(impl), powerUp[impl], { implementation: impl })),
    ...(['wasm', 'noble', 'node'] as const).map((impl) => measuredRow(decisionRowId(QUOTED_DECISION, impl), ns[impl], { implementation: impl })),
  ]);

describe('benchSummary', () => {
  it('should derive the quoted decision as power-up + decision minus power-up, per implementation, and the references\' ratios from those', () => {
    const withPowerUp = { wasm: 3_100, noble: 190_500, node: 260_700 };
    const powerUp = { wasm: 600, noble: 5_000, node: 5_700 };
    const summary = summaryJson(benchSummary([decisionSuite(withPowerUp, powerUp)], []));
    const wasm = withPowerUp.wasm - powerUp.wasm;
    expect(summary.decisionNs).toBe(wasm);
    expect(summary.decisionVsNoble).toBeCloseTo((withPowerUp.noble - powerUp.noble) / wasm, 12);
    expect(summary.decisionVsNode).toBeCloseTo((withPowerUp.node - powerUp.node) / wasm, 12);
  });

  it('should give the cold reset\'s advantage as a new instance\'s ns over the cold reset\'s', () => {
    const results = [timedSuite('power-up', [measuredRow(POWER_UP_ROWS.coldReset, 160), measuredRow(POWER_UP_ROWS.newInstance, 93_000)])];
    expect(summaryJson(benchSummary(results, [])).resetVsInstantiate).toBeCloseTo(93_000 / 160, 12);
  });

  it('should quote the estate\'s openings per second with 2 workers', () => {
    const results = [timedSuite('estate', [measuredRow(estateRowId(1), 4_000), measuredRow(estateRowId(2), 2_500)])];
    const summary = summaryJson(benchSummary(results, []));
    expect(summary.estateOpeningsPerSecond).toBeCloseTo(1e9 / 2_500, 9);
    expect(summary.estateOpeningsPerSecond1Worker).toBeCloseTo(1e9 / 4_000, 9);
  });

  it('should write null and the reason for a figure whose suite failed, did not run, or whose row is absent', () => {
    const results = [
      failedSuite('estate', 'estate simulator not available: sim/estate/ not built'),
      timedSuite('decision', [absentRow(decisionRowId(QUOTED_DECISION, 'wasm'), 'no log yet')]),
    ];
    const summary = summaryJson(benchSummary(results, []));
    expect(summary.estateOpeningsPerSecond).toBeNull();
    expect(summary.absent.estateOpeningsPerSecond).toBe('suite estate failed: estate simulator not available: sim/estate/ not built');
    expect(summary.decisionNs).toBeNull();
    expect(summary.absent.decisionNs).toBe('no log yet');
    expect(summary.resetVsInstantiate).toBeNull();
    expect(summary.absent.resetVsInstantiate).toBe('suite power-up did not run');
  });

  it('should print measured and absent figures but leave out those of suites not run', () => {
    const text = formatSummary(benchSummary([failedSuite('estate', 'not available'), timedSuite('power-up', [measuredRow(POWER_UP_ROWS.coldReset, 100), measuredRow(POWER_UP_ROWS.newInstance, 50_000)])], []));
    expect(text).toContain('resetVsInstantiate: 500');
    expect(text).toContain('estateOpeningsPerSecond: absent (suite estate failed: not available)');
    expect(text).not.toContain('decisionNs');
  });
});

describe('modeledFigures', () => {
  it('should give per profile the larger count of log off and log on, and the NVM writes per grant of each', () => {
    const results: SuiteResult[] = [
      {
        kind: 'modeled',
        suite: 'modeled',
        rows: [modeledRow('p', 'off', { aesBlocks: 20, keyExpansions: 4, pages: 0 }), modeledRow('p', 'on', { aesBlocks: 21, keyExpansions: 3, pages: 1 })],
      },
    ];
    const json = summaryJson(modeledFigures(results, ['p']));
    expect(json.p).toEqual({ aesBlocksPerAuth: 21, keyExpansionsPerAuth: 4, cyclesPerAuth: 20_000, usPerAuth: 1_250, ujPerAuth: 6, nvmWritesPerGrant: { logOn: 1, logOff: 0 } });
  });

  it('should keep the log-off counts and name the reason when the log-on row is absent', () => {
    const results: SuiteResult[] = [
      {
        kind: 'modeled',
        suite: 'modeled',
        rows: [modeledRow('p', 'off', { aesBlocks: 23, keyExpansions: 4, pages: 0 }), { id: 'modeled.p.dwelling.log-on', profile: 'p', door: 'dwelling', log: 'on', status: 'absent', reason: 'no log yet' }],
      },
    ];
    const json = summaryJson(modeledFigures(results, ['p']));
    expect(json.p).toMatchObject({ aesBlocksPerAuth: 23, nvmWritesPerGrant: { logOn: null, logOff: 0 } });
    expect(json.absent).toEqual({ 'p.nvmWritesPerGrant.logOn': 'no log yet' });
  });
});

describe('formatDerivedDecision', () => {
  it('should print each implementation\'s decision alone and the references\' ratios, or one word when none was measured', () => {
    const d = derivedDecision([decisionSuite({ wasm: 3_000, noble: 200_500, node: 100_500 }, { wasm: 500, noble: 500, node: 500 })], QUOTED_DECISION);
    expect(formatDerivedDecision(d)).toBe('wasm 2,500 ns; @noble 200,000 ns (80.0x); node:crypto 100,000 ns (40.0x)');
    expect(formatDerivedDecision(derivedDecision([], QUOTED_DECISION))).toBe('absent');
  });
});
