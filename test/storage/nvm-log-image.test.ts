/**
 * The decoder's reading of the access log's ring and the failed-MAC counter (docs/STORAGE.md,
 * "Access log", "The failed-MAC counter"; host/storage/nvm-log-image.ts), on images built by hand
 * from the document and on the firmware's own NVM.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { Command } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { logReadArgument, ReadoutWhy } from '../../host/protocol/frames/log-entry.js';
import { decodeProvisioningRecord, encodeProvisioningRecord, logPagesFor } from '../../host/protocol/frames/provisioning-record.js';
import { campaignSite, INSTALL_DAY } from '../../host/storage/campaign/campaign-site.js';
import { nvmGeometry } from '../../host/storage/nvm-geometry.js';
import { decodeNvmImage, NvmImageError, type ProvisionedImage } from '../../host/storage/nvm-image.js';
import { readLogPairs } from '../../host/storage/nvm-log-image.js';
import { TornNvm } from '../../host/storage/torn-nvm.js';
import {
  appendEntry,
  encodeEntry,
  encodeLogCopy,
  encodeSlot,
  logCopyAddress,
  provisionedImage,
  putCounterCell,
  putLogCopy,
  putSlot,
  type EntryFields,
  type LogLayout,
} from './support/nvm-image-builder.js';

/** fast-check's seed for these properties: the same cases every run. */
const SEED = 2026_1124;

const profile = loadProfileByName('reference-m0plus');
const geometry = nvmGeometry(profile);
const site = campaignSite(profile, 'nvm-log-image test');
const capacities = { blocklist: profile.capacities.blocklistEntries.value, generation: profile.capacities.generationTableEntries.value };
/** The reference profile's ring: 1,000 entries, so ceil(1000 / 7) + 1 = 144 pages (PROTOCOL.md §9.1). */
const REFERENCE_PAGES = 144;

function provisioned(image: Uint8Array): ProvisionedImage {
  const decoded = decodeNvmImage(image);
  if (!decoded.provisioned) throw new Error('expected a provisioned image');
  return decoded;
}

/** The private lock's record with a ring of `logPages` pages, on an erased NVM, with a state slot. */
function imageWithRing(logPages = REFERENCE_PAGES, erasedValue = geometry.erasedValue): { image: Uint8Array; layout: LogLayout } {
  const fields = decodeProvisioningRecord(site.record('private'));
  const image = provisionedImage({ ...geometry, erasedValue }, encodeProvisioningRecord({ ...fields, logPages }));
  putSlot(image, 0, encodeSlot({ seq: 1, markDay: INSTALL_DAY, logFlags: 1 }));
  return { image, layout: { ...capacities, logPages } };
}

/** Entry n of these tests: key 1000 + n, a decision (reason n mod 27) at minute n. */
const entryFields = (n: number): EntryFields => ({ keyId: 1000 + n, day: INSTALL_DAY, minuteOfDay: n % 1440, code: n % 27 });
const decoded = (n: number) => ({ number: n, kind: 'decision', keyId: 1000 + n, day: INSTALL_DAY, minuteOfDay: n % 1440, reason: n % 27 });

