/**
 * The lock targets the conformance suite runs against (DESIGN.md "Shape of the code"): the
 * TypeScript reference lock and every build of the firmware image, each made from an entropy source
 * so that every target of a test exchanges the same frames.
 */
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { EnergyGauge, EntropySource } from '../../host/firmware/hal-devices.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { nobleBackend, type CryptoBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { referenceProfile } from '../support/firmware.js';

/**
 * A new, unpowered and unprovisioned lock drawing its power-up seeds from `entropy`; `energy` is
 * its gauge (a bench supply when not given).
 */
export type LockFactory<L extends LockTarget = LockTarget> = (entropy: EntropySource, energy?: EnergyGauge) => L;

export interface Target {
  name: string;
  make: LockFactory;
}

export function referenceLockFactory(backend: CryptoBackend = nobleBackend): LockFactory<ReferenceLock> {
  return (entropy, energy) => new ReferenceLock({ entropy, backend, ...(energy ? { energy } : {}) });
}

/** The image on bench devices with the reference profile (its NVM, work costs). */
export function firmwareLockFactory(variant: BuildVariant): LockFactory<FirmwareLock> {
  return (entropy, energy) => {
    const image = loadImage(variant);
    const devices = createBenchDevices({ image, profile: referenceProfile, entropy });
    return new FirmwareLock(image, energy ? { ...devices, energy } : devices);
  };
}

export const FIRMWARE_VARIANTS: BuildVariant[] = ['release', 'release-nolog', 'debug'];

export const TARGETS: Target[] = [
  { name: 'reference lock (noble)', make: referenceLockFactory(nobleBackend) },
  ...FIRMWARE_VARIANTS.map((variant) => ({ name: `firmware ${variant}`, make: firmwareLockFactory(variant) })),
];
