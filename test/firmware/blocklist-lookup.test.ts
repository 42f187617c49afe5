/**
 * The firmware's blocklist lookup (assembly/store/blocklist.ts) reads windows of entries placed by
 * interpolation: it must find every listed key and no other, whatever the spread of the keyIds,
 * and keep its NVM reads few for evenly spread keys and bounded for any spread.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { NvmPort } from '../../host/firmware/hal-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import { referenceProfile } from '../support/firmware.js';
import { COMMON_LOCK, TEST_MARK_DAY, testManagement } from '../support/site.js';

/** Where the blocklist areas start in NVM (assembly/store/layout.ts NVM_BLOCKLIST_ADDRESS). */
const NVM_BLOCKLIST_ADDRESS = 0x2000;
/** A delta's largest entry count (PROTOCOL.md §8). */
const ENTRIES_PER_DELTA = 16;
/** Entries per lookup read, and reads placed by interpolation (blocklist.ts). */
const WINDOW_ENTRIES = 15;
const INTERPOLATED_READS = 4;
const DAY = MINUTES_PER_DAY;

/** Counts the reads that touch the blocklist areas, passing every transfer through. */
class CountingNvm implements NvmPort {
  blocklistReads = 0;
  constructor(private readonly inner: NvmPort) {}
  get sizeBytes(): number {
    return this.inner.sizeBytes;
  }
  read(address: number, length: number, bytes: Uint8Array, offset: number) {
    if (address >= NVM_BLOCKLIST_ADDRESS) this.blocklistReads++;
    return this.inner.read(address, length, bytes, offset);
  }
  write(address: number, length: number, bytes: Uint8Array, offset: number) {
    return this.inner.write(address, length, bytes, offset);
  }
}

function keyFor(management: ManagementSystem, keyId: number): KeyDevice {
  return new KeyDevice({
    keyId,
    kKey: management.keyKeyFor(keyId),
    entropy: new SeededEntropy(`key ${keyId}`),
    credential: management.issueCredential({
      role: Role.Resident, keyId, dwellingId: 0, generation: 0, groups: [10],
      validFromMinutes: (TEST_MARK_DAY - 1) * DAY, validUntilMinutes: (TEST_MARK_DAY + 30) * DAY, issuedAtMinutes: TEST_MARK_DAY * DAY,
    }),
  });
}

/** A common lock whose blocklist holds `listed` (distinct keyIds), carried in by one key. */
function lockListing(listed: readonly number[]) {
  const management = testManagement();
  const image = loadImage('release');
  const bench = createBenchDevices({ image, profile: referenceProfile, seed: 'blocklist lookup' });
  const nvm = new CountingNvm(bench.nvm);
  const lock = new FirmwareLock(image, { ...bench, nvm });
  lock.powerUp();
  expect(lock.provision(management.makeProvisioningRecord({ ...COMMON_LOCK, profile: referenceProfile }))).toBe(Reason.Ok);
  const carrier = keyFor(management, 0x7fff_fffe);
  for (let at = 0; at < listed.length; at += ENTRIES_PER_DELTA) {
    carrier.carryDelta(management.issueBlocklistDelta(listed.slice(at, at + ENTRIES_PER_DELTA).map((keyId) => ({ op: 'add' as const, keyId, retireDay: TEST_MARK_DAY + 365 }))));
  }
  expect(carrier.insert(lock).decision).toBe('grant');
  /** The lock's answer to `keyId`, and the blocklist reads its lookup made. */
  const ask = (keyId: number) => {
    const before = nvm.blocklistReads;
    const outcome = keyFor(management, keyId).insert(lock);
    return { blocked: outcome.reason === Reason.Blocked, granted: outcome.decision === 'grant', reads: nvm.blocklistReads - before };
  };
  return { ask };
}

/** Deterministic pseudo-random u32s (xorshift32), distinct, never the carrier's id. */
function randomIds(count: number, seed: number, bound = 0x1_0000_0000): number[] {
  const ids = new Set<number>();
  let x = seed >>> 0 || 1;
  while (ids.size < count) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    const id = x % bound;
    if (id !== 0 && id !== 0x7fff_fffe) ids.add(id);
  }
  return [...ids];
}

/** Listed keys, and keys next to them that are not listed (the hardest misses). */
function probes(listed: readonly number[], count: number): { present: number[]; absent: number[] } {
  const set = new Set(listed);
  const step = Math.max(1, Math.floor(listed.length / count));
  const present = listed.filter((_, i) => i % step === 0).slice(0, count);
  const absent = present.flatMap((id) => [id - 1, id + 1]).filter((id) => id > 0 && id <= 0xffff_ffff && id !== 0x7fff_fffe && !set.has(id));
  return { present, absent };
}

/** Reads no spread of keys can exceed: the interpolated ones, then halving down to one window. */
function readBound(entries: number): number {
  return INTERPOLATED_READS + Math.ceil(Math.log2(Math.max(1, entries / WINDOW_ENTRIES))) + 1;
}

describe('the firmware blocklist lookup', () => {
  const spreads: [string, number[]][] = [
    ['3,000 random keyIds', randomIds(3000, 0x1234_5678)],
    ['3,000 consecutive keyIds', Array.from({ length: 3000 }, (_, i) => 50_000 + i)],
    ['2,990 keyIds below 3,000 and 10 at the top of the range', [...randomIds(2990, 99, 3000), ...Array.from({ length: 10 }, (_, i) => 0xffff_fff0 + i)]],
    ['1,000 keyIds in three clusters', [...randomIds(400, 7, 5000).map((id) => id + 1_000_000), ...randomIds(300, 8, 1000).map((id) => id + 0x8000_0000), ...randomIds(300, 9, 100_000).map((id) => id + 0xf000_0000)]],
    ['16 keyIds including 1 and 0xffffffff', [1, 0xffff_ffff, ...randomIds(14, 3)]],
    ['15 keyIds', randomIds(15, 4)],
    ['1 keyId', [123_456]],
  ];

  it.each(spreads)('should find every key of %s and no other, within its read bound', (_, listed) => {
    const { ask } = lockListing(listed);
    const { present, absent } = probes(listed, 60);
    const bound = readBound(listed.length);
    for (const keyId of present) {
      const answer = ask(keyId);
      expect({ keyId, blocked: answer.blocked }).toEqual({ keyId, blocked: true });
      expect(answer.reads).toBeLessThanOrEqual(bound);
    }
    for (const keyId of absent) {
      const answer = ask(keyId);
      expect({ keyId, granted: answer.granted }).toEqual({ keyId, granted: true });
      expect(answer.reads).toBeLessThanOrEqual(bound);
    }
  });

  it.each([
    ['3,000 random keyIds', randomIds(3000, 0x0bad_cafe)],
    ['3,000 consecutive keyIds', Array.from({ length: 3000 }, (_, i) => 0x3000_0000 + i)],
  ])('should need at most 2 reads on average for %s (a binary search took 9)', (_, listed) => {
    const { ask } = lockListing(listed);
    const { present, absent } = probes(listed, 100);
    const reads = [...present, ...absent].map((keyId) => ask(keyId).reads);
    expect(reads.reduce((sum, r) => sum + r, 0) / reads.length).toBeLessThanOrEqual(2);
  });

  it('should read nothing when the list is empty', () => {
    const { ask } = lockListing([]);
    expect(ask(42)).toEqual({ blocked: false, granted: true, reads: 0 });
  });
});
