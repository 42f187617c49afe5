/**
 * Profiling aid for the decision the project quotes (resident key, dwelling door, blocklist 3,000,
 * log off), firmware only: `node --expose-gc dist/bench/profile-decision.js [--rounds N]
 * [--image a.wasm]... [--loop-s S | --loop-ops N]`.
 *
 * Each image named (the built release image when none is) runs at its own copy of the same
 * provisioned dwelling door. Rounds alternate between them, and within a round power-up alone and
 * power-up + decision are timed back to back, so a busy machine slows every figure of a round
 * alike. The decision is the difference of the two, per round; the report gives the best round,
 * the median and the spread. `--loop-s` instead runs decisions of the first image for S seconds
 * (for `node --cpu-prof`), `--loop-ops` N decisions (a fixed amount of work). Not part of the
 * suites: the quoted figures come from `--suite decision`.
 */
import { parseArgs } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { DRBG_SEED_BYTES, HalStatus } from '../firmware/abi.js';
import { imageFromBytes, loadImage, type FirmwareImage } from '../host/firmware/image.js';
import { createBenchDevices } from '../host/devices/bench-devices.js';
import { RepeatingEntropy } from '../host/devices/seeded-entropy.js';
import { FirmwareLock } from '../host/lock/firmware-lock.js';
import { loadProfileByName } from '../host/profile/load-profile.js';
import { checkDecisions } from './suites/decision-check.js';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames, type ResidentKeyFrames } from './suites/decision-keys.js';
import { DECISION_GRANT, firmwareDecision, firmwarePowerUp } from './suites/decision-ops.js';
import { createDecisionSite } from './suites/decision-site.js';
import { BLOCKLIST_PLANS, QUOTED_BLOCKLIST_ENTRIES, RESIDENT_KEY_COUNT } from './suites/decision-site-plan.js';

const SEED = 'bench decision';
/** Operations per timed batch: about 1.5 ms of decisions, so two clock reads are noise. */
const BATCH_OPS = 512;
/** Batches per round and per row; the round's figure is the fastest batch (least preempted). */
const BATCHES_PER_ROUND = 8;
/** Warm-up per image before the first round (V8's baseline tier, NOTES-wasm-performance.md pitfall 8). */
const WARMUP_OPS = 100_000;

/** Every decision byte is XORed in (an integer, pitfall 9), so no work is dead. */
let sink = 0;

interface Subject {
  name: string;
  powerUp: () => number;
  decide: (i: number) => number;
}

/** A door of `image` over a byte-for-byte copy of the provisioned door's NVM, seeded alike. */
function subjectFor(name: string, image: FirmwareImage, nvmBytes: Uint8Array, seedBytes: Uint8Array, keys: readonly ResidentKeyFrames[]): Subject {
  const profile = loadProfileByName(BLOCKLIST_PLANS.find((p) => p.entries === QUOTED_BLOCKLIST_ENTRIES)!.profileName);
  const bench = createBenchDevices({ image, profile, entropy: new RepeatingEntropy(seedBytes) });
  bench.nvm.bytes.set(nvmBytes);
  const lock = new FirmwareLock(image, { ...bench, trace: { event: () => undefined }, actuator: { command: () => HalStatus.Ok } });
  const decide = firmwareDecision(lock, keys, 'dwelling');
  if (decide(0) !== DECISION_GRANT) throw new Error(`${name}: the first decision is not a grant`);
  return { name, powerUp: firmwarePowerUp(lock), decide };
}

