/**
 * `cylsim vectors gen` and `cylsim vectors run`: HIL test vectors (docs/VECTORS.md), generated
 * from the key side and the reference lock, run against any target.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { junitXml } from '../../../host/hil/runner/junit.js';
import { runVectors, type RunReport, type TestOutcome } from '../../../host/hil/runner/run-vectors.js';
import { openTarget, parseTarget, TARGET_FORMS, type TargetSpec } from '../../../host/hil/runner/targets.js';
import { generateSuite } from '../../../host/hil/suite/generate-suite.js';
import { encodeVectorCbor, encodeVectorJson, parseVectorFile } from '../../../host/hil/vectors/vector-file.js';
import { DEFAULT_TIMEOUT_MS } from '../../../host/hil/link/link-client.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';

/** The profile the suite is generated for unless --profile says otherwise (docs/PROFILES.md). */
const DEFAULT_PROFILE = 'reference-m0plus';

export function vectorsCommand(): Command {
  return new Command('vectors')
    .description('HIL test vectors: generate the conformance suite, run a vector file against a target (docs/VECTORS.md)')
    .addCommand(genCommand())
    .addCommand(runCommand());
}

interface GenOptions {
  out: string;
  json?: string;
  seed: string;
  profile: string;
}

function genCommand(): Command {
  return new Command('gen')
    .showHelpAfterError()
    .description('generate the conformance suite as CBOR (and its JSON mirror with --json)')
    .requiredOption('--out <file>', 'the CBOR file to write')
    .option('--json <file>', 'also write the JSON mirror of the same content')
    .option('--seed <seed>', 'seed of every key, nonce and TRNG byte (the same seed gives the same bytes)', 'cylsim')
    .addOption(new Option('--profile <name>', 'hardware profile of every test group').choices(listProfiles()).default(DEFAULT_PROFILE))
    .action((options: GenOptions) => {
      const file = generateSuite({ seed: options.seed, profile: loadProfileByName(options.profile) });
      writeFileSync(options.out, encodeVectorCbor(file));
      if (options.json) writeFileSync(options.json, encodeVectorJson(file));
      const groups = file.testGroups.length;
      console.log(`${file.header.numberOfTests} tests in ${groups} groups written to ${options.out}${options.json ? ` and ${options.json}` : ''}`);
    });
}

interface RunOptions {
  target: TargetSpec;
  junit?: string;
  json?: boolean;
  timeoutMs: number;
  profile?: string;
  verbose?: boolean;
}

function runCommand(): Command {
  return new Command('run')
    .showHelpAfterError()
    .description('run a vector file (CBOR or JSON) against a target; exits non-zero when a vector fails')
    .argument('<file>', 'the vector file')
    .requiredOption('--target <target>', `where the lock is: ${TARGET_FORMS.join(', ')}`, targetArgument)
    .option('--junit <file>', 'write the results as JUnit XML')
    .option('--json', 'print the results as JSON ({ passed, failed, skipped, tests, ... })')
    .option('--timeout-ms <ms>', 'how long a request over the device link may wait for its answer', positiveInteger, DEFAULT_TIMEOUT_MS)
    .addOption(new Option('--profile <name>', 'profile of an in-process target (wasm, reference); default: the first group\'s').choices(listProfiles()))
    .option('--verbose', 'list every test, not only the failed ones')
    .action(async (path: string, options: RunOptions) => {
      const file = parseVectorFile(readFileSync(path), path);
      const profileName = options.profile ?? file.testGroups[0]?.profile ?? DEFAULT_PROFILE;
      const target = describeTarget(options.target);
      const device = await openTarget(options.target, { profile: loadProfileByName(profileName), timeoutMs: options.timeoutMs });
      let report: RunReport;
      try {
        report = await runVectors(file, device, { onTest: options.json ? undefined : (outcome) => printOutcome(outcome, options.verbose ?? false) });
      } finally {
        await device.close();
      }
      if (options.junit) writeFileSync(options.junit, junitXml(file, report, target));
      if (options.json) console.log(JSON.stringify({ target, device: report.device, passed: report.passed, failed: report.failed, skipped: report.skipped, tests: report.tests }, null, 2));
      else {
        console.log(`${target}: ${report.device.implementation}, profile ${report.device.profile}, ABI ${report.device.abiVersion}`);
        console.log(`${report.passed} passed, ${report.failed} failed${report.skipped > 0 ? `, ${report.skipped} skipped` : ''}`);
      }
      if (report.failed > 0) process.exitCode = 1;
    });
}

function printOutcome(outcome: TestOutcome, verbose: boolean): void {
  if (outcome.status === 'passed' && !verbose) return;
  const label = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[outcome.status];
  console.log(`${label} ${outcome.status === 'passed' ? `tcId ${outcome.tcId}: ${outcome.comment}` : outcome.message}`);
}

function describeTarget(spec: TargetSpec): string {
  switch (spec.kind) {
    case 'wasm':
      return `wasm:${spec.variant}`;
    case 'reference':
      return 'reference';
    case 'stdio':
      return `stdio:${spec.command}`;
    case 'tcp':
      return `tcp:${spec.host}:${spec.port}`;
    case 'serial':
      return `serial:${spec.path}`;
  }
}

function targetArgument(text: string): TargetSpec {
  try {
    return parseTarget(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a whole number of milliseconds >= 1, got "${text}"`);
  return value;
}
