/** Fresh firmware instances for tests: one per test, over bench devices. */
import { buildVariants } from '../../firmware/abi.js';
import { createBenchDevices, type BenchDevices } from '../../host/devices/bench-devices.js';
import { CryptoService } from '../../host/firmware/crypto-service.js';
import { Firmware } from '../../host/firmware/firmware.js';
import type { EntropySource } from '../../host/firmware/hal-devices.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

export const VARIANTS = buildVariants() as BuildVariant[];
export const referenceProfile = loadProfileByName('reference-m0plus');

export interface TestLock {
  firmware: Firmware;
  devices: BenchDevices;
  service: CryptoService;
}

/** A new instance of `variant`, not yet booted. */
export function freshLock(variant: BuildVariant = 'release', options: { seed?: string | number; entropy?: EntropySource } = {}): TestLock {
  const image = loadImage(variant);
  const devices = createBenchDevices({ image, profile: referenceProfile, ...options });
  const firmware = Firmware.instantiate(image, devices);
  return { firmware, devices, service: new CryptoService(firmware) };
}

/** A new, booted instance. */
export function bootedLock(variant: BuildVariant = 'release', options: { seed?: string | number; entropy?: EntropySource } = {}): TestLock {
  const lock = freshLock(variant, options);
  const status = lock.firmware.exports.boot();
  if (status !== 0) throw new Error(`boot() returned ${status}`);
  return lock;
}
