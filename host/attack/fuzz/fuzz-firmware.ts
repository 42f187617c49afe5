/**
 * The firmware fuzzer: runs of 1 to 8 frames (frame-arbitraries.ts), each run on a fresh lock in a
 * session phase (fuzz-phases.ts), fed to one image through fast-check, seeded, shrinking a run that
 * fails to its smallest form. A run fails when a frame makes the image trap, releases the door (or
 * is answered with a grant), writes to NVM what a refusal may not, or is answered with anything but
 * a well-formed frame (answer-check.ts). No fuzzed frame carries valid MACs, so the one write a
 * refusal of one may make is the failed-MAC counter's cell, once per power-up (PROTOCOL.md §9.5):
 * the time mark and log entries are written only after both MACs verify (§7.6, §9.4), and a
 * malformed frame writes nothing (DESIGN.md, "What an opening may write").
 *
 * The frame count is exact: runs are made in rounds of fast-check runs until `frames` frames were
 * sent (the last runs are cut short). fast-check stops at the first failing run, shrinks it and
 * reports it; the image's fuzzing stops there.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { Reason } from '../../../firmware/abi.js';
import { COMMAND_RESULT_REASON, FrameType, RESULT_REASON, WRITE_COUNTER_CELL_BYTES } from '../../../firmware/protocol.js';
import type { BuildVariant } from '../../firmware/image.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { SITE_ID } from '../attack-site.js';
import { answerGrants, answerProblem } from './answer-check.js';
import { FuzzBench, type WriteRecord } from './fuzz-bench.js';
import { fuzzFrame } from './frame-arbitraries.js';
import { fuzzPhases, powerUpEntropy, type FuzzPhase } from './fuzz-phases.js';

/** Frames per run, at most. */
export const FRAMES_PER_RUN_MAX = 8;

export type FindingKind = 'trap' | 'grant' | 'nvmChange' | 'malformedAnswer';

export interface FuzzFinding {
  image: BuildVariant;
  phase: string;
  kind: FindingKind;
  detail: string;
  /** The shrunk run's frames, hex. */
  frames: string[];
}

export interface FuzzCounts {
  frames: number;
  runs: number;
  traps: number;
  grants: number;
  nvmChanges: number;
  malformedAnswers: number;
}

export interface FuzzReport extends FuzzCounts {
  findings: FuzzFinding[];
  /** The answers to the counted frames, by type and reason ("RESULT BadKeyMac", "CHALLENGE", "none"): how deep the frames went. */
  answers: Record<string, number>;
}

interface FuzzRun {
  phase: number;
  frames: Uint8Array[];
}

