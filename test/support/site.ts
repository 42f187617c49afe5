/** A small site for protocol tests: the management system and locks on fresh devices. */
import { createBenchDevices, type BenchDevices } from '../../host/devices/bench-devices.js';
import type { EntropySource } from '../../host/firmware/hal-devices.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { ManagementSystem, type LockRequest } from '../../host/management/management-system.js';
import { referenceProfile } from './firmware.js';

/** A fixed site key for tests (16 bytes 0x00..0x0f): tests are reproducible, not secret. */
export const TEST_SITE_KEY = Uint8Array.from({ length: 16 }, (_, i) => i);
export const TEST_SITE_ID = 0x5a17;
/** Day 700 after the cylsim epoch (2024-01-01): 2025-12-01. */
export const TEST_MARK_DAY = 700;

export const COMMON_LOCK: Omit<LockRequest, 'profile'> = { lockId: 0x1000_0001, privateDwelling: 0, groups: [10, 11], markDay: TEST_MARK_DAY };
export const DWELLING_ID = 101;
export const PRIVATE_LOCK: Omit<LockRequest, 'profile'> = { lockId: 0x1000_0002, privateDwelling: DWELLING_ID, groups: [DWELLING_ID], markDay: TEST_MARK_DAY };

export function testManagement(): ManagementSystem {
  return new ManagementSystem({ siteKey: TEST_SITE_KEY, siteId: TEST_SITE_ID });
}

export interface ProvisionedFirmwareLock {
  lock: FirmwareLock;
  devices: BenchDevices;
}

/** A new firmware lock, provisioned for `request` and powered up. */
export function provisionedFirmwareLock(
  management: ManagementSystem,
  request: Omit<LockRequest, 'profile'>,
  options: { variant?: BuildVariant; seed?: string | number; entropy?: EntropySource } = {},
): ProvisionedFirmwareLock {
  const image = loadImage(options.variant ?? 'release');
  const devices = createBenchDevices({ image, profile: referenceProfile, seed: options.seed ?? 'lock', ...(options.entropy ? { entropy: options.entropy } : {}) });
  const lock = new FirmwareLock(image, devices);
  lock.powerUp();
  const status = lock.provision(management.makeProvisioningRecord({ ...request, profile: referenceProfile }));
  if (status !== 0) throw new Error(`provision() returned ${status}`);
  return { lock, devices };
}