/** Entries 0 .. count - 1 appended as STORAGE.md says. */
function appendEntries(image: Uint8Array, layout: LogLayout, count: number): void {
  for (let n = 0; n < count; n++) appendEntry(image, layout, n, encodeEntry(entryFields(n)));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('decodeNvmImage: the access log', () => {
  it.each([0x00, 0xff])('should read an empty log and no failed MAC on an NVM erased to %i', (erasedValue) => {
    const { image } = imageWithRing(REFERENCE_PAGES, erasedValue);
    expect(provisioned(image)).toMatchObject({ log: { head: 0, entries: [] }, failedMacs: 0 });
  });

  it('should number entry n of page n / 7, slot n mod 7, and put the head after the newest', () => {
    const { image, layout } = imageWithRing();
    appendEntries(image, layout, 17);
    expect(provisioned(image).log).toEqual({ head: 17, entries: range(0, 17).map(decoded) });
  });

  it.each([0, 1] as const)('should take of two valid copies the one with the greater (page, count), here copy %i', (newer) => {
    const { image, layout } = imageWithRing();
    const entries = range(7, 11).map((n) => encodeEntry(entryFields(n)));
    appendEntries(image, layout, 7);
    putLogCopy(image, layout, 1, newer, encodeLogCopy(1, entries));
    putLogCopy(image, layout, 1, newer === 0 ? 1 : 0, encodeLogCopy(1, entries.slice(0, 3)));
    expect(provisioned(image).log).toEqual({ head: 11, entries: range(0, 11).map(decoded) });
    expect(readLogPairs(image, { blocklistCapacity: layout.blocklist, generationTableCapacity: layout.generation, logPages: layout.logPages })[1]!.newest).toBe(newer);
  });

  it('should pass over a torn copy (its check fails) and read the pair as its other copy holds it', () => {
    const { image, layout } = imageWithRing();
    appendEntries(image, layout, 10);
    const torn = appendEntry(image, layout, 10, encodeEntry(entryFields(10)));
    image[torn + 20]! ^= 0x40;
    expect(provisioned(image).log).toEqual({ head: 10, entries: range(0, 10).map(decoded) });
  });

  it('should hold the newest page and the P - 1 before it once the ring has gone round: the oldest page leaves it', () => {
    const { image, layout } = imageWithRing(3);
    appendEntries(image, layout, 21);
    expect(provisioned(image).log.entries.map((entry) => entry.number)).toEqual(range(0, 21));
    // Entry 21 starts page 3, in pair 0 over page 0.
    appendEntry(image, layout, 21, encodeEntry(entryFields(21)));
    expect(provisioned(image).log).toEqual({ head: 22, entries: range(7, 22).map(decoded) });
  });

  it('should decode read-outs and their details', () => {
    const { image, layout } = imageWithRing();
    appendEntry(image, layout, 0, encodeEntry({ keyId: 201, day: INSTALL_DAY, minuteOfDay: 600, code: 31 }));
    // The detail: found u16 (5), why u8 (2: an incident), 0, in place of the keyId.
    appendEntry(image, layout, 1, encodeEntry({ keyId: 5 | (2 << 16), day: INSTALL_DAY, minuteOfDay: 600, code: 30 }));
    expect(provisioned(image).log.entries).toEqual([
      { number: 0, kind: 'readout', readerKeyId: 201, day: INSTALL_DAY, minuteOfDay: 600 },
      { number: 1, kind: 'readout-detail', found: 5, why: ReadoutWhy.Incident, day: INSTALL_DAY, minuteOfDay: 600 },
    ]);
  });

  it('should read after any sequence of appends the entries the ring holds, and after a torn last append the ones before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 59 }), (logPages, count, tornByte) => {
        const { image, layout } = imageWithRing(logPages);
        appendEntries(image, layout, count - 1);
        const intact = image.slice();
        const at = appendEntry(image, layout, count - 1, encodeEntry(entryFields(count - 1)));
        const oldest = (head: number) => 7 * Math.max(0, Math.floor((head - 1) / 7) - logPages + 1);
        expect(provisioned(image).log).toEqual({ head: count, entries: range(oldest(count), count).map(decoded) });
        // A cut in the last append: its copy's bytes from the cut on read back otherwise.
        intact.set(image.subarray(at, at + tornByte), at);
        intact[at + tornByte] = (image[at + tornByte]! + 1) & 0xff;
        expect(provisioned(intact).log).toEqual({ head: count - 1, entries: range(oldest(count - 1), count - 1).map(decoded) });
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  /** An image with entries 0..9 (page 1's newest copy is copy 0, with 3 entries), spoilt by `spoil`. */
  const spoilt = (spoil: (image: Uint8Array, layout: LogLayout) => void): Uint8Array => {
    const { image, layout } = imageWithRing();
    appendEntries(image, layout, 10);
    spoil(image, layout);
    return image;
  };
  const entries = (from: number, to: number) => range(from, to).map((n) => encodeEntry(entryFields(n)));

  it.each([
    ['a valid copy in a pair its page does not belong to', (image: Uint8Array, layout: LogLayout) => putLogCopy(image, layout, 5, 0, encodeLogCopy(6, entries(42, 43))), /log pair 5, copy 0: a valid copy of page 6, which belongs in pair 6/],
    ['two valid copies of the same page and count that differ', (image: Uint8Array, layout: LogLayout) => putLogCopy(image, layout, 1, 1, encodeLogCopy(1, entries(20, 23))), /log pair 1: both copies hold page 1 with 3 entries, and they differ/],
    ['a page short of entries while a later one is there', (image: Uint8Array, layout: LogLayout) => putLogCopy(image, layout, 2, 0, encodeLogCopy(2, entries(14, 15))), /log page 1 holds 3 entries, short of 7, while page 2 follows it/],
    [
      'a page missing while a later one is there',
      (image: Uint8Array, layout: LogLayout) => {
        putLogCopy(image, layout, 1, 1, encodeLogCopy(1, entries(7, 14)));
        putLogCopy(image, layout, 3, 0, encodeLogCopy(3, entries(21, 22)));
      },
      /log page 2 is missing from pair 2 \(no valid copy\), while the head is in page 3/,
    ],
    ['entry slots past the count that are not zero', (image: Uint8Array, layout: LogLayout) => putLogCopy(image, layout, 1, 1, encodeLogCopy(1, entries(7, 12), 4)), /log page 1 \(pair 1, copy 1\): the entry slots after its 4 entries are not zero/],
    ['an entry whose code is neither a reason nor a read-out', (image: Uint8Array, layout: LogLayout) => putLogCopy(image, layout, 1, 1, encodeLogCopy(1, [...entries(7, 10), encodeEntry({ keyId: 1, day: 1, minuteOfDay: 1, code: 29 })])), /log page 1 \(pair 1, copy 1\), entry 10: log entry: code 29/],
  ])('should refuse a ring with %s, naming where', (_what, spoil, message) => {
    const image = spoilt(spoil);
    expect(() => decodeNvmImage(image)).toThrow(NvmImageError);
    expect(() => decodeNvmImage(image)).toThrow(message);
  });
});

describe('decodeNvmImage: the failed-MAC counter', () => {
  it('should count the largest value of a valid cell, wherever the cells turn', () => {
    const { image, layout } = imageWithRing();
    [9, 2, 3, 4, 5, 6, 7, 8].forEach((value, cell) => putCounterCell(image, layout, cell, value));
    expect(provisioned(image).failedMacs).toBe(9);
  });

  it('should pass over a cell whose second word is not its complement (a torn cell)', () => {
    const { image, layout } = imageWithRing();
    putCounterCell(image, layout, 0, 1);
    putCounterCell(image, layout, 1, 2);
    putCounterCell(image, layout, 2, 3, ~2 >>> 0);
    expect(provisioned(image).failedMacs).toBe(2);
  });
});

describe("the decoder on the firmware's NVM", () => {
  it('should read the entries LOG_READ returns, the flags and the failed MACs ATTEST reports', () => {
    const image = loadImage('release');
    const nvm = new TornNvm(geometry);
    const lock = new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'nvm-log-image test' }), nvm });
    site.install(lock, 'private');
    const tenant = site.makeKey({ keyId: 201 });
    expect(tenant.insert(lock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(tenant.insert(lock, { commands: [{ command: Command.LogSwitch, argument: 1 }] }).commands[0]).toMatchObject({ reason: Reason.Ok });
    for (let keyId = 301; keyId < 310; keyId++) expect(site.makeKey({ keyId }).insert(lock)).toMatchObject({ reason: Reason.NoTenantProof });
    expect(site.makeKey({ keyId: 320 }, { kKeyOf: 321 }).insert(lock)).toMatchObject({ reason: Reason.BadKeyMac });

    const read = { command: Command.LogRead, argument: logReadArgument(0, ReadoutWhy.TenantReview) };
    const [readOut, attestation] = tenant.insert(lock, { commands: [read, { command: Command.Attest, argument: 0 }] }).commands;
    const decodedImage = provisioned(nvm.bytes);
    // 9 refusals, the reading session's opening, its read-out and detail.
    expect(decodedImage.log.head).toBe(12);
    expect(decodedImage.log.entries.map(({ number: _number, ...entry }) => entry)).toEqual(readOut!.logEntries);
    expect(attestation!.attestation).toMatchObject({ logOn: decodedImage.state.logOn, logHold: decodedImage.state.logHold, failedMacs: decodedImage.failedMacs, logEntries: 12 });
    expect(decodedImage.failedMacs).toBe(1);
  });

  it("should find the firmware's ring where STORAGE.md lays it out: pair 0 at L = 0x0900 + 2G + 2B + 512", () => {
    const image = loadImage('release');
    const nvm = new TornNvm(geometry);
    const lock = new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'nvm-log-image test' }), nvm });
    site.install(lock, 'private');
    const tenant = site.makeKey({ keyId: 201 });
    tenant.insert(lock);
    tenant.insert(lock, { commands: [{ command: Command.LogSwitch, argument: 1 }] });
    tenant.insert(lock);
    const layout = { ...capacities, logPages: logPagesFor(profile.capacities.logEntries.value) };
    // The first append goes to copy 0 of pair 0: page 0 with 1 entry.
    expect(Array.from(nvm.bytes.subarray(logCopyAddress(layout, 0, 0), logCopyAddress(layout, 0, 0) + 4))).toEqual([0, 0, 0, 1]);
  });
});
