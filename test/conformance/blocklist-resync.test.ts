/**
 * PROTOCOL.md §7.10 and §8 on every target: a delta is staged within one insertion's energy however
 * long the list, a key it adds is refused at once, and the merge completes over later insertions,
 * leaving the list a plain merge of the deltas leaves.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { FRONT_DOOR_GROUP, makeSite, openSession, START_DAY } from './fixture.js';
import { TARGETS } from './targets.js';

/** A gauge the test sets: the energy above brown-out, nJ. */
class SetGauge implements EnergyGauge {
  constructor(public nj = 0xffff_ffff) {}
  availableNj(): number {
    return this.nj;
  }
}

const FULL_NJ = 0xffff_ffff;
/** The reference capacitor's energy above brown-out at power-on, uJ (PROTOCOL.md §7.10). */
const POWER_ON_NJ = 2_880_000;
const RETIRE_DAY = START_DAY + 365;
const adds = (first: number, count: number): DeltaEntry[] => Array.from({ length: count }, (_, i) => ({ op: 'add', keyId: first + i, retireDay: RETIRE_DAY }));

describe.each(TARGETS)('$name', (target) => {
  it('should take a 16-entry delta that fills a list to its 3,000 entries within one insertion at power-on energy, refuse its keys at once, and finish the merge over later insertions', () => {
    const gauge = new SetGauge();
    const site = makeSite({ makeLock: (entropy) => target.make(entropy, gauge) });
    const lock = site.makeLock({ lockId: 1003, privateDwelling: 0, groups: [FRONT_DOOR_GROUP] });
    const issued: Uint8Array[] = [];
    const issue = (entries: DeltaEntry[]) => issued.push(site.management.issueBlocklistDelta(entries));
    const carrier = (from: number) => {
      const key = site.makeKey({ keyId: 7 });
      for (const delta of issued.slice(from)) key.carryDelta(delta);
      return key;
    };
    // 2,976 entries and 8 more, merged at once on a supply's energy: the delta after them fills the 3,000.
    for (let i = 0; i < 186; i++) issue(adds(100_000 + 16 * i, 16));
    issue(adds(200_000, 8));
    // Each insertion stages up to 4 (DeltaBusy for the next) and its AUTH merges them.
    let fill = 0;
    for (; fill < 100 && openSession(lock, 7).blocklistVersion < issued.length; fill++) carrier(0).insert(lock);
    carrier(0).insert(lock);
    expect(openSession(lock, 7).blocklistVersion).toBe(issued.length);
    gauge.nj = POWER_ON_NJ;
    issue(adds(300_000, 16));
    const version = issued.length;
    expect(carrier(version - 1).insert(lock).deltas).toEqual([{ fromVersion: version - 1, reason: Reason.Ok, blocklistVersion: version }]);
    expect(site.makeKey({ keyId: 300_005 }).insert(lock).reason).toBe(Reason.Blocked);
    // A removal is staged too, and takes effect when the merge commits: each insertion's AUTH spends its spare energy on it.
    issue([{ op: 'remove', keyId: 100_000, retireDay: 0 }]);
    expect(carrier(version).insert(lock).deltas).toEqual([{ fromVersion: version, reason: Reason.Ok, blocklistVersion: version + 1 }]);
    let insertions = 1;
    while (site.makeKey({ keyId: 100_000 }).insert(lock).reason === Reason.Blocked && insertions < 100) insertions++;
    // Measured: 45 insertions, the same on every target: the merge of the first delta (2,999 entries at
    // 8 chunks of 16 per insertion: 27 page writes spare at 2,880 uJ), then the merge of the removal.
    expect(insertions).toBe(45);
    expect(site.makeKey({ keyId: 300_015 }).insert(lock).reason).toBe(Reason.Blocked);
    expect(site.makeKey({ keyId: 100_001 }).insert(lock).reason).toBe(Reason.Blocked);
  });
});
