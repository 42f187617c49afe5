/**
 * The firmware against the reference lock on blocklist deltas under the energy rule (PROTOCOL.md
 * §7.10, §8): random deltas carried in sessions whose gauge ranges from nothing to plenty must get
 * identical CHALLENGE and DELTA_ACK frames, byte for byte, and leave the same list in NVM as the
 * reference keeps; a delta refused for energy changes nothing on either side.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import type { EnergyGauge } from '../../host/firmware/hal-devices.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { energyPrices } from '../../host/physics/energy-prices.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { decodeChallenge, decodeDeltaAck, encodeHello } from '../../host/protocol/frames.js';
import { blocklistMergeWrites, pagesFor } from '../../host/reference/energy-rule.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { decodeNvmImage } from '../../host/storage/nvm-image.js';
import { referenceProfile } from '../support/firmware.js';
import { COMMON_LOCK, TEST_MARK_DAY, testManagement } from '../support/site.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const KEY_NONCE = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
/** The gauge's u32 ceiling: a lock with plenty. */
const FULL_NJ = 0xffff_ffff;
const NJ_PER_UJ = 1000;
const prices = energyPrices(referenceProfile);
/** The most a merge of these runs costs: a list of 64 keyIds, four writes of 16, and the state, nJ. */
const MOST_NJ = blocklistMergeWrites(64).reduce((sum, bytes) => sum + pagesFor(bytes, prices.pageShift), 0) * prices.pageWriteUj * NJ_PER_UJ;

/** A gauge both locks of a run read: the session sets it. */
class SetGauge implements EnergyGauge {
  nj = FULL_NJ;
  availableNj(): number {
    return this.nj;
  }
}

type Event =
  | { kind: 'issue'; entries: DeltaEntry[] }
  | { kind: 'session'; energyNj: number; deltasMax: number };

/** keyIds 1..64, so that lists grow to several writes; retire days around the mark, some before it. */
const deltaEntry: fc.Arbitrary<DeltaEntry> = fc.record({
  op: fc.constantFrom('add' as const, 'add' as const, 'remove' as const),
  keyId: fc.integer({ min: 1, max: 64 }),
  retireDay: fc.integer({ min: TEST_MARK_DAY - 3, max: TEST_MARK_DAY + 30 }),
});

const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('issue' as const), entries: fc.array(deltaEntry, { minLength: 1, maxLength: 16 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('session' as const),
      energyNj: fc.oneof(fc.constant(FULL_NJ), fc.integer({ min: 0, max: MOST_NJ })),
      deltasMax: fc.integer({ min: 1, max: 4 }),
    }),
  },
);

/** The same events at the release image and at the reference lock: every frame out, per side, and the firmware's bench. */
function play(events: readonly Event[], seed: number) {
  const management = testManagement();
  const image = loadImage('release');
  const gauge = new SetGauge();
  const bench = createBenchDevices({ image, profile: referenceProfile, entropy: new SeededEntropy(`${seed} firmware`) });
  const firmware = new FirmwareLock(image, { ...bench, energy: gauge });
  const reference = new ReferenceLock({ entropy: new SeededEntropy(`${seed} firmware`), backend: nobleBackend, energy: gauge });
  const locks: LockTarget[] = [firmware, reference];
  for (const lock of locks) {
    lock.powerUp();
    expect(lock.provision(management.makeProvisioningRecord({ ...COMMON_LOCK, profile: referenceProfile }))).toBe(Reason.Ok);
  }
  const issued: Uint8Array[] = [];
  const frames: string[][] = [[], []];
  const refusedForEnergy = [0, 0];
  for (const e of events) {
    if (e.kind === 'issue') {
      issued.push(management.issueBlocklistDelta(e.entries));
      continue;
    }
    gauge.nj = e.energyNj;
    locks.forEach((lock, side) => {
      lock.powerUp();
      const challenge = lock.receive(encodeHello({ keyId: 7, keyNonce: KEY_NONCE, keyFlags: 0 }));
      frames[side]!.push(hex(challenge));
      // A key sends the deltas the lock lacks, in order, and stops at the first refusal (§8).
      const version = decodeChallenge(challenge).blocklistVersion;
      for (const delta of issued.slice(version, version + e.deltasMax)) {
        const ack = lock.receive(delta);
        frames[side]!.push(hex(ack));
        const reason = decodeDeltaAck(ack).reason;
        if (reason === Reason.InsufficientEnergy) refusedForEnergy[side]! += 1;
        if (reason !== Reason.Ok) break;
      }
    });
  }
  return { frames, refusedForEnergy, firmwareNvm: bench.nvm.bytes, reference };
}

describe('blocklist deltas under the energy rule, firmware against the reference lock', () => {
  it('should answer random deltas at random energy with identical frames and keep the same list', () => {
    let starvedRuns = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 24 }), fc.nat(), (events, seed) => {
        const { frames, refusedForEnergy, firmwareNvm, reference } = play(events, seed);
        expect(frames[0]).toEqual(frames[1]);
        expect(refusedForEnergy[0]).toBe(refusedForEnergy[1]);
        if (refusedForEnergy[0]! > 0) starvedRuns++;
        const image = decodeNvmImage(firmwareNvm);
        const kept = reference.persistentState()!;
        if (!image.provisioned) throw new Error('the firmware lock is not provisioned');
        expect({ version: image.state.blocklistVersion, list: image.blocklist }).toEqual({ version: kept.blocklistVersion, list: kept.blocklist });
      }),
      { numRuns: 150, seed: 0x0de1_7a },
    );
    // The runs reached the refusal, not only the merge.
    expect(starvedRuns).toBeGreaterThan(10);
  });
});
