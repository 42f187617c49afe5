/** `cylsim insert --key KIND`: one key insertion at the demo site, against a lock implementation. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { Reason } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../../host/devices/seeded-entropy.js';
import type { LockTarget } from '../../../host/lock/lock-target.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';
import { ReferenceLock } from '../../../host/reference/reference-lock.js';
import { nobleBackend } from '../../../host/protocol/crypto-backend.js';
import { demoSite } from '../../insertion/demo-site.js';
import { KEY_KINDS, runInsertion, type Insertion, type KeyKind } from '../../insertion/run-insertion.js';
import { latencyUs, nfcSession, sessionTraceFiles } from '../../insertion/session-traces.js';
import { TimedLock, type TimedExchange } from '../../../host/lock/timed-lock.js';
import { physicsFigures } from '../../../host/physics/from-profile.js';
import { insertionAtPace, type InsertionPace } from '../../../host/physics/key-generator.js';
import type { PhysicalInsertion } from '../../../host/power/physical-insertion.js';
import { physicalDemoInsertion } from '../../insertion/physical-demo.js';

interface InsertOptions {
  key: KeyKind;
  target: 'wasm' | 'reference';
  profile: string;
  seed: string;
  pace: InsertionPace;
  turnMs?: number;
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
    .addOption(new Option('--pace <pace>', 'how fast the key is turned (wasm target: the lock runs on the energy of the turn)').choices(['slow', 'normal', 'hurried']).default('normal'))
    .addOption(new Option('--turn-ms <ms>', 'the turn\'s duration in ms, instead of a pace').argParser(positiveNumber))
    .option('--json', 'print the insertion as JSON')
    .option('--pcap <file>', 'write the insertion\'s frames, carried by a phone over NFC (ISO/IEC 14443-A), as a pcap (link type 264)')
    .option('--vcd <file>', 'write the NFC field, the air and the MCU state as a VCD (GTKWave, Surfer)')
    .option('--trace-json <file>', 'write the frames and the firmware\'s work as a Chrome trace (Perfetto)')
    .action((options: InsertOptions) => {
      const profile = loadProfileByName(options.profile);
      const run = options.target === 'wasm' ? physicalRun(options, profile) : referenceRun(options, profile);
      const session = nfcSession(run.lockId, run.exchanges);
      writeTraces(session, run.exchanges, options);
      if (options.json) console.log(JSON.stringify(toJson(run, options, latencyUs(session)), null, 2));
      else print(run, options, latencyUs(session));
    });
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a positive number of milliseconds, got "${text}"`);
  return value;
}

interface Run {
  insertion: Insertion;
  lockId: number;
  exchanges: TimedExchange[];
  physical?: PhysicalInsertion;
}

/** The firmware on the energy of a physical key's turn (the history on the bench). */
function physicalRun(options: InsertOptions, profile: ReturnType<typeof loadProfileByName>): Run {
  const figures = physicsFigures(profile);
  const turn = options.turnMs !== undefined ? { turnAngleDeg: figures.generator.normalTurnAngleDeg, turnDurationMs: options.turnMs } : insertionAtPace(figures.generator, options.pace);
  const demo = physicalDemoInsertion(options.key, profile, turn, { seed: options.seed });
  return { insertion: demo.insertion, lockId: demo.lockId, exchanges: demo.physical.record.exchanges, physical: demo.physical };
}

/** The reference lock on the bench: decisions and frames, no physics. */
function referenceRun(options: InsertOptions, profile: ReturnType<typeof loadProfileByName>): Run {
  const locks = new Map<LockTarget, { lock: TimedLock; lockId: number }>();
  const makeLock = (request: { lockId: number }, name: string): LockTarget => {
    const timed = new TimedLock(new ReferenceLock({ entropy: new SeededEntropy(`${options.seed} ${name}`), backend: nobleBackend }));
    locks.set(timed, { lock: timed, lockId: request.lockId });
    return timed;
  };
  let used: { lock: TimedLock; lockId: number } | undefined;
  const insertion = runInsertion(options.key, demoSite(options.seed, profile, makeLock), (key, lock) => {
    used = locks.get(lock);
    return key.insert(lock);
  });
  return { insertion, lockId: used!.lockId, exchanges: used!.lock.exchanges };
}

function writeTraces(session: ReturnType<typeof nfcSession>, exchanges: TimedLock['exchanges'], options: InsertOptions): void {
  if (!options.pcap && !options.vcd && !options.traceJson) return;
  const files = sessionTraceFiles(session, exchanges);
  if (options.pcap) writeFileSync(options.pcap, files.pcap);
  if (options.vcd) writeFileSync(options.vcd, files.vcd);
  if (options.traceJson) writeFileSync(options.traceJson, files.traceJson);
}

