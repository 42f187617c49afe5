/**
 * The estate runs every cylinder of a complex on one shared firmware instance, each with its own
 * NVM and entropy (sim/estate/lock/lock-bank.ts). Whatever the order of insertions, that must be
 * the same as one instance per cylinder: the same frames, byte for byte, and the same NVM.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { DELTA_ENTRIES_MAX } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { contactLinkFigures } from '../../host/link/contact-link.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { railPrices } from '../../host/power/power-rail.js';
import { CounterEntropy } from '../../sim/estate/lock/counter-entropy.js';
import { FastRail } from '../../sim/estate/lock/fast-rail.js';
import { EstateLock, LockBank } from '../../sim/estate/lock/lock-bank.js';
import { referenceProfile } from '../support/firmware.js';
import { COMMON_LOCK, DWELLING_ID, PRIVATE_LOCK, testManagement, TEST_MARK_DAY } from '../support/site.js';

const MINUTES_PER_DAY = 1440;
const REQUESTS = [COMMON_LOCK, PRIVATE_LOCK];
const KEY_IDS = [100_010_101, 100_010_102, 100_010_103];

/** A cylinder of the bank as a LockTarget. */
function bankTarget(bank: LockBank, lock: EstateLock): LockTarget {
  return {
    provision: () => {
      throw new Error('provisioned through the bank');
    },
    powerUp() {
      bank.select(lock, Infinity);
      bank.port.powerUp();
    },
    receive(frame) {
      bank.port.toLock.set(frame.subarray(0, bank.port.toLock.length));
      const length = bank.port.exchange(frame.length);
      return bank.port.fromLock.slice(0, length);
    },
  };
}

/**
 * `count` blocklist deltas of the test site, each listing DELTA_ENTRIES_MAX keys that are not the
 * test keys: merging one reads every entry the lock holds, one entry per NVM read.
 */
function issueDeltas(management: ManagementSystem, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, d) =>
    management.issueBlocklistDelta(Array.from({ length: DELTA_ENTRIES_MAX }, (_, e) => ({ op: 'add' as const, keyId: 200_000_000 + (e * 7919 + d * 104_729) % 1_000_000, retireDay: TEST_MARK_DAY + 1000 }))),
  );
}

/** Key k carries the first DELTAS_CARRIED[k] deltas. */
const DELTAS_CARRIED = [6, 3, 0];

function world(shared: boolean, deltas = 0) {
  const management = testManagement();
  const issued = issueDeltas(management, deltas);
  const image = loadImage('release');
  const bank = new LockBank(image, new FastRail(railPrices(referenceProfile), contactLinkFigures(referenceProfile)));
  const nvms: Uint8Array[] = [];
  // Provisioning after one power-up each: LockBank.provision() powers the cylinder up itself.
  const targets = REQUESTS.map((request, i) => {
    const record = management.makeProvisioningRecord({ ...request, profile: referenceProfile });
    if (shared) {
      const lock = new EstateLock(request.lockId, referenceProfile.nvm.sizeBytes.value, referenceProfile.nvm.erasedValue.value, 40 + i);
      nvms.push(lock.nvm.bytes);
      expect(bank.provision(lock, record)).toBe(Reason.Ok);
      return bankTarget(bank, lock);
    }
    const devices = createBenchDevices({ image, profile: referenceProfile, entropy: new CounterEntropy(40 + i) });
    nvms.push(devices.nvm.bytes);
    const lock = new FirmwareLock(image, devices);
    lock.powerUp();
    expect(lock.provision(record)).toBe(Reason.Ok);
    return lock;
  });
  const keys = KEY_IDS.map((keyId, k) =>
    new KeyDevice({
      keyId,
      kKey: management.keyKeyFor(keyId),
      credential: management.issueCredential({ role: Role.Resident, keyId, dwellingId: DWELLING_ID, generation: 1 + (k === 2 ? 1 : 0), validFromMinutes: TEST_MARK_DAY * MINUTES_PER_DAY, validUntilMinutes: (TEST_MARK_DAY + 90) * MINUTES_PER_DAY, issuedAtMinutes: (TEST_MARK_DAY + k) * MINUTES_PER_DAY, groups: [10, DWELLING_ID] }),
      entropy: new CounterEntropy(keyId),
    }),
  );
  keys.forEach((key, k) => issued.slice(0, DELTAS_CARRIED[k]).forEach((delta) => key.carryDelta(delta)));
  return { targets, keys, nvms };
}

