/**
 * docs/STORAGE.md, "Blocklist": a delta's merge reads the active list in chunks of 48 entries (288
 * bytes per NVM read), not one entry per read, and writes the merged list the reference lock's
 * plain merge gives, 16 entries per write.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { NvmPort } from '../../host/firmware/hal-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { decodeChallenge, decodeDeltaAck, encodeHello } from '../../host/protocol/frames.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { decodeNvmImage } from '../../host/storage/nvm-image.js';
import { blocklistAreaAddress } from '../../host/storage/nvm-layout.js';
import { referenceProfile } from '../support/firmware.js';
import { COMMON_LOCK, TEST_MARK_DAY, testManagement } from '../support/site.js';

/** Entries per read of the merge (assembly/store/blocklist.ts READ_ENTRIES: MAC_INPUT's 288 bytes) and per write (the merge buffer's 96 bytes). */
const READ_ENTRIES = 48;
const WRITE_ENTRIES = 16;
/** Near the reference profile's capacity of 3,000, with room for the last delta's 13 more. */
const LISTED = 2980;

/** Counts the transfers that touch the blocklist areas, passing every transfer through. */
class CountingNvm implements NvmPort {
  reads = 0;
  writes = 0;
  constructor(
    private readonly inner: NvmPort,
    private readonly areas: { start: number; end: number },
  ) {}
  get sizeBytes(): number {
    return this.inner.sizeBytes;
  }
  read(address: number, length: number, bytes: Uint8Array, offset: number) {
    if (address >= this.areas.start && address < this.areas.end) this.reads++;
    return this.inner.read(address, length, bytes, offset);
  }
  write(address: number, length: number, bytes: Uint8Array, offset: number) {
    if (address >= this.areas.start && address < this.areas.end) this.writes++;
    return this.inner.write(address, length, bytes, offset);
  }
}

describe('the blocklist merge', () => {
  it('should read a 2,980-entry list in chunks of 48 entries and write the list the plain merge gives', () => {
    const management = testManagement();
    const image = loadImage('release');
    const bench = createBenchDevices({ image, profile: referenceProfile, entropy: new SeededEntropy('merge reads') });
    const capacities = [referenceProfile.capacities.blocklistEntries.value, referenceProfile.capacities.generationTableEntries.value] as const;
    const nvm = new CountingNvm(bench.nvm, { start: blocklistAreaAddress(0, ...capacities), end: blocklistAreaAddress(2, ...capacities) });
    const firmware = new FirmwareLock(image, { ...bench, nvm });
    const reference = new ReferenceLock({ entropy: new SeededEntropy('merge reads'), backend: nobleBackend });
    const record = management.makeProvisioningRecord({ ...COMMON_LOCK, profile: referenceProfile });
    const deltas: Uint8Array[] = [];
    for (let at = 0; at < LISTED; at += WRITE_ENTRIES) {
      const entries = Array.from({ length: Math.min(WRITE_ENTRIES, LISTED - at) }, (_, i): DeltaEntry => ({ op: 'add', keyId: 1_000 + 7 * (at + i), retireDay: TEST_MARK_DAY + 365 }));
      deltas.push(management.issueBlocklistDelta(entries));
    }
    // The last delta adds between listed keys, updates one, removes one and adds one past the end.
    deltas.push(management.issueBlocklistDelta([
      ...Array.from({ length: 13 }, (_, i): DeltaEntry => ({ op: 'add', keyId: 1_003 + 7 * 230 * i, retireDay: TEST_MARK_DAY + 400 })),
      { op: 'add', keyId: 1_000 + 7 * 100, retireDay: TEST_MARK_DAY + 10 },
      { op: 'remove', keyId: 1_000 + 7 * 200, retireDay: 0 },
      { op: 'add', keyId: 0xffff_fff0, retireDay: TEST_MARK_DAY + 400 },
    ]));
    const lastReads: number[] = [];
    for (const lock of [firmware, reference]) {
      lock.powerUp();
      expect(lock.provision(record)).toBe(Reason.Ok);
      expect(decodeChallenge(lock.receive(encodeHello({ keyId: 7, keyNonce: new Uint8Array(8), keyFlags: 0 }))).blocklistVersion).toBe(0);
      for (const [index, delta] of deltas.entries()) {
        const readsBefore = nvm.reads;
        expect(decodeDeltaAck(lock.receive(delta))).toEqual({ reason: Reason.Ok, blocklistVersion: index + 1 });
        if (index === deltas.length - 1) lastReads.push(nvm.reads - readsBefore);
      }
    }
    const merged = decodeNvmImage(bench.nvm.bytes);
    if (!merged.provisioned) throw new Error('the firmware lock is not provisioned');
    expect(merged.blocklist).toHaveLength(LISTED + 13);
    expect(merged.blocklist).toEqual(reference.persistentState()!.blocklist);
    // The last merge: ceil(2,980 / 48) = 63 reads, where one per entry took 2,980.
    expect(lastReads[0]).toBe(Math.ceil(LISTED / READ_ENTRIES));
  });
});
