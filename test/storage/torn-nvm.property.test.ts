/** The torn NVM model (host/storage/torn-nvm.ts, STORAGE.md "The memory the lock is built for"). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HalStatus, Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { PowerCut } from '../../host/power/power-rail.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { decodeError } from '../../host/protocol/frames/error.js';
import { encodeHello } from '../../host/protocol/frames/hello.js';
import { campaignSite } from '../../host/storage/campaign/campaign-site.js';
import { nvmGeometry, type NvmGeometry } from '../../host/storage/nvm-geometry.js';
import { TEAR_MODES, type Tear } from '../../host/storage/tear.js';
import { NvmPowerCut, NvmUnpowered, TornNvm } from '../../host/storage/torn-nvm.js';

/** fast-check's seed for these properties: the same cases every run. */
const SEED = 2026_1123;

interface Write {
  address: number;
  data: Uint8Array;
}

const write = (sizeBytes: number): fc.Arbitrary<Write> =>
  fc.integer({ min: 0, max: sizeBytes - 1 }).chain((address) => fc.uint8Array({ minLength: 1, maxLength: sizeBytes - address }).map((data) => ({ address, data })));

/** A small NVM, its contents, some writes, and a cut at one byte of one of them. */
const cutCase = fc
  .record({ pageBytes: fc.constantFrom(4, 8, 16, 64), pages: fc.integer({ min: 2, max: 5 }), erasedValue: fc.constantFrom(0x00, 0xff) })
  .chain(({ pageBytes, pages, erasedValue }) => {
    const geometry: NvmGeometry = { sizeBytes: pageBytes * pages, pageBytes, erasedValue };
    return fc.record({
      geometry: fc.constant(geometry),
      image: fc.uint8Array({ minLength: geometry.sizeBytes, maxLength: geometry.sizeBytes }),
      writes: fc.array(write(geometry.sizeBytes), { minLength: 1, maxLength: 4 }),
      seed: fc.string({ maxLength: 8 }),
      mode: fc.constantFrom(...TEAR_MODES),
    });
  })
  .chain((c) =>
    fc.integer({ min: 0, max: c.writes.length - 1 }).chain((cutWrite) => fc.integer({ min: 0, max: c.writes[cutWrite]!.data.length - 1 }).map((byte) => ({ ...c, cut: { write: cutWrite, byte, mode: c.mode } }))),
  );

type CutCase = typeof cutCase extends fc.Arbitrary<infer T> ? T : never;

/** Makes the case's writes on a fresh TornNvm until the cut; the NVM and the cut it made. */
function runToCut(c: CutCase): { nvm: TornNvm; tear: Tear } {
  const nvm = new TornNvm(c.geometry, { image: c.image, cut: c.cut, seed: c.seed });
  for (const [index, { address, data }] of c.writes.entries()) {
    if (index < c.cut.write) expect(nvm.write(address, data.length, data, 0)).toBe(HalStatus.Ok);
    else expect(() => nvm.write(address, data.length, data, 0)).toThrow(NvmPowerCut);
    if (index === c.cut.write) break;
  }
  return { nvm, tear: nvm.tear! };
}

/**
 * What the mode says each byte of the NVM holds after the cut: a value, or undefined where it is
 * arbitrary (STORAGE.md's two tear modes; tear.ts's page read-backs).
 */
function expectedBytes(c: CutCase, tear: Tear): (number | undefined)[] {
  const before = c.image.slice();
  for (const { address, data } of c.writes.slice(0, c.cut.write)) before.set(data, address);
  const { address, data } = c.writes[c.cut.write]!;
  const { pageBytes, erasedValue } = c.geometry;
  const cutAddress = address + c.cut.byte;
  const cutPage = Math.floor(cutAddress / pageBytes);
  return Array.from(before, (old, at) => {
    const inWrite = at >= address && at < address + data.length;
    const written = inWrite ? data[at - address]! : old;
    const page = Math.floor(at / pageBytes);
    if (c.cut.mode === 'byte-serial') {
      if (!inWrite || page > cutPage) return old;
      if (at < cutAddress) return written;
      if (at === cutAddress) return undefined;
      return tear.erasedAfterCut ? erasedValue : old;
    }
    if (page < cutPage) return written;
    if (page > cutPage) return old;
    switch (tear.pageReadback) {
      case 'neighbours-lost':
        return inWrite ? written : undefined;
      case 'write-scrambled':
        return inWrite ? undefined : old;
      case 'erased':
        return erasedValue;
      default:
        return undefined;
    }
  });
}

