/**
 * The firmware against the reference lock on blocklist deltas under the energy rule (PROTOCOL.md
 * §7.10, §8): random deltas carried in insertions whose gauge ranges from nothing to plenty are
 * staged and merged in steps; every frame of every insertion must be identical, byte for byte, the
 * staging and the list in NVM the ones the reference keeps, and once the lock has had the energy,
 * the list must be the plain merge of every delta.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { blocklistAfter } from '../../host/reference/blocklist.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { decodeNvmImage } from '../../host/storage/nvm-image.js';
import { FRONT_DOOR_GROUP, makeSite, profile, START_DAY } from '../conformance/fixture.js';
import { referenceProfile } from '../support/firmware.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
/** The gauge's u32 ceiling: a lock with plenty. */
const FULL_NJ = 0xffff_ffff;
/** A little above the reference capacitor's energy above brown-out at power-on (2,880 uJ, PROTOCOL.md §7.10), nJ. */
const MOST_NJ = 3_500_000;

/** A gauge both locks of a run read: the insertion sets it. */
class SetGauge implements EnergyGauge {
  nj = FULL_NJ;
  availableNj(): number {
    return this.nj;
  }
}

type Event = { kind: 'issue'; entries: DeltaEntry[] } | { kind: 'insertion'; energyNj: number; keyId: number };

/** keyIds 1..4000, mostly added, so that lists grow to many writes; retire days well after the mark (retiring is the merge's own test). */
const deltaEntry: fc.Arbitrary<DeltaEntry> = fc.record({
  op: fc.constantFrom('add' as const, 'add' as const, 'add' as const, 'remove' as const),
  keyId: fc.integer({ min: 1, max: 4000 }),
  retireDay: fc.integer({ min: START_DAY + 400, max: START_DAY + 500 }),
});

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('issue' as const), entries: fc.array(deltaEntry, { minLength: 8, maxLength: 16 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insertion' as const),
      energyNj: fc.oneof(fc.constant(FULL_NJ), fc.integer({ min: 0, max: MOST_NJ })),
      keyId: fc.integer({ min: 1, max: 4000 }),
    }),
  },
);

/** The release image and the reference lock, each at a common lock of its own site (same keys, same seeds), one gauge. */
function sides() {
  const gauge = new SetGauge();
  let firmwareNvm: Uint8Array | null = null;
  const firmwareSite = makeSite({
    makeLock: (entropy) => {
      const image = loadImage('release');
      const bench = createBenchDevices({ image, profile: referenceProfile, entropy });
      firmwareNvm = bench.nvm.bytes;
      return new FirmwareLock(image, { ...bench, energy: gauge });
    },
  });
  const referenceSite = makeSite({ makeLock: (entropy) => new ReferenceLock({ entropy, backend: nobleBackend, energy: gauge }) });
  const request = { lockId: 1003, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile };
  const firmware = firmwareSite.makeLock(request);
  const reference = referenceSite.makeLock(request) as ReferenceLock;
  return { gauge, sites: [firmwareSite, referenceSite], locks: [firmware, reference], reference, nvm: () => firmwareNvm! };
}

describe('blocklist deltas staged and merged in steps, firmware against the reference lock', () => {
  it('should answer random deltas and insertions at random energy with identical frames, and end with the plain merge of every delta', () => {
    let mergedInSteps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.array(event, { minLength: 1, maxLength: 60 }), (listed, events) => {
        const { gauge, sites, locks, reference, nvm } = sides();
        const issued: DeltaEntry[][] = [];
        const keys = [new Map<number, KeyDevice>(), new Map<number, KeyDevice>()];
        const deltas: Uint8Array[][] = [[], []];
        const insert = (keyId: number) =>
          locks.map((lock, side) => {
            let key = keys[side]!.get(keyId);
            if (!key) {
              key = sites[side]!.makeKey({ keyId });
              for (const delta of deltas[side]!) key.carryDelta(delta);
              keys[side]!.set(keyId, key);
            }
            return key.insert(lock).frames.map((frame) => `${frame.direction} ${hex(frame.bytes)}`);
          });
        // A list of `listed` x 16 entries to start from (keyIds above those the events use), staged and merged on a supply's energy.
        const start: Event[] = Array.from({ length: listed }, (_, i): Event => ({ kind: 'issue', entries: Array.from({ length: 16 }, (_, k): DeltaEntry => ({ op: 'add', keyId: 10_000 + 16 * i + k, retireDay: START_DAY + 400 })) }));
        const setUp: Event[] = [...start, ...Array.from({ length: listed }, (): Event => ({ kind: 'insertion', energyNj: FULL_NJ, keyId: 4001 }))];
        for (const e of [...setUp, ...events]) {
          if (e.kind === 'issue') {
            issued.push(e.entries);
            for (const side of [0, 1]) {
              const delta = sites[side]!.management.issueBlocklistDelta(e.entries);
              for (const key of keys[side]!.values()) key.carryDelta(delta);
              deltas[side]!.push(delta);
            }
            continue;
          }
          gauge.nj = e.energyNj;
          const [firmwareFrames, referenceFrames] = insert(e.keyId);
          expect(firmwareFrames).toEqual(referenceFrames);
          if (reference.persistentState()!.merge !== null) mergedInSteps++;
        }
        // With plenty of energy, every delta arrives and every merge commits.
        gauge.nj = FULL_NJ;
        for (let i = 0; i < issued.length + 2; i++) {
          const [firmwareFrames, referenceFrames] = insert(4001);
          expect(firmwareFrames).toEqual(referenceFrames);
        }
        const kept = reference.persistentState()!;
        const image = decodeNvmImage(nvm());
        if (!image.provisioned) throw new Error('the firmware lock is not provisioned');
        const plain = issued.reduce((list, entries) => blocklistAfter(list, entries, START_DAY), [] as ReturnType<typeof blocklistAfter>);
        expect({ version: kept.blocklistVersion, staged: kept.staging.length, list: kept.blocklist }).toEqual({ version: issued.length, staged: 0, list: plain });
        expect({ version: image.state.blocklistVersion, staged: image.staging.staged.length, list: image.blocklist }).toEqual({ version: issued.length, staged: 0, list: plain });
      }),
      { numRuns: 60, seed: 0x0de1_7a },
    );
    // The runs reached merges left in progress between insertions, not only merges done at once.
    expect(mergedInSteps).toBeGreaterThan(5);
  });
});
