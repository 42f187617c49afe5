/**
 * The decision figures the project quotes. A decision cannot be timed without the power-up before
 * it (only then is the challenge nonce the precomputed one), so it is derived from one run's rows:
 * decision = mean(power-up + decision) − mean(power-up), per implementation.
 */
import { formatNs, formatRatio } from './table.js';
import type { BenchRow, Implementation, SuiteResult } from './types.js';

export type DecisionDoor = 'dwelling' | 'common';

export const decisionRowId = (door: DecisionDoor, implementation: Implementation): string => `decision.${door}.${implementation}`;
export const powerUpRowId = (implementation: Implementation): string => `powerUp.${implementation}`;

export interface DerivedDecision {
  wasmNs: number;
  nobleNs: number;
  nodeNs: number;
}

export interface DecisionSummary {
  /** Firmware, resident at the dwelling door, blocklist of 3,000: derived decision, ns. */
  decisionNs: number;
  /** Reference lock on @noble / firmware, each derived the same way. */
  decisionVsNoble: number;
  /** Reference lock on node:crypto / firmware, each derived the same way. */
  decisionVsNode: number;
  /** Firmware boot(), ns. */
  powerUpNs: number;
}

const IMPLEMENTATIONS: readonly Implementation[] = ['wasm', 'noble', 'node'];

/** Undefined unless every row it needs was measured. */
export function derivedDecision(rows: readonly BenchRow[], door: DecisionDoor): DerivedDecision | undefined {
  const ns: number[] = [];
  for (const implementation of IMPLEMENTATIONS) {
    const withPowerUp = rows.find((row) => row.id === decisionRowId(door, implementation));
    const powerUp = rows.find((row) => row.id === powerUpRowId(implementation));
    if (!withPowerUp || !powerUp) return undefined;
    ns.push(withPowerUp.nsPerOp - powerUp.nsPerOp);
  }
  return { wasmNs: ns[0]!, nobleNs: ns[1]!, nodeNs: ns[2]! };
}

/** Undefined when the decision suite did not run. */
export function decisionSummary(results: readonly SuiteResult[]): DecisionSummary | undefined {
  const rows = results.flatMap((result) => result.rows);
  const dwelling = derivedDecision(rows, 'dwelling');
  const powerUp = rows.find((row) => row.id === powerUpRowId('wasm'));
  if (!dwelling || !powerUp) return undefined;
  return {
    decisionNs: dwelling.wasmNs,
    decisionVsNoble: dwelling.nobleNs / dwelling.wasmNs,
    decisionVsNode: dwelling.nodeNs / dwelling.wasmNs,
    powerUpNs: powerUp.nsPerOp,
  };
}

/** "wasm 12,345 ns; @noble 3.10x slower; node:crypto 2.05x slower". */
export function formatDerivedDecision(d: DerivedDecision): string {
  return `wasm ${formatNs(d.wasmNs)} ns; @noble ${formatNs(d.nobleNs)} ns (${formatRatio(d.nobleNs / d.wasmNs)}); node:crypto ${formatNs(d.nodeNs)} ns (${formatRatio(d.nodeNs / d.wasmNs)})`;
}

export function formatDecisionSummary(s: DecisionSummary): string {
  return [
    `decision (resident, dwelling door, blocklist 3,000; power-up subtracted): wasm ${formatNs(s.decisionNs)} ns/op; @noble reference ${formatRatio(s.decisionVsNoble)} slower; node:crypto reference ${formatRatio(s.decisionVsNode)} slower`,
    `power-up: wasm boot() ${formatNs(s.powerUpNs)} ns/op`,
  ].join('\n');
}
