/** The independent decoder of a lock's NVM image (docs/STORAGE.md, host/storage/nvm-image.ts). */
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { decodeProvisioningRecord, logPagesFor } from '../../host/protocol/frames/provisioning-record.js';
import { cmacSubkeys } from '../../host/crypto/cmac-core.js';
import { nobleBlockEncrypt } from '../../host/crypto/aes-noble.js';
import { campaignSite, INSTALL_DAY } from '../../host/storage/campaign/campaign-site.js';
import { nvmGeometry } from '../../host/storage/nvm-geometry.js';
import { decodeNvmImage, NvmImageError, readJournal, type ProvisionedImage } from '../../host/storage/nvm-image.js';
import { TornNvm } from '../../host/storage/torn-nvm.js';
import {
  encodeSlot,
  provisionedImage,
  putBlocklistEntries,
  putEmergencyDetail,
  putGenerationEntries,
  putSlot,
  putTenantSchedule,
} from './support/nvm-image-builder.js';

const profile = loadProfileByName('reference-m0plus');
const geometry = nvmGeometry(profile);
const site = campaignSite(profile, 'nvm-image test');
const capacities = { blocklist: profile.capacities.blocklistEntries.value, generation: profile.capacities.generationTableEntries.value };
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function provisioned(image: Uint8Array): ProvisionedImage {
  const decoded = decodeNvmImage(image);
  if (!decoded.provisioned) throw new Error('expected a provisioned image');
  return decoded;
}

/** The common lock's record on an otherwise erased NVM, with `slots` written. */
function imageWithSlots(...slots: [0 | 1, Uint8Array][]): Uint8Array {
  const image = provisionedImage(geometry, site.record('common'));
  for (const [slot, bytes] of slots) putSlot(image, slot, bytes);
  return image;
}