describe('TornNvm', () => {
  it('should leave, at a cut at byte k of write w, exactly the bytes its tear mode says, and stop there', () => {
    fc.assert(
      fc.property(cutCase, (c) => {
        const { nvm, tear } = runToCut(c);
        const expected = expectedBytes(c, tear);
        expect(Array.from(nvm.bytes, (byte, at) => (expected[at] === undefined ? undefined : byte))).toEqual(expected);
        expect(tear).toMatchObject({ ...c.cut, address: c.writes[c.cut.write]!.address, lengthBytes: c.writes[c.cut.write]!.data.length });
        expect(nvm.writes).toEqual(c.writes.slice(0, c.cut.write + 1).map(({ address, data }) => ({ address, lengthBytes: data.length })));
      }),
      { numRuns: 2_000, seed: SEED },
    );
  });

  it('should leave the same arbitrary bytes for the same seed and cut', () => {
    fc.assert(
      fc.property(cutCase, (c) => {
        expect(runToCut(c).nvm.bytes).toEqual(runToCut(c).nvm.bytes);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('should refuse every access after the cut until the power is back, then keep the torn bytes and cut no more', () => {
    fc.assert(
      fc.property(cutCase, (c) => {
        const { nvm } = runToCut(c);
        const torn = nvm.bytes.slice();
        const buffer = new Uint8Array(c.geometry.sizeBytes);
        expect(() => nvm.read(0, 1, buffer, 0)).toThrow(NvmUnpowered);
        expect(() => nvm.write(0, 1, buffer, 0)).toThrow(NvmUnpowered);
        nvm.powerOn();
        expect(nvm.read(0, c.geometry.sizeBytes, buffer, 0)).toBe(HalStatus.Ok);
        expect(buffer).toEqual(torn);
        const { address, data } = c.writes[c.cut.write]!;
        expect(nvm.write(address, data.length, data, 0)).toBe(HalStatus.Ok);
        expect(nvm.bytes.subarray(address, address + data.length)).toEqual(data);
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('should count every write and its length in a run without a cut, and refuse one out of range without counting it', () => {
    const nvm = new TornNvm({ sizeBytes: 256, pageBytes: 64, erasedValue: 0xff });
    const data = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(nvm.write(0x10, 8, data, 0)).toBe(HalStatus.Ok);
    expect(nvm.write(0x3e, 4, data, 2)).toBe(HalStatus.Ok);
    expect(nvm.write(0xfc, 8, data, 0)).toBe(HalStatus.OutOfRange);
    expect(nvm.writes).toEqual([
      { address: 0x10, lengthBytes: 8 },
      { address: 0x3e, lengthBytes: 4 },
    ]);
    expect(nvm.bytesWritten).toBe(12);
    expect(Array.from(nvm.bytes.subarray(0x3e, 0x42))).toEqual([3, 4, 5, 6]);
    expect(nvm.bytes[0xfc]).toBe(0xff);
  });

  it("should take its size, page size and erased value from the profile's nvm section", () => {
    const profile = loadProfileByName('large-capacity');
    const nvm = new TornNvm(nvmGeometry(profile));
    expect(nvm.geometry).toEqual({ sizeBytes: profile.nvm.sizeBytes.value, pageBytes: profile.nvm.pageBytes.value, erasedValue: profile.nvm.erasedValue.value });
    expect(nvm.sizeBytes).toBe(1_048_576);
    expect(nvm.bytes.every((byte) => byte === profile.nvm.erasedValue.value)).toBe(true);
  });

  it('should stop the firmware mid-step with a PowerCut, fail it until the power is back, then let it boot on the torn bytes', () => {
    const profile = loadProfileByName('reference-m0plus');
    const image = loadImage('release');
    const site = campaignSite(profile, 'torn-nvm test');
    const nvm = new TornNvm(nvmGeometry(profile), { cut: { write: 0, byte: 100, mode: 'byte-serial' } });
    const lock = new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'torn-nvm test' }), nvm });
    const hello = encodeHello({ keyId: 7, keyNonce: new Uint8Array(8), keyFlags: 0 });

    expect(() => site.install(lock, 'common')).toThrow(PowerCut);
    expect(nvm.tear).toMatchObject({ write: 0, byte: 100, mode: 'byte-serial' });
    expect(() => lock.receive(hello)).toThrow(NvmUnpowered);

    nvm.powerOn();
    const rebooted = new FirmwareLock(image, { ...createBenchDevices({ image, profile, seed: 'torn-nvm test' }), nvm });
    rebooted.powerUp();
    expect(decodeError(rebooted.receive(hello))).toBe(Reason.NotProvisioned);
  });
});