export interface Problem {
  kind: FindingKind;
  detail: string;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** fast-check's integer seed for `seed` and `variant`. */
export function fastCheckSeed(seed: string, variant: BuildVariant): number {
  return new DataView(sha256(utf8ToBytes(`cylsim fuzz ${seed} ${variant}`)).buffer).getInt32(0, true);
}

/**
 * The one write a fuzzed frame may cause (PROTOCOL.md §9.5, §7.10): a failed issuer, key or COMMAND
 * MAC counted in one cell of the counter, at most once per power-up (a run is one power-up).
 */
function countsFailedMac(writes: readonly WriteRecord[], answer: Uint8Array, counted: boolean): boolean {
  const failedMac = (answer[0] === FrameType.Result || answer[0] === FrameType.CommandResult) && FAILED_MAC_REASONS.has(answer[answer[0] === FrameType.Result ? RESULT_REASON : COMMAND_RESULT_REASON]!);
  return !counted && failedMac && writes.length === 1 && writes[0]!.lengthBytes === WRITE_COUNTER_CELL_BYTES;
}

const FAILED_MAC_REASONS = new Set<number>([Reason.BadIssuerMac, Reason.BadKeyMac]);

/**
 * Plays one run on the bench: the phase's NVM and setup, then `frames`; `onFrame` is told of each
 * frame before it is sent (false: send no more), `onAnswer` of each answer. What went wrong, if anything.
 */
export function playRun(bench: FuzzBench, phase: FuzzPhase, frames: readonly Uint8Array[], onFrame: () => boolean = () => true, onAnswer?: (answer: Uint8Array) => void): Problem | undefined {
  bench.reset(phase.image);
  for (const frame of phase.setup) bench.lock.receive(frame);
  bench.takeWrites();
  const releases = bench.releases;
  const counterWrites: WriteRecord[] = [];
  for (const frame of frames) {
    if (!onFrame()) break;
    let answer: Uint8Array;
    try {
      answer = bench.lock.receive(frame);
    } catch (error) {
      return { kind: 'trap', detail: `${hex(frame)}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` };
    }
    onAnswer?.(answer);
    if (answerGrants(answer) || bench.releases > releases) return { kind: 'grant', detail: `${hex(frame)} was answered ${hex(answer)}` };
    const problem = answerProblem(frame, answer, phase.lockId);
    if (problem) return { kind: 'malformedAnswer', detail: `${hex(frame)} was answered ${hex(answer)}: ${problem}` };
    const writes = bench.takeWrites();
    if (writes.length === 0) continue;
    if (!countsFailedMac(writes, answer, counterWrites.length > 0)) {
      return { kind: 'nvmChange', detail: `${hex(frame)}, answered ${hex(answer)}, wrote ${writes.map((w) => `${w.lengthBytes} bytes at 0x${w.address.toString(16)}`).join(', ')}` };
    }
    counterWrites.push(...writes);
  }
  return bench.nvmEquals(phase.imageAfterSetup, counterWrites) ? undefined : { kind: 'nvmChange', detail: 'the NVM differs from its image after the run' };
}

export interface FuzzOptions {
  variant: BuildVariant;
  profile: HardwareProfile;
  /** Frames to send in all. */
  frames: number;
  seed: string;
  /** Told the frames sent so far, after each run. */
  onProgress?: (framesSent: number) => void;
}

export function fuzzFirmware(options: FuzzOptions): FuzzReport {
  const bench = new FuzzBench(options.variant, options.profile, powerUpEntropy(options.seed));
  const phases = fuzzPhases(bench, options.profile, options.seed);
  const run = fc.integer({ min: 0, max: phases.length - 1 }).chain((phase) =>
    fc.array(fuzzFrame(phases[phase]!, SITE_ID), { minLength: 1, maxLength: FRAMES_PER_RUN_MAX }).map((frames): FuzzRun => ({ phase, frames })),
  );
  const report: FuzzReport = { frames: 0, runs: 0, traps: 0, grants: 0, nvmChanges: 0, malformedAnswers: 0, findings: [], answers: {} };
  const answers = new Map<number, number>();
  const counted: Record<FindingKind, keyof FuzzCounts> = { trap: 'traps', grant: 'grants', nvmChange: 'nvmChanges', malformedAnswer: 'malformedAnswers' };
  let shrinking = false;
  const property = fc.property(run, ({ phase, frames }) => {
    if (shrinking) return playRun(bench, phases[phase]!, frames) === undefined;
    report.runs++;
    const problem = playRun(
      bench,
      phases[phase]!,
      frames,
      () => {
        if (report.frames >= options.frames) return false;
        report.frames++;
        return true;
      },
      (answer) => answers.set(answerKey(answer), (answers.get(answerKey(answer)) ?? 0) + 1),
    );
    options.onProgress?.(report.frames);
    if (!problem) return true;
    report[counted[problem.kind]]++;
    shrinking = true;
    return false;
  });
  for (let round = 0; report.frames < options.frames; round++) {
    const numRuns = Math.ceil((options.frames - report.frames) / FRAMES_PER_RUN_MAX);
    const details = fc.check(property, { seed: fastCheckSeed(options.seed, options.variant) + round, numRuns });
    if (!details.failed) continue;
    // The first failing run, shrunk; a failure that is not a problem of playRun (the harness threw) counts as a trap.
    const [smallest] = details.counterexample ?? [{ phase: 0, frames: [] }];
    const phase = phases[smallest.phase]!;
    let problem: Problem | undefined;
    try {
      problem = playRun(bench, phase, smallest.frames);
    } catch (error) {
      problem = { kind: 'trap', detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    if (!shrinking) report.traps++;
    problem ??= { kind: 'trap', detail: String(details.errorInstance ?? 'the failure did not repeat') };
    report.findings.push({ image: options.variant, phase: phase.name, kind: problem.kind, detail: problem.detail, frames: smallest.frames.map(hex) });
    break;
  }
  report.answers = Object.fromEntries([...answers].sort(([a], [b]) => a - b).map(([key, n]) => [answerName(key), n]));
  return report;
}

/** An answer's type and, where it has one, its reason, as one number. */
function answerKey(answer: Uint8Array): number {
  const type = answer[0] ?? 0;
  const reasonAt = type === FrameType.Result ? RESULT_REASON : type === FrameType.Challenge || answer.length === 0 ? -1 : 1;
  return (answer.length === 0 ? 0 : type << 8) | (reasonAt < 0 ? 0xff : answer[reasonAt]!);
}

function answerName(key: number): string {
  const type = key >> 8;
  if (type === 0) return 'none';
  const name = FrameType[type] ?? `0x${type.toString(16)}`;
  return (key & 0xff) === 0xff ? name : `${name} ${Reason[key & 0xff] ?? key & 0xff}`;
}
