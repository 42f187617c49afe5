/**
 * Suite "decision": the lock side of one full decision, HELLO in to RESULT out, for a resident key
 * at a dwelling door (tenant proof) and at the front door, both with 3,000 blocklist entries: the
 * firmware's WASM against the reference lock on @noble and on node:crypto. Power-up is timed alone
 * too; the decision is the difference (decision-summary.ts).
 */
import { decisionRowId, derivedDecision, formatDerivedDecision, powerUpRowId } from '../decision-summary.js';
import { measureCases, timePerTaskMs, type BenchCase } from '../measure.js';
import type { BenchRow, Suite, SuiteOptions, SuiteResult } from '../types.js';
import { checkDecisions } from './decision-check.js';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames, type ResidentKeyFrames } from './decision-keys.js';
import type { DecisionLocks } from './decision-locks.js';
import { DECISION_GRANT, firmwareDecision, firmwarePowerUp, referenceDecision, referencePowerUp } from './decision-ops.js';
import { createDecisionSite } from './decision-site.js';
import { RESIDENT_KEY_COUNT } from './decision-site-plan.js';

const SEED = 'bench decision';

const GROUP = {
  powerUp: 'power-up',
  dwelling: 'decision: resident at dwelling door, blocklist 3,000',
  common: 'decision: resident at common door, blocklist 3,000',
} as const;

/** Every decision byte is XORed in as an integer (pitfall 9: no boxed float), so no work is dead. */
let sink = 0;

function refused(row: string, decision: number): never {
  throw new Error(`${row}: the lock answered decision ${decision}, not a grant`);
}

/** Each op is its own function literal, so V8 keeps its call sites monomorphic. */
function cases(locks: DecisionLocks, keys: readonly ResidentKeyFrames[]): BenchCase[] {
  const fwBoot = firmwarePowerUp(locks.wasm.dwelling.lock);
  const noblePowerUp = referencePowerUp(locks.noble.dwelling);
  const nodePowerUp = referencePowerUp(locks.node.dwelling);
  const fwDwelling = firmwareDecision(locks.wasm.dwelling.lock, keys, 'dwelling');
  const nobleDwelling = referenceDecision(locks.noble.dwelling, keys, 'dwelling');
  const nodeDwelling = referenceDecision(locks.node.dwelling, keys, 'dwelling');
  const fwCommon = firmwareDecision(locks.wasm.common.lock, keys, 'common');
  const nobleCommon = referenceDecision(locks.noble.common, keys, 'common');
  const nodeCommon = referenceDecision(locks.node.common, keys, 'common');
  return [
    { id: powerUpRowId('wasm'), name: 'power-up: firmware boot() (RAM cleared, DRBG seeded)', group: GROUP.powerUp, implementation: 'wasm', baseline: true,
      op: () => { sink ^= fwBoot(); } },
    { id: powerUpRowId('noble'), name: 'power-up: ReferenceLock.powerUp(), @noble backend', group: GROUP.powerUp, implementation: 'noble',
      op: () => { noblePowerUp(); } },
    { id: powerUpRowId('node'), name: 'power-up: ReferenceLock.powerUp(), node:crypto backend', group: GROUP.powerUp, implementation: 'node',
      op: () => { nodePowerUp(); } },

    { id: decisionRowId('dwelling', 'wasm'), name: 'power-up + decision at dwelling door: firmware wasm', group: GROUP.dwelling, implementation: 'wasm', baseline: true,
      op: (i) => { const d = fwDwelling(i); if (d !== DECISION_GRANT) refused('wasm dwelling', d); sink ^= d; } },
    { id: decisionRowId('dwelling', 'noble'), name: 'power-up + decision at dwelling door: reference on @noble', group: GROUP.dwelling, implementation: 'noble',
      op: (i) => { const d = nobleDwelling(i); if (d !== DECISION_GRANT) refused('noble dwelling', d); sink ^= d; } },
    { id: decisionRowId('dwelling', 'node'), name: 'power-up + decision at dwelling door: reference on node:crypto', group: GROUP.dwelling, implementation: 'node',
      op: (i) => { const d = nodeDwelling(i); if (d !== DECISION_GRANT) refused('node dwelling', d); sink ^= d; } },

    { id: decisionRowId('common', 'wasm'), name: 'power-up + decision at front door: firmware wasm', group: GROUP.common, implementation: 'wasm', baseline: true,
      op: (i) => { const d = fwCommon(i); if (d !== DECISION_GRANT) refused('wasm common', d); sink ^= d; } },
    { id: decisionRowId('common', 'noble'), name: 'power-up + decision at front door: reference on @noble', group: GROUP.common, implementation: 'noble',
      op: (i) => { const d = nobleCommon(i); if (d !== DECISION_GRANT) refused('noble common', d); sink ^= d; } },
    { id: decisionRowId('common', 'node'), name: 'power-up + decision at front door: reference on node:crypto', group: GROUP.common, implementation: 'node',
      op: (i) => { const d = nodeCommon(i); if (d !== DECISION_GRANT) refused('node common', d); sink ^= d; } },
  ];
}

function footnotes(rows: readonly BenchRow[]): string[] {
  const derived = (door: 'dwelling' | 'common'): string => {
    const d = derivedDecision(rows, door);
    return d ? formatDerivedDecision(d) : 'not measured';
  };
  return [
    'power-up + decision: power-up, HELLO in, AUTH in, RESULT out (one byte of it read). The power-up stays in: only a fresh',
    '  power-up draws the challenge nonce the AUTH frames were computed for (every power-up is seeded with the same 32 bytes).',
    'decision alone = mean(power-up + decision) - mean(power-up), both rows of this run:',
    `  dwelling door: ${derived('dwelling')}`,
    `  front door:    ${derived('common')}`,
    `${RESIDENT_KEY_COUNT} resident keys in turn; no session writes NVM; the firmware's trace events and actuator commands are not recorded.`,
  ];
}

export const decisionSuite: Suite = {
  name: 'decision',
  description: 'One decision, HELLO in to RESULT out, blocklist of 3,000: firmware WASM vs the reference lock on @noble and node:crypto',
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const { locks, management, tenantSecret } = createDecisionSite(SEED);
    const residents = residentKeys(management, SEED);
    // Every power-up of every lock draws this nonce (same entropy); checkDecisions proves it for each.
    const lockNonce = challengeNonceAfterPowerUp(locks.wasm.dwelling.lock, residents[0]!.hello);
    const keys = withAuthFrames(residents, tenantSecret, lockNonce);
    checkDecisions(locks, keys, lockNonce);
    const rows = await measureCases(cases(locks, keys), RESIDENT_KEY_COUNT, options);
    return { suite: 'decision', timePerTaskMs: timePerTaskMs(options), rows, sink, footnotes: footnotes(rows) };
  },
};
