/**
 * The entropy import keeps the view it last filled (the firmware draws into the same buffer at
 * every power-up): each call must still fill exactly the range asked for, with the next draw.
 */
import { describe, expect, it } from 'vitest';
import { HalStatus, halModuleName } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { createHalImports } from '../../host/firmware/hal-imports.js';
import { loadImage } from '../../host/firmware/image.js';
import { referenceProfile } from '../support/firmware.js';

const SEED = 'hal entropy';

function halWithMemory() {
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
  const devices = createBenchDevices({ image: loadImage('release'), profile: referenceProfile, seed: SEED });
  const hal = createHalImports(devices, () => memory)[halModuleName()] as Record<string, (...args: number[]) => number>;
  return { memory, hal };
}

/** The first draws of the same source, taken into plain arrays of the given lengths. */
function draws(...lengths: number[]): Uint8Array[] {
  const source = new SeededEntropy(SEED);
  return lengths.map((length) => {
    const bytes = new Uint8Array(length);
    source.fill(bytes);
    return bytes;
  });
}

describe('the entropy import', () => {
  it('should fill the same range with each next draw when asked twice, and another range after it', () => {
    const { hal, memory } = halWithMemory();
    const bytes = new Uint8Array(memory.buffer);
    const [first, second, third] = draws(32, 32, 16);
    expect(hal.entropy!(0x300, 32)).toBe(HalStatus.Ok);
    expect(bytes.slice(0x300, 0x320)).toEqual(first);
    expect(hal.entropy!(0x300, 32)).toBe(HalStatus.Ok);
    expect(bytes.slice(0x300, 0x320)).toEqual(second);
    expect(hal.entropy!(0x280, 16)).toBe(HalStatus.Ok);
    expect(bytes.slice(0x280, 0x290)).toEqual(third);
    expect(bytes.slice(0x300, 0x320)).toEqual(second);
    // Nothing outside the ranges asked for was touched.
    expect(bytes.slice(0, 0x280).every((byte) => byte === 0)).toBe(true);
    expect(bytes.slice(0x290, 0x300).every((byte) => byte === 0)).toBe(true);
    expect(bytes.slice(0x320).every((byte) => byte === 0)).toBe(true);
  });
});
