/**
 * Suite "decision": the lock side of one full decision, HELLO in to RESULT out, for a resident key
 * at a dwelling door (tenant proof) and at a common door (the front door), with blocklists of 500, 3,000 and
 * 65,535 entries and the log off and on: the firmware's WASM against the reference lock on @noble
 * and on node:crypto. Power-up is timed alone too; the decision is the difference
 * (decision-summary.ts).
 */
import { decisionRowId, derivedDecision, formatDerivedDecision, powerUpRowId, type DecisionCase } from '../decision-summary.js';
import { measureCases, timePerTaskMs, type BenchCase } from '../measure.js';
import type { BenchRow, Implementation, Suite, SuiteOptions, SuiteResult, TimedSuiteResult } from '../types.js';
import { checkDecisions } from './decision-check.js';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames, type ResidentKeyFrames } from './decision-keys.js';
import { createLogOnSite, type LogOnSite } from './decision-log-site.js';
import type { DecisionLocks } from './decision-locks.js';
import { DECISION_GRANT, firmwareDecision, firmwarePowerUp, referenceDecision, referencePowerUp } from './decision-ops.js';
import { createDecisionSite, IMPLEMENTATIONS, type DecisionSite } from './decision-site.js';
import { BLOCKLIST_PLANS, DOORS, LOG_SETTINGS, QUOTED_BLOCKLIST_ENTRIES, RESIDENT_KEY_COUNT, type Door, type LogSetting } from './decision-site-plan.js';

const SEED = 'bench decision';

/** Every decision byte is XORed in as an integer (pitfall 9: no boxed float), so no work is dead. */
let sink = 0;

const DOOR_NAMES: Record<Door, string> = { dwelling: 'dwelling door', common: 'common door' };
const IMPLEMENTATION_NAMES: Record<Implementation, string> = { wasm: 'firmware wasm', noble: 'reference on @noble', node: 'reference on node:crypto' };

const describeCase = (c: DecisionCase): string => `${DOOR_NAMES[c.door]}, blocklist ${c.entries.toLocaleString('en-US')}, log ${c.log}`;
const groupOf = (c: DecisionCase): string => `decision: resident at ${describeCase(c)}`;

function refused(row: string, decision: number): never {
  throw new Error(`${row}: the lock answered decision ${decision}, not a grant`);
}

/** The i-th key's power-up + decision at one door of one implementation; returns the decision byte. */
function decisionOp(locks: DecisionLocks, keys: readonly ResidentKeyFrames[], door: Door, implementation: Implementation): (i: number) => number {
  return implementation === 'wasm' ? firmwareDecision(locks.wasm[door].lock, keys, door) : referenceDecision(locks[implementation][door], keys, door);
}

const rowName = (c: DecisionCase, implementation: Implementation): string => `power-up + decision, ${describeCase(c)}: ${IMPLEMENTATION_NAMES[implementation]}`;

/** One implementation's timed case; each op is its own closure, so its call site stays monomorphic. */
function decisionCase(c: DecisionCase, implementation: Implementation, locks: DecisionLocks, keys: readonly ResidentKeyFrames[]): BenchCase {
  const decide = decisionOp(locks, keys, c.door, implementation);
  const row = `${implementation} ${describeCase(c)}`;
  return {
    id: decisionRowId(c, implementation),
    name: rowName(c, implementation),
    group: groupOf(c),
    implementation,
    baseline: implementation === 'wasm',
    op: (i) => {
      const d = decide(i);
      if (d !== DECISION_GRANT) refused(row, d);
      sink ^= d;
    },
  };
}

function absentCase(c: DecisionCase, implementation: Implementation, reason: string): BenchCase {
  return { id: decisionRowId(c, implementation), name: rowName(c, implementation), group: groupOf(c), implementation, baseline: implementation === 'wasm', absent: reason };
}

