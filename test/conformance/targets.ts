/**
 * The lock targets the conformance suite runs against (DESIGN.md "Shape of the code"): the
 * TypeScript reference lock and every build of the firmware image, each made from an entropy source
 * so that every target of a test exchanges the same frames.
 */
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { EnergyGauge, EntropySource } from '../../host/firmware/hal-devices.js';
import { loadImage, readManifest, type BuildVariant } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { nobleBackend, type CryptoBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import type { ImageIdentity } from '../../host/reference/log-commands.js';
import { Feature } from '../../firmware/abi.js';
import { referenceProfile } from '../support/firmware.js';

/**
 * A new, unpowered and unprovisioned lock drawing its power-up seeds from `entropy`; `energy` is
 * its gauge (a bench supply when not given).
 */
export type LockFactory<L extends LockTarget = LockTarget> = (entropy: EntropySource, energy?: EnergyGauge) => L;

export interface Target {
  name: string;
  make: LockFactory;
  /** The target keeps an access log (§9.4): release and debug images, and the reference lock mirroring them. */
  logCompiledIn: boolean;
  /** What ATTEST reports as the image's measurement (§9.5): the boot ROM's SHA-256 of the image. */
  measurement: Uint8Array;
}

/** The reference lock mirrors `image` (by default the release image's features with a measurement of zeros). */
export function referenceLockFactory(backend: CryptoBackend = nobleBackend, image?: ImageIdentity): LockFactory<ReferenceLock> {
  return (entropy, energy) => new ReferenceLock({ entropy, backend, ...(energy ? { energy } : {}), ...(image ? { image } : {}) });
}

/** The identity of `variant`'s image, for a reference lock that mirrors it. */
export function imageIdentity(variant: BuildVariant): ImageIdentity {
  const entry = readManifest().images.find((image) => image.variant === variant);
  if (!entry) throw new Error(`${variant} is not in the image manifest: run \`npm run build\``);
  const features = entry.features.reduce((bits, name) => bits | Feature[name as keyof typeof Feature], 0);
  return { measurement: loadImage(variant).sha256.slice(), features, logCompiledIn: (features & Feature.Log) !== 0 };
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
  { name: 'reference lock (noble)', make: referenceLockFactory(nobleBackend), logCompiledIn: true, measurement: new Uint8Array(32) },
  ...FIRMWARE_VARIANTS.map((variant) => ({
    name: `firmware ${variant}`,
    make: firmwareLockFactory(variant),
    logCompiledIn: imageIdentity(variant).logCompiledIn,
    measurement: loadImage(variant).sha256.slice(),
  })),
];
