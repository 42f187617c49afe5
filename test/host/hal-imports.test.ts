/** The HAL import layer checks every region the firmware names and never throws into the image. */
import { describe, expect, it } from 'vitest';
import { HalStatus, halImportSignatures, halModuleName, WorkOp } from '../../firmware/abi.js';
import { createHalImports } from '../../host/firmware/hal-imports.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { referenceProfile } from '../support/firmware.js';

const PAGE_BYTES = 65_536; // one WebAssembly page

function halWithMemory() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const devices = createBenchDevices({ image: loadImage('release'), profile: referenceProfile, seed: 'hal' });
  const hal = createHalImports(devices, () => memory)[halModuleName()] as Record<string, (...args: number[]) => number>;
  return { memory, devices, hal };
}

describe('the HAL imports', () => {
  it('should provide every function abi.ts declares', () => {
    const { hal } = halWithMemory();
    for (const signature of halImportSignatures()) expect(typeof hal[signature.slice(0, signature.indexOf('('))]).toBe('function');
  });

  it('should refuse an entropy request that runs past the end of memory, leaving it unchanged', () => {
    const { hal, memory } = halWithMemory();
    expect(hal.entropy!(PAGE_BYTES - 8, 16)).toBe(HalStatus.OutOfRange);
    expect(hal.entropy!(-1, 4)).toBe(HalStatus.OutOfRange); // 0xffffffff as u32
    expect(new Uint8Array(memory.buffer).every((byte) => byte === 0)).toBe(true);
  });

  it('should copy NVM to and from memory and refuse addresses outside the NVM', () => {
    const { hal, memory, devices } = halWithMemory();
    new Uint8Array(memory.buffer).set([1, 2, 3, 4], 0x300);
    expect(hal.nvmWrite!(16, 0x300, 4)).toBe(HalStatus.Ok);
    expect(hal.nvmRead!(16, 0x310, 4)).toBe(HalStatus.Ok);
    expect([...new Uint8Array(memory.buffer, 0x310, 4)]).toEqual([1, 2, 3, 4]);
    expect(hal.nvmRead!(devices.nvm.sizeBytes - 2, 0x310, 4)).toBe(HalStatus.OutOfRange);
    expect(hal.nvmWrite!(0, PAGE_BYTES - 2, 4)).toBe(HalStatus.OutOfRange);
  });

  it('should write the boot ROM measurement (the image SHA-256) where the firmware asks', () => {
    const { hal, memory } = halWithMemory();
    hal.measurement!(0x300);
    expect(Buffer.from(new Uint8Array(memory.buffer, 0x300, 32)).equals(Buffer.from(loadImage('release').sha256))).toBe(true);
  });

  it('should turn reported work into cycles and microseconds with the profile', () => {
    const { hal, devices } = halWithMemory();
    hal.work!(WorkOp.AesBlock, 3);
    hal.work!(WorkOp.AesKeyExpansion, 1);
    const cycles = 3 * referenceProfile.mcu.aesBlockCycles.value + referenceProfile.mcu.aesKeyExpansionCycles.value;
    expect(devices.work.cycles).toBe(cycles);
    expect(hal.timerUs!()).toBe(Math.floor(cycles / referenceProfile.mcu.clockMhz.value));
  });

  it('should ignore a work report for an operation it does not know', () => {
    const { hal, devices } = halWithMemory();
    hal.work!(99, 5);
    expect(devices.work.cycles).toBe(0);
  });
});