function toJson(run: Run, options: InsertOptions, nfcLatencyUs: number) {
  const { insertion, physical } = run;
  const outcome = insertion.outcome;
  return {
    key: options.key,
    keyId: insertion.key.keyId,
    lock: insertion.lockName,
    target: options.target,
    decision: outcome?.decision ?? 'none',
    reason: outcome ? Reason[outcome.reason] : physical?.outcome,
    reasonCode: outcome?.reason ?? null,
    markDay: outcome?.markDay,
    tenantSecretReceived: outcome?.tenantSecretReceived ?? false,
    ...(physical
      ? {
          /** From the start of the key's turn to the end of the release (or of the last frame), us. */
          latencyUs: round2(physical.latencyUs),
          /** What the capacitor still holds for the MCU at the end of the turn (negative: missing for power-on), µJ. */
          energyMarginUj: round2(physical.marginUj),
          energyOutcome: physical.outcome,
          turnMs: round2(physical.record.turnEndUs / 1000),
          harvestUj: round2(physical.harvestUj),
          powerOnAtUs: physical.record.powerOnAtUs === undefined ? null : round2(physical.record.powerOnAtUs),
          timeline: physical.record.spans.map((span) => ({ activity: span.activity, startUs: round2(span.startUs), endUs: round2(span.endUs), drawnUj: round2(span.drawnUj), endV: round2(span.endV) })),
        }
      : { latencyUs: round2(nfcLatencyUs) }),
    /** The same frames carried by a phone over ISO/IEC 14443-A: field-on to the end of the RESULT, us. */
    nfcLatencyUs: round2(nfcLatencyUs),
    ...(outcome?.changeDay !== undefined ? { changeDay: outcome.changeDay } : {}),
    history: insertion.history,
    frames: (outcome?.frames ?? []).map((frame) => ({ direction: frame.direction, bytes: hex(frame.bytes) })),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function print(run: Run, options: InsertOptions, nfcLatencyUs: number): void {
  const { insertion, physical } = run;
  const outcome = insertion.outcome;
  for (const step of insertion.history) console.log(`  before: ${step.what}: ${step.decision} (${step.reason})`);
  console.log(`key ${insertion.key.keyId} (${options.key}) at the ${insertion.lockName}, ${options.target} lock`);
  if (physical) printTimeline(physical);
  for (const frame of outcome?.frames ?? []) console.log(`  ${frame.direction === 'key-to-lock' ? 'key  -> lock' : 'lock -> key '}  ${hex(frame.bytes)}`);
  if (outcome) {
    const why = outcome.reason === Reason.Ok ? '' : `: ${Reason[outcome.reason]}`;
    console.log(`${outcome.decision}${why}${outcome.changeDay !== undefined ? ` (tenant change on day ${outcome.changeDay})` : ''}`);
  } else {
    console.log(`no decision: ${physical?.outcome}`);
  }
  if (physical) {
    console.log(`latency from the turn's start to the ${physical.outcome === 'released' ? 'release\'s end' : 'last frame'}: ${(physical.latencyUs / 1000).toFixed(2)} ms`);
    console.log(`energy: the turn harvests ${physical.harvestUj.toFixed(0)} uJ; ${physical.outcome}; margin at the turn's end ${physical.marginUj.toFixed(1)} uJ`);
  }
  console.log(`the same frames by a phone over NFC: ${nfcLatencyUs.toFixed(0)} us from field-on to the RESULT's last bit`);
}

/** The rail's spans, merged by activity where they follow each other. */
function printTimeline(physical: PhysicalInsertion): void {
  const { record } = physical;
  if (record.powerOnAtUs === undefined) {
    console.log(`  the capacitor never reached power-on during the ${(record.turnEndUs / 1000).toFixed(0)} ms turn`);
    return;
  }
  console.log(`  ${ms(record.powerOnAtUs)}  power-on`);
  let current: { activity: string; startUs: number; endUs: number; drawnUj: number; endV: number } | undefined;
  const flush = () => current && console.log(`  ${ms(current.startUs)}  ${current.activity.padEnd(9)} ${((current.endUs - current.startUs) / 1000).toFixed(3).padStart(8)} ms ${current.drawnUj.toFixed(1).padStart(8)} uJ  -> ${current.endV.toFixed(3)} V`);
  for (const span of record.spans) {
    if (current && current.activity === span.activity && current.endUs === span.startUs) {
      current.endUs = span.endUs;
      current.drawnUj += span.drawnUj;
      current.endV = span.endV;
    } else {
      flush();
      current = { ...span };
    }
  }
  flush();
  if (record.cut) console.log(`  ${ms(record.cut.atUs)}  brown-out during ${record.cut.during}`);
}

const ms = (us: number) => `${(us / 1000).toFixed(3).padStart(9)} ms`;
