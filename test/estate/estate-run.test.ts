/**
 * A whole estate run (the demo estate, one month, in this thread): deterministic, its counts add
 * up, and what the scenario sets going happens at the doors as the protocol says: a lost key opens
 * only until the doors hold the delta that lists it, a withdrawn care organisation's key likewise,
 * an emergency opening is shown to the tenant.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { DEMO_SCENARIO } from '../../sim/estate/demo/demo-scenario.js';
import { runEstate, type EstateRun } from '../../sim/estate/parallel/run-estate.js';
import { planEstate } from '../../sim/estate/plan/plan-estate.js';
import { deterministicResults } from '../../sim/estate/report/results-json.js';
import { threadEnvironment } from '../../sim/estate/run/run-environment.js';
import { runShard, type SessionEvent } from '../../sim/estate/run/shard-runner.js';
import type { ShardResult } from '../../sim/estate/run/shard-result.js';
import { parseScenario } from '../../sim/estate/scenario/load-scenario.js';
import { parseSimTime } from '../../sim/estate/scenario/sim-time.js';

const DEMO = parseScenario(DEMO_SCENARIO, 'demo');

describe('the demo estate over one month', () => {
  let run: EstateRun;
  beforeAll(async () => {
    run = await runEstate(DEMO, { workers: 0, months: 1 });
  });

  it('should give the same results, byte for byte, when run again', async () => {
    const again = await runEstate(DEMO, { workers: 0, months: 1 });
    expect(JSON.stringify(deterministicResults(again.results))).toBe(JSON.stringify(deterministicResults(run.results)));
  });

  it('should account for every opening: granted, refused, or without power', () => {
    const r = run.results;
    expect(r.openings).toBeGreaterThan(10_000);
    expect(r.grants + r.refusals.total + r.energy.noPowerOn + r.energy.brownOut).toBe(r.openings);
    expect(r.perDay.openings.reduce((a, b) => a + b, 0)).toBe(r.openings);
    expect(r.byCarrier.physical + r.byCarrier.phone).toBe(r.openings);
  });

  it('should audit every rule of the list, with no failure', () => {
    const byId = Object.fromEntries(run.results.audit.map((rule) => [rule.id, rule]));
    expect(Object.keys(byId)).toEqual(['blocked-key', 'tenant-change', 'third-party-window', 'third-party-consent', 'emergency-shown', 'log-retention', 'log-consent', 'care-renewal', 'care-withdrawal']);
    expect(byId['log-consent']!.checked).toBeGreaterThan(0);
    for (const rule of run.results.audit) expect(rule.failures).toBe(0);
  });
});

describe('the demo estate, insertion by insertion', () => {
  /** Every insertion of the first complex (De Linde) over three months. */
  let events: SessionEvent[];
  let plan: ReturnType<typeof planEstate>;
  let result: ShardResult;
  beforeAll(() => {
    plan = planEstate(DEMO, { months: 3 });
    const { shards, ...estate } = plan;
    events = [];
    result = runShard(threadEnvironment(loadProfileByName(plan.profile)), estate, shards[0]!, { onSession: (e) => events.push(e) });
  });

  it('should log a dwelling\'s openings only after its tenant switched the log on, and keep no entry a read shows past 28 days (R-PRV-1, R-PRV-2, R-PRV-4)', () => {
    // The demo's tenant of de-linde/a2 switches the log on on 2026-03-20: the weekly reads of its
    // lock find entries from then on; no other lock's ring changed.
    const consent = result.audit['log-consent']!;
    const retention = result.audit['log-retention']!;
    expect(consent.checked).toBeGreaterThan(1_000);
    expect(consent.failures).toBe(0);
    expect(retention.checked).toBeGreaterThan(0);
    expect(retention.failures).toBe(0);
  });

  it('should let a lost key open a door only before that door held the delta listing it, and refuse it after', () => {
    const lostAt = parseSimTime('2026-01-20 18:40')!;
    const lost = plan.shards[0]!.keys.find((key) => key.blockReason === 'lost' && key.blockedAt === lostAt)!;
    const mine = result.revocations.filter((r) => r.keyId === lost.keyId);
    expect(mine.length).toBeGreaterThan(0);
    for (const record of mine) {
      expect(record.blockedAt).not.toBeNull();
      const after = events.filter((e) => e.keyId === lost.keyId && e.door === record.door && e.at >= record.blockedAt!);
      expect(after.filter((e) => e.granted)).toEqual([]);
    }
    expect(events.some((e) => e.keyId === lost.keyId && e.reason === Reason.Blocked)).toBe(true);
  });

  it('should show the emergency opening of the leak to the tenant at their next opening of the dwelling', () => {
    const leak = parseSimTime('2026-02-14 03:12')!;
    const opened = events.find((e) => e.role === Role.Emergency && e.door === 'de-linde/b6' && e.granted);
    expect(opened?.at).toBeGreaterThanOrEqual(leak);
    const tenantNext = events.find((e) => e.door === 'de-linde/b6' && e.at > opened!.at && (e.role === Role.Resident || e.role === Role.ExtraKey) && e.granted)!;
    expect(result.audit['emergency-shown']!.figures['shownAfterMin']).toEqual([tenantNext.at - opened!.at]);
  });

  it('should open for the care worker whose client withdrew consent only until the tenant raised the epoch, and refuse after', () => {
    const withdrawn = parseSimTime('2026-03-16 11:00')!;
    const visits = events.filter((e) => e.door === 'de-linde/b3' && e.role === Role.CareWorker && e.reason >= 0);
    const firstRefusal = visits.find((e) => e.reason === Reason.ConsentWithdrawn)!;
    expect(firstRefusal.at).toBeGreaterThan(withdrawn);
    expect(visits.filter((e) => e.at >= firstRefusal.at && e.granted)).toEqual([]);
    expect(visits.filter((e) => e.at < withdrawn && e.granted).length).toBeGreaterThan(50);
  });
});
