/** `cylsim insert --key KIND`: one key insertion at the demo site, against a lock implementation. */
import { Command, Option } from 'commander';
import { Reason } from '../../../firmware/abi.js';
import { createBenchDevices } from '../../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../../host/devices/seeded-entropy.js';
import { loadImage } from '../../../host/firmware/image.js';
import { FirmwareLock } from '../../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../../host/lock/lock-target.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';
import { ReferenceLock } from '../../../host/reference/reference-lock.js';
import { nobleBackend } from '../../../host/protocol/crypto-backend.js';
import { demoSite } from '../../insertion/demo-site.js';
import { KEY_KINDS, runInsertion, type Insertion, type KeyKind } from '../../insertion/run-insertion.js';

interface InsertOptions {
  key: KeyKind;
  target: 'wasm' | 'reference';
  profile: string;
  seed: string;
  json?: boolean;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

export function insertCommand(): Command {
  return new Command('insert')
    .description('run one key insertion at a demo site (a front door and a dwelling door) and print the decision')
    .addOption(new Option('--key <kind>', 'which key comes to the lock').choices(KEY_KINDS).makeOptionMandatory())
    .addOption(new Option('--target <target>', 'lock implementation').choices(['wasm', 'reference']).default('wasm'))
    .addOption(new Option('--profile <name>', 'hardware profile').choices(listProfiles()).default('reference-m0plus'))
    .option('--seed <seed>', 'seed of every random choice (keys, nonces)', 'demo')
    .option('--json', 'print the insertion as JSON')
    .action((options: InsertOptions) => {
      const profile = loadProfileByName(options.profile);
      const makeLock = (_: unknown, name: string): LockTarget => {
        const entropy = new SeededEntropy(`${options.seed} ${name}`);
        if (options.target === 'reference') return new ReferenceLock({ entropy, backend: nobleBackend });
        const image = loadImage('release');
        return new FirmwareLock(image, createBenchDevices({ image, profile, entropy }));
      };
      const insertion = runInsertion(options.key, demoSite(options.seed, profile, makeLock));
      if (options.json) console.log(JSON.stringify(toJson(insertion, options), null, 2));
      else print(insertion, options);
    });
}

function toJson(insertion: Insertion, options: InsertOptions) {
  const { outcome } = insertion;
  return {
    key: options.key,
    keyId: insertion.key.keyId,
    lock: insertion.lockName,
    target: options.target,
    decision: outcome.decision,
    reason: Reason[outcome.reason],
    reasonCode: outcome.reason,
    markDay: outcome.markDay,
    tenantSecretReceived: outcome.tenantSecretReceived,
    ...(outcome.changeDay !== undefined ? { changeDay: outcome.changeDay } : {}),
    history: insertion.history,
    frames: outcome.frames.map((frame) => ({ direction: frame.direction, bytes: hex(frame.bytes) })),
  };
}

function print(insertion: Insertion, options: InsertOptions): void {
  const { outcome } = insertion;
  for (const step of insertion.history) console.log(`  before: ${step.what}: ${step.decision} (${step.reason})`);
  console.log(`key ${insertion.key.keyId} (${options.key}) at the ${insertion.lockName}, ${options.target} lock`);
  for (const frame of outcome.frames) console.log(`  ${frame.direction === 'key-to-lock' ? 'key  -> lock' : 'lock -> key '}  ${hex(frame.bytes)}`);
  const why = outcome.reason === Reason.Ok ? '' : `: ${Reason[outcome.reason]}`;
  console.log(`${outcome.decision}${why}${outcome.changeDay !== undefined ? ` (tenant change on day ${outcome.changeDay})` : ''}`);
}
