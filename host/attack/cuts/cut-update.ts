/**
 * An update an attacker interrupts by cutting the power (pulling the key, moving the phone away):
 * the sessions that lead up to it run once on a lock over plain NVM, then the update is recorded on
 * a fresh lock, and each cut replays it on a fresh lock over the NVM as it was before, as
 * host/storage's power-cut campaign does (docs/STORAGE.md, "The power-cut campaign"). Its cut
 * points: every page of every write, at the write's first and last byte in it, in both tear modes
 * (page-cut-points.ts), then two more after the last write: the power fails at the release, and
 * the answer never reaches the key.
 *
 * After each cut the lock boots again on what the cut left, and the attack looks at it.
 */
import { isDeepStrictEqual } from 'node:util';
import type { NvmPort } from '../../firmware/hal-devices.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { PowerCut } from '../../power/power-rail.js';
import { learnUpdate, type LearnedUpdate } from '../../storage/campaign/learn-update.js';
import { lockRolledBack } from '../../storage/campaign/lock-rollback.js';
import { RecordingLock, replayCalls } from '../../storage/campaign/recorded-lock.js';
import type { CuttableUpdate } from '../../storage/campaign/cuttable-update.js';
import { nvmGeometry } from '../../storage/nvm-geometry.js';
import { decodeNvmImage, type LockImage } from '../../storage/nvm-image.js';
import { NvmPowerCut, TornNvm } from '../../storage/torn-nvm.js';
import type { AttackLock, AttackSite, LockSpec } from '../attack-site.js';
import { pageCutPoints } from './page-cut-points.js';

/** What the reboot found, for the attack to judge. */
export interface CutObservation {
  /** Where the power failed. */
  where: string;
  /** The NVM holds the state before the update or the one after it, and nothing went back. */
  intact: boolean;
  /** The NVM holds the state after the update: its commit was made. */
  committed: boolean;
  /** Releases of the cylinder in the interrupted run. */
  releases: number;
}

/** The attack's verdict on one cut: whether it got what it wanted, and what happened instead. */
export interface CutJudgement {
  achieved: boolean;
  label: string;
}

export interface CutUpdateSpec {
  site: AttackSite;
  name: string;
  door: LockSpec;
  /** The sessions before the update, on `lock`; returns the update, made by the same keys at the lock given. */
  prepare(lock: AttackLock): (lock: LockTarget) => void;
  /** The rebooted lock after a cut (not yet powered up): the attack's verdict. */
  judge(lock: AttackLock, observation: CutObservation): CutJudgement;
}

export interface CutResult extends CutObservation, CutJudgement {}

export interface CutReport {
  /** Writes of the update's clean run. */
  writes: number;
  /** Releases of the update's clean run. */
  releases: number;
  cuts: CutResult[];
}

export function cutUpdate(spec: CutUpdateSpec): CutReport {
  const { site, name, door } = spec;
  const seed = `${site.context.seed} ${name}`;
  const geometry = nvmGeometry(site.context.profile);
  const prepared = new TornNvm(geometry);
  const makeUpdate = spec.prepare(site.makeLock(door, { nvm: prepared, entropySeed: `${seed} before` }));
  const before = prepared.bytes.slice();

  const updateSeed = `${seed} update`;
  const recorded = site.attachLock(door.lockId, new TornNvm(geometry, { image: before }), updateSeed);
  const recorder = new RecordingLock(recorded.target);
  makeUpdate(recorder);
  const calls = recorder.calls;
  const cleanReleases = recorded.releases();

  let lastRun: AttackLock | undefined;
  const perform = (nvm: NvmPort, options: { cutAtRelease?: boolean } = {}) => {
    lastRun = site.attachLock(door.lockId, nvm, updateSeed, options);
    replayCalls(calls, lastRun.target, name);
  };
  const results: CutResult[] = [];
  let learned: LearnedUpdate<LockImage> | undefined;
  let cut: { where: string; commitDone: boolean; write?: number } = { where: '', commitDone: false };
  /**
   * The reboot after a cut: the state judged as the campaign judges it (run-cut.ts), then by the
   * attack. Intact: the state before, or the one a commit completed before the cut made (an update
   * may commit more than once: STORAGE.md, "How each update is made"), or the cut write's own.
   */
  const observe = (nvm: TornNvm): CutResult => {
    const { before: stateBefore, after: stateAfter, states, commitWrites } = learned!;
    const state = decodeOrNull(nvm.bytes);
    const committed = state !== null && isDeepStrictEqual(state, stateAfter);
    const lastDone = cut.write === undefined ? undefined : commitWrites.filter((write) => write < cut.write!).at(-1);
    const settled = lastDone === undefined ? stateBefore : states[lastDone]!;
    const between = state !== null && cut.write !== undefined && (isDeepStrictEqual(state, settled) || isDeepStrictEqual(state, states[cut.write]));
    const intact = state !== null && (committed || between || (cut.write === undefined && isDeepStrictEqual(state, stateBefore))) && lockRolledBack(stateBefore, state).length === 0 && !(cut.commitDone && !committed);
    const observation = { where: cut.where, intact, committed, releases: lastRun?.releases() ?? 0 };
    return { ...observation, ...spec.judge(site.attachLock(door.lockId, nvm, `${seed} after reboot`), observation) };
  };
  const update: CuttableUpdate<LockImage> = {
    name,
    geometry,
    before,
    perform: (nvm) => perform(nvm),
    decode: decodeNvmImage,
    rolledBack: lockRolledBack,
  };
  learned = learnUpdate(update);
  for (const point of pageCutPoints(learned.writes, geometry)) {
    // As run-cut.ts makes a cut: the update again on its NVM before, torn at the point.
    cut = { where: `byte ${point.byte} of write ${point.write} (${point.mode})`, commitDone: point.write > learned.commitWrite, write: point.write };
    const nvm = new TornNvm(geometry, { image: before, cut: point, seed: site.context.seed });
    try {
      perform(nvm);
    } catch (error) {
      if (!(error instanceof NvmPowerCut)) throw error;
    }
    if (!nvm.tear) throw new Error(`${name}: the replay ended before write ${point.write}, which its clean run made`);
    nvm.powerOn();
    results.push(observe(nvm));
  }
  // After the last write: the power fails at the release (an AUTH's commit precedes it, a COMMAND's
  // follows it), or after the answer was sent (the whole update is made).
  for (const cutAtRelease of [true, false]) {
    cut = { where: cutAtRelease ? 'at the release' : 'after the answer, which the key never receives', commitDone: !cutAtRelease };
    const nvm = new TornNvm(geometry, { image: before });
    try {
      perform(nvm, { cutAtRelease });
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
    }
    results.push(observe(nvm));
  }
  return { writes: learned.writes.length, releases: cleanReleases, cuts: results };
}

function decodeOrNull(bytes: Uint8Array): LockImage | null {
  try {
    return decodeNvmImage(bytes);
  } catch {
    return null;
  }
}
