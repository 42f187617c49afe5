/**
 * One cut: the update made again on its NVM before, the power cut at a cut point, the NVM decoded
 * after the reboot, and the verdict (STORAGE.md, "The power-cut campaign"). A cut at write w may
 * leave the state before w or the state after it (a write that tears reads as not made, or, when
 * its bytes happen to come out right, as made):
 *
 * - corrupted: the state is none of the states the update passes through up to write w (a mix),
 *   or no state can be read at all, or something the update keeps is damaged (a committed log
 *   entry whose bytes changed);
 * - rolledBack: a version or a count is below its value before the update;
 * - lost: a commit (a write that changed the state) had completed before the cut, yet the state
 *   is neither the one before write w nor the one after it.
 *
 * Then one session on the rebooted lock, which must answer (unanswered: why it did not).
 */
import { isDeepStrictEqual } from 'node:util';
import type { CutPoint } from '../tear.js';
import { NvmPowerCut, TornNvm } from '../torn-nvm.js';
import { CampaignError } from './cuttable-update.js';
import type { LearnedUpdate } from './learn-update.js';

export interface CutVerdict {
  point: CutPoint;
  /** The NVM address of the byte at the cut. */
  address: number;
  corrupted: boolean;
  /** The versions and counts that went back. */
  rolledBack: string[];
  /** What the update keeps that the state holds otherwise (a committed log entry changed). */
  damaged: string[];
  lost: boolean;
  /** Why the NVM could not be read, when it could not. */
  undecodable?: string;
  /** Why the session after the reboot went wrong, when it did. */
  unanswered?: string;
}

export function runCut<S>(learned: LearnedUpdate<S>, point: CutPoint, seed: string | number): CutVerdict {
  const { update } = learned;
  const nvm = new TornNvm(update.geometry, { image: update.before, cut: point, seed });
  try {
    update.perform(nvm);
  } catch (error) {
    if (!(error instanceof NvmPowerCut)) throw new CampaignError(`${update.name}: the run to be cut at byte ${point.byte} of write ${point.write} failed first: ${String(error)}`, { cause: error });
  }
  if (!nvm.tear) throw new CampaignError(`${update.name}: the run ended before write ${point.write}, which its clean run made (the update is not deterministic)`);
  nvm.powerOn();
  const { verdict, state } = judge(learned, point, nvm.bytes);
  const problem = update.sessionAfterReboot?.(nvm, verdict.corrupted ? undefined : state);
  return { ...verdict, address: nvm.tear.address + point.byte, ...(problem === undefined ? {} : { unanswered: problem }) };
}

function judge<S>(learned: LearnedUpdate<S>, point: CutPoint, image: Uint8Array): { verdict: Omit<CutVerdict, 'address'>; state?: S } {
  const { update, before, after, states } = learned;
  const cutWrite = point.write;
  const commitDone = learned.commitWrites.some((write) => write < cutWrite);
  let state: S;
  try {
    state = update.decode(image);
  } catch (error) {
    return { verdict: { point, corrupted: true, rolledBack: [], damaged: [], lost: commitDone, undecodable: error instanceof Error ? error.message : String(error) } };
  }
  const is = (candidate: S) => isDeepStrictEqual(state, candidate);
  const passedThrough = [before, ...states.slice(0, cutWrite + 1)];
  const beforeCutWrite = cutWrite === 0 ? before : states[cutWrite - 1]!;
  const damaged = update.damaged?.(before, after, state) ?? [];
  const verdict = {
    point,
    corrupted: !passedThrough.some(is) || damaged.length > 0,
    rolledBack: update.rolledBack(before, state),
    damaged,
    lost: commitDone && !is(beforeCutWrite) && !is(states[cutWrite]!),
  };
  return { verdict, state };
}
