/**
 * The decision figures the project quotes. A decision cannot be timed without the power-up before
 * it (only then is the challenge nonce the precomputed one), so it is derived from one run's rows:
 * decision = ns/op(power-up + decision) − ns/op(power-up), per implementation, both medians (measure.ts).
 */
import { difference, nsPerOp, ratio, type Figure, type FigureTree } from './figures.js';
import { formatNs, formatRatio } from './table.js';
import type { Implementation, SuiteResult } from './types.js';

export type DecisionDoor = 'dwelling' | 'common';
export type DecisionLog = 'off' | 'on';

/** Which decision: door, blocklist length, log setting. */
export interface DecisionCase {
  door: DecisionDoor;
  entries: number;
  log: DecisionLog;
}

export const DECISION_SUITE = 'decision';

/** The decision the project quotes: resident key, dwelling door, 3,000 entries, log off. */
export const QUOTED_DECISION: DecisionCase = { door: 'dwelling', entries: 3_000, log: 'off' };

export const decisionRowId = (c: DecisionCase, implementation: Implementation): string => `decision.${c.door}.${c.entries}.log-${c.log}.${implementation}`;
export const powerUpRowId = (implementation: Implementation): string => `powerUp.${implementation}`;

export type DerivedDecision = Record<Implementation, Figure>;

const IMPLEMENTATIONS: readonly Implementation[] = ['wasm', 'noble', 'node'];

/** Each implementation's decision alone, ns, or why it is absent. */
export function derivedDecision(results: readonly SuiteResult[], c: DecisionCase): DerivedDecision {
  const derive = (implementation: Implementation): Figure =>
    difference(nsPerOp(results, DECISION_SUITE, decisionRowId(c, implementation)), nsPerOp(results, DECISION_SUITE, powerUpRowId(implementation)));
  return { wasm: derive('wasm'), noble: derive('noble'), node: derive('node') };
}

/** decisionNs, decisionVsNoble, decisionVsNode (times faster than each reference), powerUpNs. */
export function decisionFigures(results: readonly SuiteResult[]): FigureTree {
  const d = derivedDecision(results, QUOTED_DECISION);
  return {
    decisionNs: d.wasm,
    decisionVsNoble: ratio(d.noble, d.wasm),
    decisionVsNode: ratio(d.node, d.wasm),
    powerUpNs: nsPerOp(results, DECISION_SUITE, powerUpRowId('wasm')),
  };
}

const shown = (f: Figure, text: (value: number) => string): string => ('value' in f ? text(f.value) : 'absent');

/** "wasm 2,412 ns; @noble 190,000 ns (78.8x); node:crypto 250,000 ns (104x)", or "absent" when no row was measured. */
export function formatDerivedDecision(d: DerivedDecision): string {
  if (IMPLEMENTATIONS.every((implementation) => 'absent' in d[implementation])) return 'absent';
  const versus = (f: Figure): string => shown(ratio(f, d.wasm), formatRatio);
  return IMPLEMENTATIONS.map((implementation) => {
    const label = { wasm: 'wasm', noble: '@noble', node: 'node:crypto' }[implementation];
    const ns = shown(d[implementation], (v) => `${formatNs(v)} ns`);
    return implementation === 'wasm' ? `${label} ${ns}` : `${label} ${ns} (${versus(d[implementation])})`;
  }).join('; ');
}