/** The hex of every frame of each insertion, and the NVM of every cylinder after them. */
function play(which: ReturnType<typeof world>, insertions: readonly (readonly [number, number])[]): { frames: string[][]; nvms: Buffer[] } {
  const frames = insertions.map(([door, key]) => which.keys[key]!.insert(which.targets[door]!).frames.map((f) => Buffer.from(f.bytes).toString('hex')));
  return { frames, nvms: which.nvms.map((nvm) => Buffer.from(nvm)) };
}

describe('the lock bank', () => {
  it('should answer every insertion as one firmware instance per cylinder would, in any order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 25 }), (insertions) => {
        const bank = world(true);
        const separate = world(false);
        for (const [door, key] of insertions) {
          const a = bank.keys[key]!.insert(bank.targets[door]!);
          const b = separate.keys[key]!.insert(separate.targets[door]!);
          expect(a.frames.map((f) => Buffer.from(f.bytes).toString('hex'))).toEqual(b.frames.map((f) => Buffer.from(f.bytes).toString('hex')));
        }
        bank.nvms.forEach((nvm, i) => expect(Buffer.compare(Buffer.from(nvm), Buffer.from(separate.nvms[i]!))).toBe(0));
      }),
      { numRuns: 40 },
    );
  });

  it('should merge blocklist deltas as one firmware instance per cylinder would, whatever the order of the keys carrying them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 })), { minLength: 1, maxLength: 12 }), (insertions) => {
        const bank = play(world(true, DELTAS_CARRIED[0]), insertions);
        const separate = play(world(false, DELTAS_CARRIED[0]), insertions);
        expect(bank.frames).toEqual(separate.frames);
        bank.nvms.forEach((nvm, i) => expect(Buffer.compare(nvm, separate.nvms[i]!)).toBe(0));
      }),
      { numRuns: 15 },
    );
  });

  it('should undo a journaled session completely: NVM as before it', () => {
    const bank = new LockBank(loadImage('release'), new FastRail(railPrices(referenceProfile), contactLinkFigures(referenceProfile)));
    const lock = new EstateLock(PRIVATE_LOCK.lockId, referenceProfile.nvm.sizeBytes.value, referenceProfile.nvm.erasedValue.value, 1);
    const management = testManagement();
    const target = bankTarget(bank, lock);
    expect(bank.provision(lock, management.makeProvisioningRecord({ ...PRIVATE_LOCK, profile: referenceProfile }))).toBe(Reason.Ok);
    const before = lock.nvm.bytes.slice();
    const keyId = KEY_IDS[0]!;
    const key = new KeyDevice({ keyId, kKey: management.keyKeyFor(keyId), credential: management.issueCredential({ role: Role.Resident, keyId, dwellingId: DWELLING_ID, generation: 1, validFromMinutes: 0, validUntilMinutes: (TEST_MARK_DAY + 90) * MINUTES_PER_DAY, issuedAtMinutes: (TEST_MARK_DAY + 2) * MINUTES_PER_DAY, groups: [DWELLING_ID] }), entropy: new CounterEntropy(1) });
    bank.select(lock, Infinity);
    bank.beginJournal();
    // A tenant change writes T, T_auth's schedule and the state (and moves the mark).
    expect(key.insert({ ...target, powerUp: () => bank.port.powerUp() }).tenantSecretReceived).toBe(true);
    expect(Buffer.compare(Buffer.from(lock.nvm.bytes), Buffer.from(before))).not.toBe(0);
    bank.rollback();
    expect(Buffer.compare(Buffer.from(lock.nvm.bytes), Buffer.from(before))).toBe(0);
  });

  it('should undo a journaled merge of a long blocklist completely, and keep the next session\'s writes once committed', () => {
    const bank = new LockBank(loadImage('release'), new FastRail(railPrices(referenceProfile), contactLinkFigures(referenceProfile)));
    const lock = new EstateLock(COMMON_LOCK.lockId, referenceProfile.nvm.sizeBytes.value, referenceProfile.nvm.erasedValue.value, 1);
    const management = testManagement();
    const deltas = issueDeltas(management, 12);
    const target = bankTarget(bank, lock);
    expect(bank.provision(lock, management.makeProvisioningRecord({ ...COMMON_LOCK, profile: referenceProfile }))).toBe(Reason.Ok);
    const keyId = KEY_IDS[0]!;
    const credential = management.issueCredential({ role: Role.Resident, keyId, dwellingId: DWELLING_ID, generation: 1, validFromMinutes: 0, validUntilMinutes: (TEST_MARK_DAY + 90) * MINUTES_PER_DAY, issuedAtMinutes: (TEST_MARK_DAY + 2) * MINUTES_PER_DAY, groups: [10] });
    const carrying = (count: number) => {
      const key = new KeyDevice({ keyId, kKey: management.keyKeyFor(keyId), credential, entropy: new CounterEntropy(count) });
      deltas.slice(0, count).forEach((delta) => key.carryDelta(delta));
      return key;
    };
    // Eleven deltas on the bench: 176 entries, so that the twelfth rewrites more than a kilobyte.
    expect(carrying(11).insert(target).decision).toBe('grant');
    const before = lock.nvm.bytes.slice();
    bank.select(lock, Infinity);
    bank.beginJournal();
    const merged = carrying(12).insert({ ...target, powerUp: () => bank.port.powerUp() });
    expect(merged.deltas.map((d) => d.reason)).toEqual([Reason.Ok]);
    bank.rollback();
    expect(Buffer.compare(Buffer.from(lock.nvm.bytes), Buffer.from(before))).toBe(0);
    bank.select(lock, Infinity);
    bank.beginJournal();
    carrying(12).insert({ ...target, powerUp: () => bank.port.powerUp() });
    bank.commit();
    bank.rollback();
    expect(Buffer.compare(Buffer.from(lock.nvm.bytes), Buffer.from(before))).not.toBe(0);
  });
});

