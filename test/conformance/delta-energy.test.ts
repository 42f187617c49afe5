/**
 * PROTOCOL.md §7.10 and §8 on every target: a DELTA is merged only when the lock holds the energy
 * for the merge's writes, priced at the longest list the delta can leave (every entry kept, every
 * keyId it adds added, up to the capacity), then the state. One nanojoule short, the lock answers
 * InsufficientEnergy and changes nothing: its version and its list stay as they were.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { energyPrices } from '../../host/physics/energy-prices.js';
import { blocklistMergeWrites, pagesFor } from '../../host/reference/energy-rule.js';
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
  it('should refuse a delta it cannot pay for with InsufficientEnergy, keep its version and list, and take the same delta with enough energy', () => {
    const { gauge, lock, site, carrier, issue } = deltaSite(target);
    issue(adds(range(1000, 16)));
    expect(carrier().insert(lock).deltas.at(-1)?.reason).toBe(Reason.Ok);
    issue(adds([31]));
    // The list may grow from 16 entries to 17: two writes of the list, then the state.
    const cost = costNj(blocklistMergeWrites(17));
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

  it('should price a delta that adds nothing at the list it already holds', () => {
    const { gauge, lock, carrier, issue } = deltaSite(target);
    issue(adds(range(1000, 16)));
    expect(carrier().insert(lock).deltas.at(-1)?.reason).toBe(Reason.Ok);
    // Eight keyIds added and removed again: the list can only keep its 16 entries.
    issue([...adds(range(2000, 8)), ...range(2000, 8).map((keyId): DeltaEntry => ({ op: 'remove', keyId, retireDay: 0 }))]);
    gauge.nj = costNj(blocklistMergeWrites(16));
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.Ok, blocklistVersion: 2 }]);
    // The same energy does not pay for a delta that may add 16.
    issue(adds(range(3000, 16)));
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 2, reason: Reason.InsufficientEnergy, blocklistVersion: 2 }]);
  });

  it('should price a delta beyond the capacity at the capacity, and refuse it with BlocklistFull once it holds that energy', () => {
    const { gauge, lock, carrier, issue } = deltaSite(target, 17);
    issue(adds(range(1000, 16)));
    expect(carrier().insert(lock).deltas.at(-1)?.reason).toBe(Reason.Ok);
    issue(adds(range(5000, 16)));
    const cost = costNj(blocklistMergeWrites(17));
    gauge.nj = cost - 1;
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.InsufficientEnergy, blocklistVersion: 1 }]);
    gauge.nj = cost;
    expect(carrier().insert(lock).deltas).toEqual([{ fromVersion: 1, reason: Reason.BlocklistFull, blocklistVersion: 1 }]);
  });
});
