/** Firmware images: the built .wasm files, their manifest, and the boot ROM's measurement. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';

export type BuildVariant = 'debug' | 'release' | 'release-nolog';

export interface FirmwareImage {
  readonly variant: BuildVariant | 'custom';
  readonly path: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly module: WebAssembly.Module;
  /** SHA-256 of the image file: what the boot ROM measures and the attestation reports. */
  readonly sha256: Uint8Array;
}

export function imagePath(variant: BuildVariant): string {
  return packagePath('firmware', 'build', `cylsim-${variant}.wasm`);
}

const cache = new Map<string, FirmwareImage>();

/** Loads and compiles an image once per process (compiling costs ~100 us; instantiating ~40 us). */
export function loadImage(variant: BuildVariant = 'release'): FirmwareImage {
  const path = imagePath(variant);
  const cached = cache.get(path);
  if (cached) return cached;
  if (!existsSync(path)) throw new Error(`firmware image ${path} not found: run \`npm run build\``);
  const image = imageFromBytes(new Uint8Array(readFileSync(path)), variant, path);
  cache.set(path, image);
  return image;
}

export function imageFromBytes(bytes: Uint8Array<ArrayBuffer>, variant: FirmwareImage['variant'] = 'custom', path = '(memory)'): FirmwareImage {
  const sha256 = new Uint8Array(createHash('sha256').update(bytes).digest());
  return { variant, path, bytes, module: new WebAssembly.Module(bytes), sha256 };
}

export interface ManifestEntry {
  variant: BuildVariant;
  file: string;
  bytes: number;
  sha256: string;
  abiVersion: number;
  features: string[];
}

export interface ImageManifest {
  abiVersion: number;
  images: ManifestEntry[];
}

export function manifestPath(): string {
  return packagePath('firmware', 'build', 'manifest.json');
}

export function readManifest(): ImageManifest {
  const path = manifestPath();
  if (!existsSync(path)) throw new Error(`image manifest ${path} not found: run \`npm run build\``);
  return JSON.parse(readFileSync(path, 'utf8')) as ImageManifest;
}
