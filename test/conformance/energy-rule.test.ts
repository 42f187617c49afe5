/**
 * PROTOCOL.md §7.10, the energy rule, on every target: a grant is committed only when the lock holds
 * the release and the grant's writes at the provisioned prices; one nanojoule short, the key is
 * refused with InsufficientEnergy and nothing is written, so the same insertion with enough energy
 * later does what it would have done. A refusal short of the state write keeps the mark as stored.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import type { LockRequest } from '../../host/management/management-system.js';
import { energyPrices } from '../../host/physics/energy-prices.js';
import { emergencyWrites, generationTableWrites, pagesFor, WRITES } from '../../host/reference/energy-rule.js';
import { DWELLING_A, FRONT_DOOR_GROUP, makeSite, minutesAt, profile, START_DAY, type Site } from './fixture.js';
import { TARGETS, type Target } from './targets.js';

/** A gauge the test sets: the energy above brown-out, nJ. */
class SetGauge implements EnergyGauge {
  constructor(public nj = 0xffff_ffff) {}
  availableNj(): number {
    return this.nj;
  }
}

const NJ_PER_UJ = 1000;
const prices = energyPrices(profile);
/** What a commit of `writes` (their sizes) costs, with the release when `release`, nJ. */
const costNj = (writes: readonly number[], release: boolean): number =>
  (writes.reduce((sum, bytes) => sum + pagesFor(bytes, prices.pageShift), 0) * prices.pageWriteUj + (release ? prices.releaseUj : 0)) * NJ_PER_UJ;

interface EnergySite {
  gauge: SetGauge;
  lock: LockTarget;
  key: Site['makeKey'];
}

/** The conformance site with one more lock of `request`, whose gauge the test sets. */
function energySite(target: Target, request: Omit<LockRequest, 'profile' | 'markDay'>): EnergySite {
  const gauge = new SetGauge();
  const site = makeSite({ makeLock: (entropy) => target.make(entropy, gauge) });
  return { gauge, lock: site.makeLock(request), key: site.makeKey };
}

const PRIVATE = { lockId: 2002, privateDwelling: DWELLING_A, groups: [DWELLING_A] };
const COMMON = { lockId: 1002, privateDwelling: 0, groups: [FRONT_DOOR_GROUP] };

describe.each(TARGETS)('$name', (target) => {
  it('should price a tenant change at the release and its four writes, refuse it one nanojoule short and make it later', () => {
    const site = energySite(target, PRIVATE);
    const tenant = site.key({ keyId: 11 });
    const cost = costNj(WRITES.tenantChange, true);
    site.gauge.nj = cost - 1;
    const starved = tenant.insert(site.lock);
    expect(starved.reason).toBe(Reason.InsufficientEnergy);
    expect(starved.tenantSecretReceived).toBe(false);
    site.gauge.nj = cost;
    const moveIn = tenant.insert(site.lock);
    expect(moveIn.decision).toBe('grant');
    expect(moveIn.tenantSecretReceived).toBe(true);
  });

  it("should make the move-in's pending T current only with the state's write and the release in hand (§4.2)", () => {
    const site = energySite(target, PRIVATE);
    const tenant = site.key({ keyId: 11 });
    expect(tenant.insert(site.lock).tenantSecretReceived).toBe(true);
    site.gauge.nj = costNj(WRITES.state, true) - 1;
    expect(tenant.insert(site.lock).reason).toBe(Reason.InsufficientEnergy);
    site.gauge.nj = costNj(WRITES.state, true);
    expect(tenant.insert(site.lock).decision).toBe('grant');
    // Made current: the next opening writes nothing.
    site.gauge.nj = costNj([], true);
    expect(tenant.insert(site.lock).decision).toBe('grant');
  });

  it('should open for a tenant key at its own door with only the release in hand when the mark stays', () => {
    const site = energySite(target, PRIVATE);
    const tenant = site.key({ keyId: 11 });
    expect(tenant.insert(site.lock).tenantSecretReceived).toBe(true);
    expect(tenant.insert(site.lock).decision).toBe('grant');
    site.gauge.nj = costNj([], true) - 1;
    expect(tenant.insert(site.lock).reason).toBe(Reason.InsufficientEnergy);
    site.gauge.nj = costNj([], true);
    expect(tenant.insert(site.lock).decision).toBe('grant');
  });

  it('should refuse an emergency opening it cannot record and release, and record nothing', () => {
    const site = energySite(target, PRIVATE);
    const tenant = site.key({ keyId: 11 });
    tenant.insert(site.lock);
    const emergency = site.key({ keyId: 51, role: Role.Emergency, dwellingId: 0, groups: [DWELLING_A] });
    site.gauge.nj = costNj(emergencyWrites(0), true) - 1;
    expect(emergency.insert(site.lock).reason).toBe(Reason.InsufficientEnergy);
    site.gauge.nj = 0xffff_ffff;
    // No opening was recorded: the tenant's next grant carries no emergency notice.
    expect(tenant.insert(site.lock).emergencyNotice).toBeUndefined();
    site.gauge.nj = costNj(emergencyWrites(0), true);
    expect(emergency.insert(site.lock).decision).toBe('grant');
    site.gauge.nj = 0xffff_ffff;
    expect(tenant.insert(site.lock).emergencyNotice?.count).toBe(1);
  });

  it('should price a new dwelling in a common lock\'s table with the whole table it copies', () => {
    const site = energySite(target, COMMON);
    const dwellings = [120, 130, 140, 150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250, 260, 270, 280];
    dwellings.forEach((dwellingId, i) => expect(site.key({ keyId: 300 + i, dwellingId }).insert(site.lock).decision).toBe('grant'));
    // Dwelling 101 joins 17: the 18 entries are copied into the other area in two writes (16 + 2), then the state.
    const newcomer = site.key({ keyId: 400, dwellingId: 101 });
    const cost = costNj(generationTableWrites(dwellings.length + 1), true);
    site.gauge.nj = cost - 1;
    expect(newcomer.insert(site.lock).reason).toBe(Reason.InsufficientEnergy);
    site.gauge.nj = cost;
    expect(newcomer.insert(site.lock).decision).toBe('grant');
    // The table holds it: an older key of dwelling 101 is now refused.
    site.gauge.nj = 0xffff_ffff;
    const older = site.key({ keyId: 401, dwellingId: 101, generation: 0 });
    expect(older.insert(site.lock).reason).toBe(Reason.TenantChanged);
  });

  it('should keep the stored mark and the reason of a refusal it cannot afford to write the mark for', () => {
    const site = energySite(target, COMMON);
    const nextMonth = START_DAY + 20;
    const stranger = site.key({ keyId: 70, groups: [999], issuedAtMinutes: minutesAt(nextMonth, 600) });
    site.gauge.nj = costNj(WRITES.state, false) - 1;
    const refused = stranger.insert(site.lock);
    expect(refused.reason).toBe(Reason.NoAccessGroup);
    expect(refused.markDay).toBe(START_DAY);
    site.gauge.nj = costNj(WRITES.state, false);
    const written = stranger.insert(site.lock);
    expect(written.reason).toBe(Reason.NoAccessGroup);
    expect(written.markDay).toBe(nextMonth);
  });
});