describe('decodeNvmImage', () => {
  it.each([0x00, 0xff])('should read an erased NVM (erased value %i) as a lock not provisioned', (erasedValue) => {
    expect(decodeNvmImage(new TornNvm({ ...geometry, erasedValue }).bytes)).toEqual({ provisioned: false });
  });

  it.each(['common', 'private'] as const)("should decode a freshly provisioned %s lock to its record's values, the mark from the record and every other field zero", (door) => {
    const image = loadImage('release');
    const nvm = new TornNvm(geometry);
    const lock = new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'nvm-image test' }), nvm });
    site.install(lock, door);
    const record = decodeProvisioningRecord(site.record(door));

    const decoded = provisioned(nvm.bytes);
    expect(decoded.config).toEqual({
      siteId: record.siteId,
      lockId: record.lockId,
      privateDwelling: record.privateDwelling,
      groups: record.groups,
      keys: { kIss: hex(record.keys.kIss), kKm: hex(record.keys.kKm), kProg: hex(record.keys.kProg), kTime: hex(record.keys.kTime) },
      markDay: INSTALL_DAY,
      blocklistCapacity: capacities.blocklist,
      generationTableCapacity: capacities.generation,
      timeStepMaxDays: profile.capacities.timeStepMaxDays.value,
      ...record.energy,
      logPages: logPagesFor(profile.capacities.logEntries.value),
    });
    expect(decoded.state).toEqual({
      markDay: INSTALL_DAY,
      generation: 0,
      changeDay: 0,
      consentEpoch: 0,
      blocklistVersion: 0,
      blocklistCount: 0,
      hasTenant: false,
      generationCount: 0,
      emergencyCount: 0,
      emergencyAcked: 0,
      tenantSecret: '00'.repeat(16),
      pendingTenantSecret: null,
      enrolment: [],
      logOn: false,
      logHold: false,
      logStart: 0,
    });
    expect(decoded).toMatchObject({ tenantAuthSchedule: null, pendingTenantAuthSchedule: null, emergencyDetails: [], generationTable: [], blocklist: [], log: { head: 0, entries: [] }, failedMacs: 0 });
  });

  it("should find each of the lock's key schedules where STORAGE.md puts it: round key 0 is the key, the CMAC subkeys close it", () => {
    const image = loadImage('release');
    const nvm = new TornNvm(geometry);
    site.install(new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'nvm-image test' }), nvm }), 'common');
    const { keys } = decodeProvisioningRecord(site.record('common'));
    const schedules = provisioned(nvm.bytes).keySchedules;
    for (const name of ['kIss', 'kKm', 'kTime', 'kProg'] as const) {
      const { k1, k2 } = cmacSubkeys(nobleBlockEncrypt(keys[name]));
      expect(schedules[name].slice(0, 32)).toBe(hex(keys[name]));
      expect(schedules[name].slice(2 * 176)).toBe(hex(k1) + hex(k2));
    }
  });

  it('should ignore a torn slot and read the other one', () => {
    const torn = encodeSlot({ seq: 6, markDay: INSTALL_DAY + 2 });
    torn[40]! ^= 0x01;
    const image = imageWithSlots([0, encodeSlot({ seq: 5, markDay: INSTALL_DAY + 1 })], [1, torn]);
    expect(provisioned(image).state.markDay).toBe(INSTALL_DAY + 1);
    expect(readJournal(image)).toEqual({ slots: [{ slot: 0, seq: 5, valid: true }, { slot: 1, seq: 6, valid: false }], newest: 0 });
  });

  it.each([
    [0, 1],
    [1, 0],
  ] as const)('should take the valid slot with the newest seq (older in slot %i, newer in slot %i)', (older, newer) => {
    const image = imageWithSlots([older, encodeSlot({ seq: 41, markDay: INSTALL_DAY, consentEpoch: 3 })], [newer, encodeSlot({ seq: 42, markDay: INSTALL_DAY, consentEpoch: 4 })]);
    expect(provisioned(image).state.consentEpoch).toBe(4);
    expect(readJournal(image).newest).toBe(newer);
  });

  it.each([0x00, 0xff])('should read every field as zero when neither slot is valid (both erased to %i)', (erasedValue) => {
    const image = provisionedImage({ ...geometry, erasedValue }, site.record('common'));
    expect(readJournal(image).newest).toBeNull();
    expect(provisioned(image).state).toMatchObject({ markDay: 0, blocklistVersion: 0, emergencyCount: 0, enrolment: [] });
  });

  it('should read the tables in the areas the state names, and nothing of the other areas', () => {
    const image = imageWithSlots([1, encodeSlot({ seq: 3, markDay: INSTALL_DAY, blocklistArea: 1, blocklistCount: 2, blocklistVersion: 7, generationArea: 0, generationCount: 1 })]);
    putBlocklistEntries(image, 0, capacities, [{ keyId: 1, retireDay: 1 }]);
    putBlocklistEntries(image, 1, capacities, [
      { keyId: 500, retireDay: INSTALL_DAY + 3 },
      { keyId: 900, retireDay: INSTALL_DAY + 9 },
    ]);
    putGenerationEntries(image, 0, capacities.generation, [{ dwellingId: 101, generation: 2, firstSeenDay: INSTALL_DAY }]);
    putGenerationEntries(image, 1, capacities.generation, [{ dwellingId: 7, generation: 9, firstSeenDay: 1 }]);
    const decoded = provisioned(image);
    expect(decoded.blocklist).toEqual([
      { keyId: 500, retireDay: INSTALL_DAY + 3 },
      { keyId: 900, retireDay: INSTALL_DAY + 9 },
    ]);
    expect(decoded.generationTable).toEqual([{ dwellingId: 101, generation: 2, firstSeenDay: INSTALL_DAY }]);
  });

  it("should read T_auth's schedule from the slot the state names, and the waiting keys in the order added", () => {
    const secret = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const image = imageWithSlots([0, encodeSlot({ seq: 9, hasTenant: 1, scheduleSlot: 1, tenantSecret: secret, enrolment: [305, 301, 303], generation: 1 })]);
    putTenantSchedule(image, 0, new Uint8Array(208).fill(0x11));
    putTenantSchedule(image, 1, new Uint8Array(208).fill(0x22));
    const decoded = provisioned(image);
    expect(decoded.tenantAuthSchedule).toBe('22'.repeat(208));
    expect(decoded.state).toMatchObject({ hasTenant: true, tenantSecret: hex(secret), enrolment: [305, 301, 303], generation: 1 });
  });

  it('should read a detail for each counted emergency opening, and none beyond the 8 detail slots', () => {
    const image = imageWithSlots([0, encodeSlot({ seq: 1, emergencyCount: 11, emergencyAcked: 2 })]);
    for (let n = 0; n < 8; n++) putEmergencyDetail(image, n, { day: INSTALL_DAY, minuteOfDay: 600 + n, keyId: 901 + n });
    const details = provisioned(image).emergencyDetails;
    expect(details).toHaveLength(8);
    expect(details[7]).toEqual({ day: INSTALL_DAY, minuteOfDay: 607, keyId: 908 });
    expect(provisioned(imageWithSlots([0, encodeSlot({ seq: 1, emergencyCount: 2 })])).emergencyDetails).toHaveLength(2);
  });

  it('should refuse an image whose magic word stands before a record that is not one', () => {
    const image = imageWithSlots();
    image[0] = 9; // the record's version (PROTOCOL.md §9.1): only 1 exists
    expect(() => decodeNvmImage(image)).toThrow(NvmImageError);
    expect(() => decodeNvmImage(image)).toThrow(/provisioning record at 0x0000/);
  });

  it('should read a pending tenant secret and the T_auth schedule in the slot the state does not name', () => {
    const pending = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
    const image = imageWithSlots([0, encodeSlot({ seq: 2, hasTenant: 1, scheduleSlot: 1, pendingTenantSecret: pending })]);
    image.fill(0x11, 0x0500, 0x0500 + 208);
    image.fill(0x22, 0x0600, 0x0600 + 208);
    const decoded = provisioned(image);
    expect(decoded.state.pendingTenantSecret).toBe(Buffer.from(pending).toString('hex'));
    expect(decoded.tenantAuthSchedule).toBe('22'.repeat(208));
    expect(decoded.pendingTenantAuthSchedule).toBe('11'.repeat(208));
  });

  it('should read the log flags and the log start of the newest slot', () => {
    const image = imageWithSlots([0, encodeSlot({ seq: 4, logFlags: 0x03, logStart: 1234 })], [1, encodeSlot({ seq: 3, logFlags: 0x01 })]);
    expect(provisioned(image).state).toMatchObject({ logOn: true, logHold: true, logStart: 1234 });
  });

  it.each([
    ['log flags with a bit other than on and hold', { logFlags: 0x04 }, 69, 0, /logFlags is 0x04/],
    ['a reserved byte after the log flags', {}, 70, 1, /reserved bytes \[69, 72\)/],
    ['merge progress without a merge in progress', {}, 80, 1, /merge progress without a merge in progress/],
    ['more deltas staged than the staging holds', {}, 76, 5 << 2, /5 deltas staged, above 4/],
    ['tenant flags with a bit other than pending', {}, 27, 0x02, /tenantFlags is 0x02/],
    ['a pending tenant secret without its flag', {}, 90, 0x5a, /pending tenant secret without its flag/],
  ])('should refuse a state with %s', (_what, fields, offset, value, message) => {
    const slot = encodeSlot({ seq: 1, ...fields });
    if (value !== 0) {
      slot[offset] = value;
      new DataView(slot.buffer).setUint32(100, crc32(slot.subarray(0, 100)), true);
    }
    expect(() => decodeNvmImage(imageWithSlots([0, slot]))).toThrow(NvmImageError);
    expect(() => decodeNvmImage(imageWithSlots([0, slot]))).toThrow(message);
  });

  it('should refuse an image too small for the log and the failed-MAC counter the record lays out', () => {
    const image = imageWithSlots([0, encodeSlot({ seq: 1 })]);
    // STORAGE.md: the NVM must hold L + 128 P + 512 bytes; the reference profile's layout ends at 60,928.
    expect(() => decodeNvmImage(image.slice(0, 60_928 - 1))).toThrow(/need 60928 bytes of NVM, the image has 60927/);
    expect(decodeNvmImage(image.slice(0, 60_928)).provisioned).toBe(true);
  });

  it('should refuse a state that names more blocklist entries than the capacity, or tables out of order', () => {
    expect(() => decodeNvmImage(imageWithSlots([0, encodeSlot({ seq: 1, blocklistCount: capacities.blocklist + 1 })]))).toThrow(/exceeds the capacity/);
    const unsorted = imageWithSlots([0, encodeSlot({ seq: 1, blocklistCount: 2 })]);
    putBlocklistEntries(unsorted, 0, capacities, [
      { keyId: 9, retireDay: 1 },
      { keyId: 8, retireDay: 1 },
    ]);
    expect(() => decodeNvmImage(unsorted)).toThrow(/does not sort after/);
  });
});