describe('the lock bank\'s write watch (the estate\'s audit of the log, run/log-audit.ts)', () => {
  const JOURNAL_START = 0x0400; // the state journal (docs/STORAGE.md "Layout")
  const JOURNAL_END = 0x0500;

  function provisioning() {
    const management = testManagement();
    const bank = new LockBank(loadImage('release'), new FastRail(railPrices(referenceProfile), contactLinkFigures(referenceProfile)));
    const lock = new EstateLock(PRIVATE_LOCK.lockId, referenceProfile.nvm.sizeBytes.value, referenceProfile.nvm.erasedValue.value, 7);
    const record = management.makeProvisioningRecord({ ...PRIVATE_LOCK, profile: referenceProfile });
    return { bank, lock, record };
  }

  it('should count the writes that touch the watched range, and no other', () => {
    const inside = provisioning();
    inside.bank.watch(JOURNAL_START, JOURNAL_END);
    expect(inside.bank.provision(inside.lock, inside.record)).toBe(Reason.Ok);
    expect(inside.bank.watchedWrites).toBeGreaterThan(0);
    const outside = provisioning();
    outside.bank.watch(referenceProfile.nvm.sizeBytes.value - 64, referenceProfile.nvm.sizeBytes.value); // the last page: provisioning writes nothing there
    expect(outside.bank.provision(outside.lock, outside.record)).toBe(Reason.Ok);
    expect(outside.bank.watchedWrites).toBe(0);
  });

  it('should forget the writes a rollback undid', () => {
    const { bank, lock, record } = provisioning();
    bank.watch(JOURNAL_START, JOURNAL_END);
    bank.beginJournal();
    expect(bank.provision(lock, record)).toBe(Reason.Ok);
    expect(bank.watchedWrites).toBeGreaterThan(0);
    bank.rollback();
    expect(bank.watchedWrites).toBe(0);
  });
});
