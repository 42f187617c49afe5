/** `cylsim insert --key KIND`: one key insertion at the demo site, against a lock implementation. */
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
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
import { latencyUs, nfcSession, sessionTraceFiles } from '../../insertion/session-traces.js';
import { TimedLock } from '../../../host/lock/timed-lock.js';
import { PageCountingNvm } from '../../../host/devices/page-counting-nvm.js';
import { computeEnergyUj, pageWriteEnergyUj } from '../../../host/physics/decision-energy.js';
import { physicsFigures } from '../../../host/physics/from-profile.js';
import { insertionAtPace } from '../../../host/physics/key-generator.js';
import { insertionMargin, type InsertionMargin } from '../../../host/physics/insertion-margin.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';

interface InsertOptions {
  key: KeyKind;
  target: 'wasm' | 'reference';
  profile: string;
  seed: string;
  json?: boolean;
  pcap?: string;
  vcd?: string;
  traceJson?: string;
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
    .option('--pcap <file>', 'write the insertion, carried over NFC (ISO/IEC 14443-A), as a pcap (link type 264)')
    .option('--vcd <file>', 'write the NFC field, the air and the MCU state as a VCD (GTKWave, Surfer)')
    .option('--trace-json <file>', 'write the frames and the firmware\'s work as a Chrome trace (Perfetto)')
    .action((options: InsertOptions) => {
      const profile = loadProfileByName(options.profile);
      const locks = new Map<string, { lock: TimedLock; lockId: number }>();
      const makeLock = (request: { lockId: number }, name: string): LockTarget => {
        const entropy = new SeededEntropy(`${options.seed} ${name}`);
        let timed: TimedLock;
        if (options.target === 'reference') {
          timed = new TimedLock(new ReferenceLock({ entropy, backend: nobleBackend }));
        } else {
          const image = loadImage('release');
          const bench = createBenchDevices({ image, profile, entropy });
          const nvm = new PageCountingNvm(bench.nvm, profile.nvm.pageBytes.value);
          timed = new TimedLock(new FirmwareLock(image, { ...bench, nvm }), { elapsedUs: () => bench.timer.elapsedUs(), pagesWritten: () => nvm.pagesWritten });
        }
        locks.set(name, { lock: timed, lockId: request.lockId });
        return timed;
      };
      const insertion = runInsertion(options.key, demoSite(options.seed, profile, makeLock));
      const used = locks.get(insertion.lockName)!;
      const session = nfcSession(used.lockId, used.lock.exchanges);
      writeTraces(session, used.lock.exchanges, options);
      const energy = options.target === 'wasm' ? insertionEnergy(profile, used.lock, insertion.outcome.decision === 'grant') : undefined;
      if (options.json) console.log(JSON.stringify(toJson(insertion, options, latencyUs(session), energy), null, 2));
      else print(insertion, options, latencyUs(session), energy);
    });
}

interface InsertionEnergy {
  decisionUj: number;
  margin: InsertionMargin;
}

/**
 * The lock's cost for this insertion (its modeled powered time and the NVM pages it wrote, priced
 * by the profile) against a normal key turn's harvest, as a physical key delivers it.
 */
function insertionEnergy(profile: HardwareProfile, lock: TimedLock, released: boolean): InsertionEnergy {
  const decisionUj = computeEnergyUj(profile, lock.poweredUs) + lock.nvmPages * pageWriteEnergyUj(profile);
  const figures = physicsFigures(profile);
  return { decisionUj, margin: insertionMargin(figures, insertionAtPace(figures.generator, 'normal'), decisionUj, released) };
}

function writeTraces(session: ReturnType<typeof nfcSession>, exchanges: TimedLock['exchanges'], options: InsertOptions): void {
  if (!options.pcap && !options.vcd && !options.traceJson) return;
  const files = sessionTraceFiles(session, exchanges);
  if (options.pcap) writeFileSync(options.pcap, files.pcap);
  if (options.vcd) writeFileSync(options.vcd, files.vcd);
  if (options.traceJson) writeFileSync(options.traceJson, files.traceJson);
}

function toJson(insertion: Insertion, options: InsertOptions, latency: number, energy: InsertionEnergy | undefined) {
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
    /** Field-on to the end of the lock's RESULT, the session carried over ISO/IEC 14443-A. */
    latencyUs: Math.round(latency * 100) / 100,
    ...(energy
      ? {
          /** The lock's modeled cost of this insertion (compute + NVM pages), µJ. */
          decisionUj: round2(energy.decisionUj),
          /** What a normal key turn leaves after the decision and the release (negative: missing), µJ. */
          energyMarginUj: round2(energy.margin.marginUj),
          energyOutcome: energy.margin.outcome,
        }
      : {}),
    ...(outcome.changeDay !== undefined ? { changeDay: outcome.changeDay } : {}),
    history: insertion.history,
    frames: outcome.frames.map((frame) => ({ direction: frame.direction, bytes: hex(frame.bytes) })),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function print(insertion: Insertion, options: InsertOptions, latency: number, energy: InsertionEnergy | undefined): void {
  const { outcome } = insertion;
  for (const step of insertion.history) console.log(`  before: ${step.what}: ${step.decision} (${step.reason})`);
  console.log(`key ${insertion.key.keyId} (${options.key}) at the ${insertion.lockName}, ${options.target} lock`);
  for (const frame of outcome.frames) console.log(`  ${frame.direction === 'key-to-lock' ? 'key  -> lock' : 'lock -> key '}  ${hex(frame.bytes)}`);
  const why = outcome.reason === Reason.Ok ? '' : `: ${Reason[outcome.reason]}`;
  console.log(`${outcome.decision}${why}${outcome.changeDay !== undefined ? ` (tenant change on day ${outcome.changeDay})` : ''}`);
  console.log(`latency over NFC (field-on to the RESULT's last bit): ${latency.toFixed(0)} us`);
  if (energy) console.log(`energy: the lock spent ${energy.decisionUj.toFixed(1)} uJ; a normal key turn leaves a margin of ${energy.margin.marginUj.toFixed(1)} uJ (${energy.margin.outcome})`);
}
