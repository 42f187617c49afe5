/**
 * The rules audit: a breach the lock could have prevented fails the rule; one only an online lock
 * could have prevented is counted as offline latency; a scenario that breaks a rule is reported
 * with the events that break it.
 */
import { describe, expect, it } from 'vitest';
import { Role } from '../../firmware/abi.js';
import { DEMO_SCENARIO } from '../../sim/estate/demo/demo-scenario.js';
import { EstateLock } from '../../sim/estate/lock/lock-bank.js';
import { runEstate } from '../../sim/estate/parallel/run-estate.js';
import type { DoorPlan, KeyPlan } from '../../sim/estate/plan/plan-types.js';
import { SessionRecord } from '../../sim/estate/keys/session-record.js';
import { AuditBook, auditGrant } from '../../sim/estate/run/audit-book.js';
import { DoorState, KeyState } from '../../sim/estate/run/shard-state.js';
import { parseScenario } from '../../sim/estate/scenario/load-scenario.js';

const DAY = 1440;

function door(privateDwelling = 0): DoorState {
  const plan: DoorPlan = { index: 0, ref: 'block/front', kind: privateDwelling ? 'dwelling' : 'front', lockId: 65536, groupId: 7, privateDwelling, dwellingIndex: privateDwelling ? 0 : -1 };
  return new DoorState(plan, new EstateLock(65536, 64, 0, 1), 3, 256);
}

function key(overrides: Partial<KeyPlan>): KeyState {
  return new KeyState({ index: 0, keyId: 1_000_000_001, role: Role.Resident, carrier: 'physical', holder: { kind: 'resident', household: 0, member: 0 }, groups: [7], dwellingId: 9, generation: 1, credentials: [{ issuedAt: 0, validFrom: 0, validUntil: 1000 * DAY }], blockedAt: Infinity, blockVersion: 0, blockReason: null, ...overrides });
}

function grant(book: AuditBook, d: DoorState, k: KeyState, at: number, extra: { movedOutAt?: number; careDeadline?: number } = {}): void {
  auditGrant({ book, at, door: d, key: k, record: new SessionRecord(), movedOutAt: extra.movedOutAt ?? Infinity, consent: undefined, careRenewalLimitMin: 92 * DAY, careDeadline: extra.careDeadline ?? Infinity });
}

describe('the audit of a granted opening', () => {
  it('should fail the blocked-key rule when the door already held the delta listing the key', () => {
    const book = new AuditBook();
    const d = door();
    d.reach(2, 10 * DAY, 0);
    grant(book, d, key({ blockedAt: 9 * DAY, blockVersion: 2, blockReason: 'lost' }), 11 * DAY);
    expect(book.evidence['blocked-key']!.failures).toBe(1);
    expect(book.evidence['blocked-key']!.examples[0]!.what).toMatch(/reported lost 2\.0 days before/);
  });

  it('should count a grant before the door held the delta as offline latency, not as a failure', () => {
    const book = new AuditBook();
    const d = door();
    d.reach(1, 10 * DAY, 0);
    grant(book, d, key({ blockedAt: 9 * DAY, blockVersion: 2, blockReason: 'lost' }), 11 * DAY);
    expect(book.evidence['blocked-key']!.failures).toBe(0);
    expect(book.evidence['blocked-key']!.offlineDelaysMin).toEqual([2 * DAY]);
  });

  it("should fail the tenant-change rule for a previous tenant's key at a door that knew the new generation", () => {
    const book = new AuditBook();
    const d = door();
    d.learnGeneration(9, 2, 20 * DAY);
    grant(book, d, key({ generation: 1 }), 21 * DAY, { movedOutAt: 19 * DAY });
    expect(book.evidence['tenant-change']!.failures).toBe(1);
  });

  it('should fail the window rule when a contractor opens a door outside its groups', () => {
    const book = new AuditBook();
    grant(book, door(), key({ role: Role.Contractor, groups: [8], holder: { kind: 'contractor', contractor: 'x', window: 0 } }), 5 * DAY);
    expect(book.evidence['third-party-window']!.failures).toBe(1);
  });

  it('should fail the consent rule when a contractor opens a dwelling without any consent', () => {
    const book = new AuditBook();
    grant(book, door(9), key({ role: Role.Contractor, holder: { kind: 'contractor', contractor: 'x', window: 0 } }), 5 * DAY);
    expect(book.evidence['third-party-consent']!.failures).toBe(1);
  });

  it('should fail the care-renewal rule for a care credential older than the limit', () => {
    const book = new AuditBook();
    grant(book, door(), key({ role: Role.CareWorker, holder: { kind: 'care', organisation: 'o', route: 0 } }), 100 * DAY);
    expect(book.evidence['care-renewal']!.failures).toBe(1);
  });

  it('should fail the care-withdrawal rule when the management system never withdrew a lapsed organisation', () => {
    const book = new AuditBook();
    grant(book, door(), key({ role: Role.CareWorker, holder: { kind: 'care', organisation: 'o', route: 0 } }), 50 * DAY, { careDeadline: 40 * DAY });
    expect(book.evidence['care-withdrawal']!.failures).toBe(1);
  });
});

describe('the audit of a scenario that breaks a rule', () => {
  it('should fail R-CARE-2 when care credentials are renewed every four months, listing the renewals and grants that break it', async () => {
    const scenario = parseScenario({ ...DEMO_SCENARIO, months: 6, complexes: [DEMO_SCENARIO.complexes[1]!], events: [], careOrganisations: [{ id: 'zorg', clients: [{ dwelling: 'parkzicht/104', visitsPerDay: 1 }] }], policy: { careRenewalDays: 120 }, randomEvents: {} }, 'test');
    const run = await runEstate(scenario, { workers: 0 });
    const rule = run.results.audit.find((r) => r.id === 'care-renewal')!;
    expect(rule.status).toBe('fail');
    expect(rule.failures).toBeGreaterThan(0);
    expect(rule.breaches[0]!.what).toMatch(/a care credential issued 92\.\d days before \(limit 92\.0 days\)/);
    expect(run.results.audit.find((r) => r.id === 'blocked-key')!.status).toBe('pass');
  });
});
