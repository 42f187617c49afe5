/**
 * What an opening may write (R-PRV-2, DESIGN.md): with the log off, successful openings write
 * nothing to NVM but the day-granular time mark, at most once a day; with the log on, one log
 * entry; a malformed frame writes nothing; a failed MAC is counted at most once per insertion.
 * Checked byte for byte on every firmware image.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { createBenchDevices, type BenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { Command, WRITE_COUNTER_CELL_BYTES, WRITE_LOG_PAGE_BYTES, WRITE_STATE_BYTES } from '../../firmware/protocol.js';
import type { NvmPort } from '../../host/firmware/hal-devices.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { credentialDefaults } from '../conformance/fixture.js';
import { DWELLING_A, FRONT_DOOR_GROUP, makeSite, minutesAt, openSession, START_DAY } from '../conformance/fixture.js';
import { FIRMWARE_VARIANTS } from '../conformance/targets.js';
import { referenceProfile } from '../support/firmware.js';

/** The state journal's two slots (docs/STORAGE.md): 0x0400 and 0x0480, 104 bytes each. */
const STATE_SLOTS = [0x0400, 0x0480];

/**
 * docs/STORAGE.md, Layout, on the reference profile: the log at L = 0x0900 + 2G + 2B + 4 × 128 (G =
 * 1,536 bytes for 256 dwellings, B = 18,048 for 3,000 entries, then the blocklist's 4 staging
 * slots), 144 pairs of 128 bytes, then 8 counter cells of 64.
 */
const LOG_ADDRESS = 0x0900 + 2 * 1_536 + 2 * 18_048 + 4 * 128;
const LOG_BYTES = 144 * 128;
const COUNTER_ADDRESS = LOG_ADDRESS + LOG_BYTES;
const COUNTER_BYTES = 8 * 64;

/** Records every write's address and length on the way to the NVM. */
function recordWrites(nvm: NvmPort): { address: number; length: number }[] {
  const writes: { address: number; length: number }[] = [];
  const write = nvm.write.bind(nvm);
  nvm.write = (address, length, bytes, offset) => {
    writes.push({ address, length });
    return write(address, length, bytes, offset);
  };
  return writes;
}

interface Watched {
  lock: FirmwareLock;
  devices: BenchDevices;
}

function siteWatching(variant: BuildVariant) {
  const made: Watched[] = [];
  const site = makeSite({
    seed: `opening writes ${variant}`,
    makeLock: (entropy) => {
      const image = loadImage(variant);
      const devices = createBenchDevices({ image, profile: referenceProfile, entropy });
      const lock = new FirmwareLock(image, devices);
      made.push({ lock, devices });
      return lock;
    },
  });
  const watched = (lock: FirmwareLock): Watched => made.find((entry) => entry.lock === lock)!;
  return { site, watched };
}

/** The addresses whose bytes differ between two images of the NVM. */
function changedAddresses(before: Uint8Array, after: Uint8Array): number[] {
  const changed: number[] = [];
  for (let address = 0; address < before.length; address++) if (before[address] !== after[address]) changed.push(address);
  return changed;
}

