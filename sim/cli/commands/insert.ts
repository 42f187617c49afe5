/** `cylsim insert --key KIND`: one key insertion at the demo site, against a lock implementation. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { Reason } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../../host/devices/seeded-entropy.js';
import type { LockTarget } from '../../../host/lock/lock-target.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import { ReferenceLock } from '../../../host/reference/reference-lock.js';
import { nobleBackend } from '../../../host/protocol/crypto-backend.js';
import { demoSite } from '../../insertion/demo-site.js';
import { KEY_KINDS, runInsertion, type Insertion, type KeyKind } from '../../insertion/run-insertion.js';
import { latencyUs, nfcSession, sessionTraceFiles } from '../../insertion/session-traces.js';
import { TimedLock, type TimedExchange } from '../../../host/lock/timed-lock.js';
import { physicsFigures } from '../../../host/physics/from-profile.js';
import { insertionAtPace, type InsertionPace } from '../../../host/physics/key-generator.js';
import type { PhoneInsertion } from '../../../host/power/phone-insertion.js';
import type { PhysicalInsertion } from '../../../host/power/physical-insertion.js';
import { timelinePcap } from '../../../host/trace/pcap-iso14443.js';
import { phoneDemoInsertion, physicalDemoInsertion } from '../../insertion/physical-demo.js';
import { poweredInsertionTraceFiles } from '../../insertion/insertion-traces.js';
import { phoneJson, physicalJson, printPhoneEnergy, printPhoneTimeline, printPhysicalEnergy, printPhysicalTimeline } from '../../insertion/insertion-report.js';

interface InsertOptions {
  key: KeyKind;
  target: 'wasm' | 'reference';
  profile: string;
  seed: string;
  pace: InsertionPace;
  turnMs?: number;
  phone?: boolean;
  distance?: number;
  holdMs?: number;
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
    .addOption(new Option('--target <target>', 'lock implementation (wasm: the firmware on the energy of the insertion; reference: decisions and frames only)').choices(['wasm', 'reference']).default('wasm'))
    .addOption(new Option('--profile <name>', 'hardware profile').choices(listProfiles()).default('reference-m0plus'))
    .option('--seed <seed>', 'seed of every random choice (keys, nonces)', 'demo')
    .addOption(new Option('--pace <pace>', 'how fast the physical key is turned (wasm target: the lock runs on the energy of the turn)').choices(['slow', 'normal', 'hurried']).default('normal'))
    .addOption(new Option('--turn-ms <ms>', 'the turn\'s duration in ms, instead of a pace').argParser(positiveNumber('milliseconds')))
    .addOption(
      new Option('--phone', 'a phone key held to the lock instead of a physical key (wasm target: the lock runs on the phone\'s NFC field, ISO/IEC 14443-A)').conflicts(['pace', 'turnMs']),
    )
    .addOption(new Option('--distance <mm>', 'with --phone: the phone\'s distance from the lock on its antenna\'s axis, mm (default 0: held against it)').argParser(nonNegativeNumber))
    .addOption(new Option('--hold-ms <ms>', 'with --phone: how long the phone is held, ms (default: the profile\'s nfc.phoneHoldMs)').argParser(positiveNumber('milliseconds')))
    .option('--json', 'print the insertion as JSON')
    .option(
      '--pcap <file>',
      'write the NFC frames as a pcap (link type 264, Wireshark): with --phone the session\'s own air frames from field-on; for a physical key the same application frames as a phone would carry them over ISO/IEC 14443-A',
    )
    .option('--vcd <file>', 'write the insertion\'s timeline as a VCD (GTKWave, Surfer): wasm target: capacitor voltage, power, MCU state, NVM, actuator, and the contact link or the NFC field and air; reference: the same frames by phone')
    .option('--trace-json <file>', 'write the insertion\'s timeline as a Chrome trace (Perfetto): wasm target: the MCU\'s spans, the frames, NVM writes, the release, the capacitor voltage as a counter; reference: the same frames by phone')
    .action(function (this: Command, options: InsertOptions) {
      if (!options.phone && (options.distance !== undefined || options.holdMs !== undefined)) this.error('error: --distance and --hold-ms describe a phone key: add --phone');
      if (options.phone && options.target !== 'wasm') this.error('error: --phone runs the firmware on the phone\'s field: it needs --target wasm (the reference lock has no physics)');
      const profile = loadProfileByName(options.profile);
      const run = options.target === 'reference' ? referenceRun(options, profile) : options.phone ? phoneRun(options, profile) : physicalRun(options, profile);
      const session = nfcSession(run.lockId, run.exchanges);
      const nfcLatency = run.phone ? latencyUs(run.phone.air) : latencyUs(session);
      writeTraces(run, session, options);
      if (options.json) console.log(JSON.stringify(toJson(run, options, nfcLatency), null, 2));
      else print(run, options, nfcLatency);
    });
}

function positiveNumber(unit: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!(value > 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a positive number of ${unit}, got "${text}"`);
    return value;
  };
}

function nonNegativeNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0) || !Number.isFinite(value)) throw new InvalidArgumentError(`expected a distance >= 0 in millimetres, got "${text}"`);
  return value;
}

interface Run {
  insertion: Insertion;
  lockId: number;
  exchanges: TimedExchange[];
  physical?: PhysicalInsertion;
  phone?: PhoneInsertion;
}

/** The firmware on the energy of a physical key's turn (the history on the bench). */
function physicalRun(options: InsertOptions, profile: HardwareProfile): Run {
  const figures = physicsFigures(profile);
  const turn = options.turnMs !== undefined ? { turnAngleDeg: figures.generator.normalTurnAngleDeg, turnDurationMs: options.turnMs } : insertionAtPace(figures.generator, options.pace);
  const demo = physicalDemoInsertion(options.key, profile, turn, { seed: options.seed });
  return { insertion: demo.insertion, lockId: demo.lockId, exchanges: demo.physical.record.exchanges, physical: demo.physical };
}