/** The image at `path`, or a usage error naming it. */
function imageAt(path: string): FirmwareImage {
  try {
    return imageFromBytes(new Uint8Array(readFileSync(path)), 'custom', path);
  } catch (error) {
    process.stderr.write(`--image ${path}: not a WebAssembly image (${(error as Error).message})\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

/** ns per op of the fastest of BATCHES_PER_ROUND batches. */
function time(op: (i: number) => number): number {
  let best = Infinity;
  const mask = RESIDENT_KEY_COUNT - 1;
  for (let b = 0; b < BATCHES_PER_ROUND; b++) {
    const start = performance.now();
    for (let k = 0; k < BATCH_OPS; k++) sink ^= op(k & mask);
    best = Math.min(best, ((performance.now() - start) * 1e6) / BATCH_OPS);
  }
  return best;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const USAGE = `usage: node --expose-gc dist/bench/profile-decision.js [--rounds N] [--image a.wasm]... [--loop-s S | --loop-ops N]
  --rounds N      rounds of timing, alternating between the images (default 15)
  --image path    a firmware image to time (repeatable; default: the built release image)
  --loop-s S      run decisions of the first image for S seconds instead (for node --cpu-prof)
  --loop-ops N    run N decisions of the first image instead`;

/** Exit status for a usage error, as bench/main.ts. */
const EXIT_USAGE = 2;

interface Flags {
  rounds: number;
  images: string[];
  loopS: number | undefined;
  loopOps: number | undefined;
}

/** A positive count from a flag, or a usage error naming the flag. */
function positive(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
  return value;
}

function parseFlags(): Flags {
  try {
    const { values } = parseArgs({
      options: { rounds: { type: 'string', default: '15' }, image: { type: 'string', multiple: true, default: [] }, 'loop-s': { type: 'string' }, 'loop-ops': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });
    for (const path of values.image) if (!existsSync(path)) throw new Error(`--image ${path}: no such file`);
    return { rounds: Math.ceil(positive('rounds', values.rounds)!), images: values.image, loopS: positive('loop-s', values['loop-s']), loopOps: positive('loop-ops', values['loop-ops']) };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

function main(): void {
  const flags = parseFlags();
  const plan = BLOCKLIST_PLANS.find((p) => p.entries === QUOTED_BLOCKLIST_ENTRIES)!;
  const site = createDecisionSite(SEED, plan);
  const door = site.locks.wasm.dwelling;
  const residents = residentKeys(site.management, SEED);
  const lockNonce = challengeNonceAfterPowerUp(door.lock, residents[0]!.hello);
  const keys = withAuthFrames(residents, site.tenantSecret, lockNonce);
  checkDecisions(site.locks, keys, lockNonce, 'off', ({ implementation }) => implementation === 'wasm');

  // The entropy every power-up draws: the bench locks repeat one seed (decision-locks.ts).
  const seedBytes = new Uint8Array(DRBG_SEED_BYTES);
  door.lock.firmware.devices.entropy.fill(seedBytes);
  const images: Array<[string, FirmwareImage]> =
    flags.images.length > 0 ? flags.images.map((path) => [path, imageAt(path)]) : [['release', loadImage('release')]];
  const subjects = images.map(([name, image]) => subjectFor(name, image, door.nvm.bytes, seedBytes, keys));

  if (flags.loopS !== undefined) {
    const { decide } = subjects[0]!;
    const end = performance.now() + flags.loopS * 1000;
    let i = 0;
    while (performance.now() < end) for (let k = 0; k < 1000; k++) sink ^= decide(i++ & (RESIDENT_KEY_COUNT - 1));
    console.log(`${i} decisions (sink ${sink})`);
    return;
  }
  if (flags.loopOps !== undefined) {
    const { decide } = subjects[0]!;
    const ops = flags.loopOps;
    for (let i = 0; i < ops; i++) sink ^= decide(i & (RESIDENT_KEY_COUNT - 1));
    console.log(`${ops} decisions (sink ${sink})`);
    return;
  }

  for (const s of subjects) for (let k = 0; k < WARMUP_OPS; k++) sink ^= s.decide(k & (RESIDENT_KEY_COUNT - 1));
  const { rounds } = flags;
  const figures = subjects.map(() => ({ powerUp: [] as number[], total: [] as number[], decision: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    subjects.forEach((s, n) => {
      (globalThis as { gc?: () => void }).gc?.();
      const powerUp = time(s.powerUp);
      const total = time(s.decide);
      figures[n]!.powerUp.push(powerUp);
      figures[n]!.total.push(total);
      figures[n]!.decision.push(total - powerUp);
    });
  }
  const f = (v: number): string => v.toFixed(0).padStart(6);
  console.log(`${rounds} rounds x ${BATCHES_PER_ROUND} batches x ${BATCH_OPS} ops; ns per op (best / median / worst round)`);
  subjects.forEach((s, n) => {
    const { powerUp, total, decision } = figures[n]!;
    const line = (label: string, v: number[]): string => `  ${label.padEnd(22)} ${f(Math.min(...v))} ${f(median(v))} ${f(Math.max(...v))}`;
    console.log(`${s.name}\n${line('power-up', powerUp)}\n${line('power-up + decision', total)}\n${line('decision (difference)', decision)}`);
  });
}

main();