describe.each(FIRMWARE_VARIANTS)('the %s image, log off', (variant) => {
  it('should write nothing at all to NVM for a hundred same-day openings by tenant keys and common-door keys', () => {
    const { site, watched } = siteWatching(variant);
    const tenant = site.makeKey({ keyId: 501 });
    const neighbour = site.makeKey({ keyId: 502, dwellingId: DWELLING_A + 1, groups: [FRONT_DOOR_GROUP] });
    // Move-in and the first openings make their writes (the tenant change, its pending T made current, the generation table).
    expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(tenant.insert(site.privateLock).decision).toBe('grant');
    expect(tenant.insert(site.commonLock).decision).toBe('grant');
    expect(neighbour.insert(site.commonLock).decision).toBe('grant');
    const privateNvm = watched(site.privateLock as FirmwareLock).devices.nvm;
    const commonNvm = watched(site.commonLock as FirmwareLock).devices.nvm;
    const before = { private: privateNvm.bytes.slice(), common: commonNvm.bytes.slice(), writes: privateNvm.writes + commonNvm.writes };
    for (let n = 0; n < 50; n++) {
      expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant', reason: Reason.Ok });
      expect((n % 2 === 0 ? tenant : neighbour).insert(site.commonLock).decision).toBe('grant');
    }
    expect(privateNvm.writes + commonNvm.writes).toBe(before.writes);
    expect(changedAddresses(before.private, privateNvm.bytes)).toEqual([]);
    expect(changedAddresses(before.common, commonNvm.bytes)).toEqual([]);
  });

  it('should write only the state journal, once, when an opening moves the mark to a new day, and nothing for the rest of that day', () => {
    const { site, watched } = siteWatching(variant);
    const tenant = site.makeKey({ keyId: 511 });
    expect(tenant.insert(site.privateLock).tenantSecretReceived).toBe(true);
    expect(tenant.insert(site.privateLock).decision).toBe('grant'); // its pending T made current (§4.2)
    const nvm = watched(site.privateLock as FirmwareLock).devices.nvm;
    const before = nvm.bytes.slice();
    const writesBefore = nvm.writes;
    // An extra key issued the next day carries that day to the lock (its issue time, within the step).
    const tomorrow = site.makeKey({ keyId: 512, role: Role.Resident, issuedAtMinutes: minutesAt(START_DAY + 1, 480) });
    expect(tomorrow.insert(site.privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof, markDay: START_DAY + 1 });
    for (let n = 0; n < 20; n++) expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant', markDay: START_DAY + 1 });
    expect(nvm.writes - writesBefore).toBe(1);
    const changed = changedAddresses(before, nvm.bytes);
    expect(changed.length).toBeGreaterThan(0);
    // Every changed byte lies in one slot of the state journal.
    const slot = STATE_SLOTS.find((address) => changed[0]! >= address && changed[0]! < address + WRITE_STATE_BYTES)!;
    expect(slot).toBeDefined();
    expect(changed.every((address) => address >= slot && address < slot + WRITE_STATE_BYTES)).toBe(true);
  });

  it('should write nothing for malformed AUTH frames of every length, nor for unexpected frames', () => {
    const { site, watched } = siteWatching(variant);
    site.makeKey({ keyId: 521 }).insert(site.privateLock);
    const nvm = watched(site.privateLock as FirmwareLock).devices.nvm;
    const before = nvm.bytes.slice();
    const writesBefore = nvm.writes;
    const entropy = new SeededEntropy('malformed frames');
    for (let length = 0; length <= 250; length++) {
      openSession(site.privateLock, 521);
      const frame = new Uint8Array(length);
      entropy.fill(frame);
      if (length > 0) frame[0] = 0x03; // AUTH's type, so the body is what is judged
      const answer = site.privateLock.receive(frame);
      expect(answer.length).toBeGreaterThan(0);
    }
    expect(nvm.writes).toBe(writesBefore);
    expect(changedAddresses(before, nvm.bytes)).toEqual([]);
  });
});

describe.each(FIRMWARE_VARIANTS.filter((variant) => variant !== 'release-nolog'))('the %s image, log on', (variant) => {
  it('should write one 64-byte page copy of the log per opening, in the log, and nothing else', () => {
    const { site, watched } = siteWatching(variant);
    const tenant = site.makeKey({ keyId: 531 });
    expect(tenant.insert(site.privateLock).tenantSecretReceived).toBe(true);
    expect(tenant.insert(site.privateLock, { commands: [{ command: Command.LogSwitch, argument: 1 }] }).commands[0]).toMatchObject({ reason: Reason.Ok });
    const writes = recordWrites(watched(site.privateLock as FirmwareLock).devices.nvm);
    for (let n = 0; n < 30; n++) expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant' });
    expect(writes).toHaveLength(30);
    for (const { address, length } of writes) {
      expect(length).toBe(WRITE_LOG_PAGE_BYTES);
      expect(address).toBeGreaterThanOrEqual(LOG_ADDRESS);
      expect(address + length).toBeLessThanOrEqual(LOG_ADDRESS + LOG_BYTES);
      expect(address % 64).toBe(0); // a whole page copy, never straddling
    }
  });
});

describe.each(FIRMWARE_VARIANTS)('the %s image, failed MACs', (variant) => {
  it('should count a failed key MAC with one 8-byte counter write per insertion, however many fail in it', () => {
    const { site, watched } = siteWatching(variant);
    const writes = recordWrites(watched(site.privateLock as FirmwareLock).devices.nvm);
    const impostor = new KeyDevice({
      keyId: 541,
      kKey: site.management.keyKeyFor(542),
      credential: site.management.issueCredential(credentialDefaults(541)),
      entropy: new SeededEntropy('impostor 541'),
    });
    for (let insertion = 0; insertion < 3; insertion++) {
      expect(impostor.insert(site.privateLock)).toMatchObject({ reason: Reason.BadKeyMac });
      for (let again = 0; again < 4; again++) expect(impostor.insert(site.privateLock, { powerUp: false })).toMatchObject({ reason: Reason.BadKeyMac });
    }
    expect(writes).toHaveLength(3);
    // Three cells in turn (wear levelling), each a page of its own.
    expect(writes.map((w) => w.address)).toEqual([COUNTER_ADDRESS, COUNTER_ADDRESS + 64, COUNTER_ADDRESS + 128]);
    for (const { address, length } of writes) {
      expect(length).toBe(WRITE_COUNTER_CELL_BYTES);
      expect(address + length).toBeLessThanOrEqual(COUNTER_ADDRESS + COUNTER_BYTES);
    }
  });
});
