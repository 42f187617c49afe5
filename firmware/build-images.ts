/**
 * Builds every firmware variant (asconfig.json targets) into firmware/build/ and writes
 * firmware/build/manifest.json: per variant the file, its size, its SHA-256, and the ABI version
 * and features the image itself reports.
 */
import asc from 'assemblyscript/asc';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ABI_VERSION, Feature, buildVariants } from './abi.js';
import { imagePath, manifestPath, type BuildVariant, type ImageManifest, type ManifestEntry } from '../host/firmware/image.js';
import { packagePath, packageRoot } from '../host/package-root.js';

async function compile(variant: BuildVariant): Promise<void> {
  const { error, stderr } = await asc.main(['--config', packagePath('asconfig.json'), '--target', variant], {});
  if (error) throw new Error(`asc failed for ${variant}:\n${stderr.toString()}`);
}

/** Instantiates with inert imports (every HAL call returns 0) to ask the image what it is. */
function interrogate(bytes: Uint8Array<ArrayBuffer>): { abiVersion: number; features: string[] } {
  const module = new WebAssembly.Module(bytes);
  const imports: Record<string, Record<string, () => number>> = {};
  for (const { module: name, name: field } of WebAssembly.Module.imports(module)) (imports[name] ??= {})[field] = () => 0;
  const exports = new WebAssembly.Instance(module, imports).exports as { abiVersion(): number; buildFeatures(): number };
  const bits = exports.buildFeatures() >>> 0;
  const features = Object.entries(Feature).filter(([, bit]) => typeof bit === 'number' && bits & bit).map(([name]) => name);
  return { abiVersion: exports.abiVersion() >>> 0, features };
}

async function main(): Promise<void> {
  mkdirSync(packagePath('firmware', 'build'), { recursive: true });
  const images: ManifestEntry[] = [];
  for (const variant of buildVariants() as BuildVariant[]) {
    await compile(variant);
    const path = imagePath(variant);
    const bytes = new Uint8Array(readFileSync(path));
    const { abiVersion, features } = interrogate(bytes);
    if (abiVersion !== ABI_VERSION) throw new Error(`${variant}: image reports ABI ${abiVersion}, abi.ts says ${ABI_VERSION}`);
    images.push({
      variant,
      file: relative(packageRoot(), path),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      abiVersion,
      features,
    });
    console.log(`built ${variant.padEnd(14)} ${String(bytes.length).padStart(6)} bytes`);
  }
  const manifest: ImageManifest = { abiVersion: ABI_VERSION, images };
  writeFileSync(manifestPath(), `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
