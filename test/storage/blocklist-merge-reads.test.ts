/**
 * docs/STORAGE.md, "Blocklist": the merge of a staged delta reads the active list in chunks of 34
 * entries (204 bytes per NVM read), not one entry per read, and writes the merged list the
 * reference lock's plain merge gives, 16 entries per write.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { NvmPort } from '../../host/firmware/hal-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { decodeNvmImage, type BlocklistEntry } from '../../host/storage/nvm-image.js';
import { blocklistAreaAddress } from '../../host/storage/nvm-layout.js';
import { referenceProfile } from '../support/firmware.js';
import { FRONT_DOOR_GROUP, makeSite, openSession, profile, START_DAY } from '../conformance/fixture.js';

/** Entries per read of the merge (assembly/store/merge.ts READ_ENTRIES: the 208 bytes of the loaded schedule's place) and per write (the merge buffer's 96 bytes). */
const READ_ENTRIES = 34;
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
  it('should read a 2,980-entry list in chunks of 34 entries and write the list the plain merge gives', () => {
    const image = loadImage('release');
    let bench: ReturnType<typeof createBenchDevices> | null = null;
    const counted: { nvm: CountingNvm | null } = { nvm: null };
    const capacities = [referenceProfile.capacities.blocklistEntries.value, referenceProfile.capacities.generationTableEntries.value] as const;
    const sites = [
      makeSite({
        makeLock: (entropy) => {
          bench = createBenchDevices({ image, profile: referenceProfile, entropy });
          counted.nvm = new CountingNvm(bench.nvm, { start: blocklistAreaAddress(0, ...capacities), end: blocklistAreaAddress(2, ...capacities) });
          return new FirmwareLock(image, { ...bench, nvm: counted.nvm });
        },
      }),
      makeSite({ makeLock: (entropy) => new ReferenceLock({ entropy, backend: nobleBackend }) }),
    ];
    const lastReads: number[] = [];
    const kept: BlocklistEntry[][] = [];
    for (const [side, site] of sites.entries()) {
      const lock = site.makeLock({ lockId: 1003, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile });
      const carrier = site.makeKey({ keyId: 7 });
      for (let at = 0; at < LISTED; at += WRITE_ENTRIES) {
        carrier.carryDelta(site.management.issueBlocklistDelta(Array.from({ length: Math.min(WRITE_ENTRIES, LISTED - at) }, (_, i): DeltaEntry => ({ op: 'add', keyId: 1_000 + 7 * (at + i), retireDay: START_DAY + 365 }))));
      }
      // Each insertion stages up to 4 deltas and its AUTH merges them, on a supply's energy.
      for (let i = 0; i < 60 && openSession(lock, 7).blocklistVersion < 187; i++) carrier.insert(lock);
      carrier.insert(lock);
      // The last delta adds between listed keys, updates one, removes one and adds one past the end.
      carrier.carryDelta(site.management.issueBlocklistDelta([
        ...Array.from({ length: 13 }, (_, i): DeltaEntry => ({ op: 'add', keyId: 1_003 + 7 * 230 * i, retireDay: START_DAY + 400 })),
        { op: 'add', keyId: 1_000 + 7 * 100, retireDay: START_DAY + 10 },
        { op: 'remove', keyId: 1_000 + 7 * 200, retireDay: 0 },
        { op: 'add', keyId: 0xffff_fff0, retireDay: START_DAY + 400 },
      ]));
      // The insertion stages it; its AUTH merges it, then looks the key up.
      const readsBefore = counted.nvm?.reads ?? 0;
      expect(carrier.insert(lock).deltas.at(-1)).toMatchObject({ fromVersion: 187, reason: Reason.Ok });
      if (side === 0) lastReads.push(counted.nvm!.reads - readsBefore);
      if (side === 1) kept.push((lock as ReferenceLock).persistentState()!.blocklist);
    }
    const merged = decodeNvmImage(bench!.nvm.bytes);
    if (!merged.provisioned) throw new Error('the firmware lock is not provisioned');
    expect(merged.staging.staged).toEqual([]);
    expect(merged.blocklist).toHaveLength(LISTED + 13);
    expect(merged.blocklist).toEqual(kept[0]);
    // Measured: the merge's ceil(2,980 / 34) = 88 reads of the active list, then the lookup's 1 in the new one, where one read per entry took 2,980.
    expect(lastReads[0]).toBe(Math.ceil(LISTED / READ_ENTRIES) + 1);
  });
});
