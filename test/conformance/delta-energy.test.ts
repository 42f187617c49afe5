/**
 * PROTOCOL.md §7.10 and §8 on every target: a DELTA is staged only when the lock holds the energy
 * for its slot and the state, whatever the list holds. One nanojoule short, the lock answers
 * InsufficientEnergy and changes nothing. A staged delta counts at once; the staging holds 4, a
 * further one is refused with DeltaBusy until a merge commits; the capacity is judged on the list,
 * every staged add entry and the delta's.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { energyPrices } from '../../host/physics/energy-prices.js';
import { pagesFor, STAGING_WRITES } from '../../host/reference/energy-rule.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { FRONT_DOOR_GROUP, makeSite, openSession, profile, START_DAY, type Site } from './fixture.js';
import { TARGETS, type Target } from './targets.js';

/** A gauge the test sets: the energy above brown-out, nJ. */
class SetGauge implements EnergyGauge {
  constructor(public nj = 0xffff_ffff) {}
  availableNj(): number {
    return this.nj;
  }
}

const NJ_PER_UJ = 1000;
const FULL_NJ = 0xffff_ffff;
const prices = energyPrices(profile);
/** What a commit of `writes` (their sizes) costs without a release, nJ. */
const costNj = (writes: readonly number[]): number => writes.reduce((sum, bytes) => sum + pagesFor(bytes, prices.pageShift), 0) * prices.pageWriteUj * NJ_PER_UJ;

const RETIRE_DAY = START_DAY + 365;
const adds = (keyIds: readonly number[]): DeltaEntry[] => keyIds.map((keyId) => ({ op: 'add', keyId, retireDay: RETIRE_DAY }));
const range = (first: number, count: number): number[] => Array.from({ length: count }, (_, i) => first + i);

interface DeltaSite {
  gauge: SetGauge;
  lock: LockTarget;
  site: Site;
  /** A key carrying every delta issued so far, from version 0. */
  carrier(): KeyDevice;
  /** Issues a delta of `entries`. */
  issue(entries: readonly DeltaEntry[]): void;
}

/** A common lock (capacity `capacity`, the profile's when not given) whose gauge the test sets. */
function deltaSite(target: Target, capacity?: number): DeltaSite {
  const gauge = new SetGauge();
  const site = makeSite({ makeLock: (entropy) => target.make(entropy, gauge) });
  const sized = capacity === undefined ? profile : { ...profile, capacities: { ...profile.capacities, blocklistEntries: { ...profile.capacities.blocklistEntries, value: capacity } } };
  const lock = site.makeLock({ lockId: 1003, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile: sized });
  const issued: Uint8Array[] = [];
  const carrier = () => {
    const key = site.makeKey({ keyId: 7 });
    for (const delta of issued) key.carryDelta(delta);
    return key;
  };
  return { gauge, lock, site, carrier, issue: (entries) => issued.push(site.management.issueBlocklistDelta([...entries])) };
}

describe.each(TARGETS)('$name', (target) => {
  it('should refuse a delta it cannot stage with InsufficientEnergy, keep its version, and stage the same delta with enough energy', () => {
    const { gauge, lock, site, carrier, issue } = deltaSite(target);
    issue(adds(range(1000, 16)));
    expect(carrier().insert(lock).deltas.at(-1)?.reason).toBe(Reason.Ok);
    issue(adds([31]));
    const cost = costNj(STAGING_WRITES);
    gauge.nj = cost - 1;
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.InsufficientEnergy, blocklistVersion: 1 }]);
    gauge.nj = FULL_NJ;
    expect(openSession(lock, 31).blocklistVersion).toBe(1);
    expect(site.makeKey({ keyId: 31 }).insert(lock).decision).toBe('grant');
    gauge.nj = cost;
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.Ok, blocklistVersion: 2 }]);
    gauge.nj = FULL_NJ;
    expect(site.makeKey({ keyId: 31 }).insert(lock).reason).toBe(Reason.Blocked);
  });

  it('should stage a delta at the same price whatever the list holds', () => {
    const { gauge, lock, carrier, issue } = deltaSite(target);
    for (let i = 0; i < 8; i++) issue(adds(range(1000 + 16 * i, 16)));
    while (openSession(lock, 7).blocklistVersion < 8) carrier().insert(lock);
    issue(adds(range(3000, 16)));
    gauge.nj = costNj(STAGING_WRITES);
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 8, reason: Reason.Ok, blocklistVersion: 9 }]);
  });

  it('should refuse a fifth delta with DeltaBusy while four are staged and no merge has committed, refusing the keys they add already', () => {
    const { gauge, lock, site, carrier, issue } = deltaSite(target);
    for (let i = 0; i < 5; i++) issue(adds(range(1000 + 16 * i, 16)));
    // Enough to stage, too little for a merge step beyond the grant's commit: the staging fills.
    gauge.nj = costNj(STAGING_WRITES);
    const acks = carrier().insert(lock).deltas;
    expect(acks.map((ack) => ack.reason)).toEqual([Reason.Ok, Reason.Ok, Reason.Ok, Reason.Ok, Reason.DeltaBusy]);
    expect(acks.at(-1)).toEqual({ fromVersion: 4, reason: Reason.DeltaBusy, blocklistVersion: 4 });
    expect(site.makeKey({ keyId: 1063 }).insert(lock).reason).toBe(Reason.Blocked);
    // With energy, a merge step at the DELTA makes room: the next insertion stages the fifth.
    gauge.nj = FULL_NJ;
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 4, reason: Reason.Ok, blocklistVersion: 5 }]);
  });

  it('should refuse with BlocklistFull a delta whose add entries, with the list and the staged ones, could exceed the capacity', () => {
    const { lock, carrier, issue } = deltaSite(target, 17);
    issue(adds(range(1000, 16)));
    expect(carrier().insert(lock).deltas.at(-1)?.reason).toBe(Reason.Ok);
    issue(adds(range(5000, 2)));
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.BlocklistFull, blocklistVersion: 1 }]);
  });
});
