/** A release firmware instance on bench devices, powered up, with one view over its memory. */
import { Status } from '../firmware/abi.js';
import { createBenchDevices, type BenchDevices } from '../host/devices/bench-devices.js';
import { Firmware } from '../host/firmware/firmware.js';
import { loadImage } from '../host/firmware/image.js';
import { loadProfileByName } from '../host/profile/load-profile.js';

export interface WasmFixture {
  firmware: Firmware;
  devices: BenchDevices;
  /** All of linear memory. Created once: memory is one page, initial and maximum, so it never detaches. */
  memory: Uint8Array;
}

export function createWasmFixture(seed: string): WasmFixture {
  const image = loadImage('release');
  const profile = loadProfileByName('reference-m0plus');
  const devices = createBenchDevices({ image, profile, seed });
  const firmware = Firmware.instantiate(image, devices);
  const status = firmware.exports.boot();
  if (status !== Status.Ok) throw new Error(`boot() returned ${Status[status] ?? status}`);
  return { firmware, devices, memory: new Uint8Array(firmware.exports.memory.buffer) };
}
