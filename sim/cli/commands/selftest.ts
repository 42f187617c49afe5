/** `cylsim selftest`: the published vectors through every built firmware image. */
import { Command, Option } from 'commander';
import { buildVariants } from '../../../firmware/abi.js';
import { loadImage, readManifest, type BuildVariant } from '../../../host/firmware/image.js';
import { runSelftest, type VectorResult } from '../../../host/firmware/selftest.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';

interface SelftestOptions {
  variant?: BuildVariant[];
  profile: string;
  json?: boolean;
  verbose?: boolean;
}

export function selftestCommand(): Command {
  return new Command('selftest')
    .description('run the published vectors (FIPS-197, RFC 4493, NXP AN10922, SP 800-90A CAVP) through each built firmware image')
    .addOption(new Option('--variant <name...>', 'images to test (default: all)').choices(buildVariants()))
    .addOption(new Option('--profile <name>', 'hardware profile').choices(listProfiles()).default('reference-m0plus'))
    .option('--json', 'print the results as JSON')
    .option('--verbose', 'list every vector')
    .action((options: SelftestOptions) => {
      const manifest = readManifest();
      const profile = loadProfileByName(options.profile);
      const variants = options.variant ?? (buildVariants() as BuildVariant[]);
      const rows = variants.map((variant) => {
        const entry = manifest.images.find((image) => image.variant === variant);
        if (!entry) throw new Error(`${variant} is not in the image manifest: run \`npm run build\``);
        const image = loadImage(variant);
        const results = runSelftest(image, profile);
        const sha256 = Buffer.from(image.sha256).toString('hex');
        if (sha256 !== entry.sha256) throw new Error(`${entry.file} does not match the manifest's SHA-256: run \`npm run build\``);
        return { variant, bytes: image.bytes.length, sha256, features: entry.features, results };
      });
      const failed = rows.some((row) => row.results.some((result) => !result.passed));
      if (options.json) {
        console.log(JSON.stringify({ abiVersion: manifest.abiVersion, passed: !failed, images: rows }, null, 2));
      } else {
        printTable(rows, options.verbose ?? false);
      }
      if (failed) process.exitCode = 1;
    });
}

function printTable(rows: { variant: string; bytes: number; sha256: string; features: string[]; results: VectorResult[] }[], verbose: boolean): void {
  console.log('image           bytes  sha-256                                                           vectors  result');
  for (const row of rows) {
    const passed = row.results.filter((result) => result.passed).length;
    const verdict = passed === row.results.length ? 'PASS' : 'FAIL';
    console.log(`${row.variant.padEnd(14)} ${String(row.bytes).padStart(6)}  ${row.sha256}  ${`${passed}/${row.results.length}`.padStart(7)}  ${verdict}`);
    for (const result of row.results) {
      if (!verbose && result.passed) continue;
      console.log(`    ${result.passed ? 'ok  ' : 'FAIL'} ${result.suite}: ${result.name}${result.passed ? '' : `\n         expected ${result.expected}\n         actual   ${result.actual}`}`);
    }
  }
}