/** The firmware on the field of a phone held at a distance (phone keys throughout; the history on the bench). */
function phoneRun(options: InsertOptions, profile: HardwareProfile): Run {
  const placement = { distanceMm: options.distance ?? 0, ...(options.holdMs !== undefined ? { holdMs: options.holdMs } : {}) };
  const demo = phoneDemoInsertion(options.key, profile, placement, { seed: options.seed });
  return { insertion: demo.insertion, lockId: demo.lockId, exchanges: demo.physical.record.exchanges, phone: demo.physical };
}

/** The reference lock on the bench: decisions and frames, no physics. */
function referenceRun(options: InsertOptions, profile: HardwareProfile): Run {
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

function writeTraces(run: Run, session: ReturnType<typeof nfcSession>, options: InsertOptions): void {
  if (!options.pcap && !options.vcd && !options.traceJson) return;
  let files: { pcap: Uint8Array; vcd: string; traceJson: string };
  if (run.phone) {
    const { air } = run.phone;
    files = { pcap: timelinePcap(air), ...poweredInsertionTraceFiles(run.phone, { kind: 'phone', air }, air.fieldOffAtUs) };
  } else if (run.physical) {
    const { record, link } = run.physical;
    // The physical key's own timeline; the pcap carries its frames as a phone would (pcap has no contact link type).
    files = { pcap: timelinePcap(session), ...poweredInsertionTraceFiles(run.physical, { kind: 'contact', frames: link.frames }, Math.max(record.endUs, record.sourceEndUs)) };
  } else {
    files = sessionTraceFiles(session, run.exchanges);
  }
  if (options.pcap) writeFileSync(options.pcap, files.pcap);
  if (options.vcd) writeFileSync(options.vcd, files.vcd);
  if (options.traceJson) writeFileSync(options.traceJson, files.traceJson);
}

function toJson(run: Run, options: InsertOptions, nfcLatencyUs: number) {
  const { insertion, physical, phone } = run;
  const outcome = insertion.outcome;
  const powered = physical ?? phone;
  return {
    key: options.key,
    keyId: insertion.key.keyId,
    lock: insertion.lockName,
    target: options.target,
    keyType: phone ? 'phone' : 'physical',
    decision: outcome?.decision ?? 'none',
    reason: outcome ? Reason[outcome.reason] : powered?.outcome,
    reasonCode: outcome?.reason ?? null,
    markDay: outcome?.markDay,
    tenantSecretReceived: outcome?.tenantSecretReceived ?? false,
    ...(physical ? physicalJson(physical) : phone ? phoneJson(phone) : { latencyUs: round2(nfcLatencyUs) }),
    /** Field-on to the end of the RESULT over ISO/IEC 14443-A: the phone's own session, or the same frames carried by a phone, us. */
    nfcLatencyUs: round2(nfcLatencyUs),
    ...(outcome?.changeDay !== undefined ? { changeDay: outcome.changeDay } : {}),
    history: insertion.history,
    frames: framesOf(run).map((frame) => ({ direction: frame.direction, bytes: hex(frame.bytes) })),
  };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The frames the key saw; without a decision, the exchanges the lock had completed. */
function framesOf(run: Run): { direction: 'key-to-lock' | 'lock-to-key'; bytes: Uint8Array }[] {
  if (run.insertion.outcome) return run.insertion.outcome.frames;
  return run.exchanges.flatMap((exchange) => [
    { direction: 'key-to-lock' as const, bytes: exchange.command },
    { direction: 'lock-to-key' as const, bytes: exchange.response },
  ]);
}

function print(run: Run, options: InsertOptions, nfcLatencyUs: number): void {
  const { insertion, physical, phone } = run;
  const outcome = insertion.outcome;
  for (const step of insertion.history) console.log(`  before: ${step.what}: ${step.decision} (${step.reason})`);
  console.log(`key ${insertion.key.keyId} (${options.key}${phone ? ', a phone' : ''}) at the ${insertion.lockName}, ${options.target} lock`);
  if (physical) printPhysicalTimeline(physical);
  if (phone) printPhoneTimeline(phone);
  for (const frame of framesOf(run)) console.log(`  ${frame.direction === 'key-to-lock' ? 'key  -> lock' : 'lock -> key '}  ${hex(frame.bytes)}`);
  if (outcome) {
    const why = outcome.reason === Reason.Ok ? '' : `: ${Reason[outcome.reason]}`;
    console.log(`${outcome.decision}${why}${outcome.changeDay !== undefined ? ` (tenant change on day ${outcome.changeDay})` : ''}`);
  } else {
    console.log(`no decision reached the key: ${(physical ?? phone)?.outcome}${(physical ?? phone)?.released ? ' (the lock released)' : ''}`);
  }
  if (physical) {
    printPhysicalEnergy(physical);
    console.log(`the same frames by a phone over NFC: ${nfcLatencyUs.toFixed(0)} us from field-on to the RESULT's last bit`);
  } else if (phone) {
    printPhoneEnergy(phone);
  } else {
    console.log(`the same frames by a phone over NFC: ${nfcLatencyUs.toFixed(0)} us from field-on to the RESULT's last bit`);
  }
}