function powerUpCases(locks: DecisionLocks): BenchCase[] {
  const fwBoot = firmwarePowerUp(locks.wasm.dwelling.lock);
  const noblePowerUp = referencePowerUp(locks.noble.dwelling);
  const nodePowerUp = referencePowerUp(locks.node.dwelling);
  const group = 'power-up';
  return [
    { id: powerUpRowId('wasm'), name: 'power-up: firmware boot() (RAM cleared, DRBG seeded)', group, implementation: 'wasm', baseline: true, op: () => { sink ^= fwBoot(); } },
    { id: powerUpRowId('noble'), name: 'power-up: ReferenceLock.powerUp(), @noble backend', group, implementation: 'noble', op: () => { noblePowerUp(); } },
    { id: powerUpRowId('node'), name: 'power-up: ReferenceLock.powerUp(), node:crypto backend', group, implementation: 'node', op: () => { nodePowerUp(); } },
  ];
}

/** Keys with their frames for this site, after checking every door's first decisions. */
function checkedKeys(site: DecisionSite, log: LogSetting, include?: Parameters<typeof checkDecisions>[4]): ResidentKeyFrames[] {
  const residents = residentKeys(site.management, SEED);
  // Every power-up of every lock draws this nonce (same entropy); checkDecisions proves it for each.
  const lockNonce = challengeNonceAfterPowerUp(site.locks.wasm.dwelling.lock, residents[0]!.hello);
  const keys = withAuthFrames(residents, site.tenantSecret, lockNonce);
  checkDecisions(site.locks, keys, lockNonce, log, include);
  return keys;
}

/** Every case of one blocklist length: log off measured, log on measured where the lock logs. */
function blocklistCases(entries: number, logOff: DecisionSite, logOn: LogOnSite): BenchCase[] {
  const offKeys = checkedKeys(logOff, 'off');
  const cases = DOORS.flatMap((door) => IMPLEMENTATIONS.map((implementation) => decisionCase({ door, entries, log: 'off' }, implementation, logOff.locks, offKeys)));
  const onSite = logOn.site;
  const onKeys = onSite ? checkedKeys(onSite, 'on', ({ door, implementation }) => logOn.absent[door][implementation] === undefined) : [];
  for (const door of DOORS) {
    const c: DecisionCase = { door, entries, log: 'on' };
    for (const implementation of IMPLEMENTATIONS) {
      const reason = logOn.absent[door][implementation];
      cases.push(onSite && reason === undefined ? decisionCase(c, implementation, onSite.locks, onKeys) : absentCase(c, implementation, reason ?? 'no log-on site was built'));
    }
  }
  return cases;
}

function footnotes(results: TimedSuiteResult): string[] {
  const derived = BLOCKLIST_PLANS.flatMap(({ entries }) =>
    DOORS.flatMap((door) =>
      LOG_SETTINGS.map((log) => {
        const c: DecisionCase = { door, entries, log };
        return `  ${describeCase(c).padEnd(42)} ${formatDerivedDecision(derivedDecision([results], c))}`;
      }),
    ),
  );
  return [
    'power-up + decision: power-up, HELLO in, AUTH in, RESULT out (one byte of it read). The power-up stays in: only a fresh',
    '  power-up draws the challenge nonce the AUTH frames were computed for (every power-up is seeded with the same 32 bytes).',
    'decision alone = ns/op(power-up + decision) - ns/op(power-up), both rows of this run:',
    ...derived,
    `${RESIDENT_KEY_COUNT} resident keys in turn; with the log off no session writes NVM; the firmware's trace events and actuator commands are not recorded.`,
    'blocklists of 65,535 entries: large-capacity profile; the reference lock is given the list its 4,096 deltas leave (bench/suites/reference-blocklist.ts).',
  ];
}

export const decisionSuite: Suite = {
  async run(options: SuiteOptions): Promise<SuiteResult> {
    // One blocklist length at a time: its locks are built, checked, measured, then let go, so the
    // heap under each row holds one site (the 65,535-entry lists are large) and its own garbage.
    const rows: BenchRow[] = [];
    for (const plan of BLOCKLIST_PLANS) {
      const logOff = createDecisionSite(SEED, plan);
      const powerUp = plan.entries === QUOTED_BLOCKLIST_ENTRIES ? powerUpCases(logOff.locks) : [];
      const cases = blocklistCases(plan.entries, logOff, createLogOnSite(SEED, plan, logOff));
      rows.push(...(await measureCases([...powerUp, ...cases], RESIDENT_KEY_COUNT, options)));
    }
    const result: TimedSuiteResult = { kind: 'timed', suite: 'decision', timePerTaskMs: timePerTaskMs(options), rows, sink };
    return { ...result, footnotes: footnotes(result) };
  },
};
