/**
 * One cut: the update made again on its NVM before, the power cut at a cut point, the NVM decoded
 * after the reboot, and the verdict (STORAGE.md, "The power-cut campaign"):
 *
 * - corrupted: the state is neither the one before the update nor the one after it (a mix), or no
 *   state can be read at all;
 * - rolledBack: a version or a count is below its value before the update;
 * - lost: the update's commit write had completed before the cut, yet the state is not the one after.
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
  const verdict = judge(learned, point, nvm.bytes);
  const problem = update.sessionAfterReboot?.(nvm, !verdict.corrupted);
  return { ...verdict, address: nvm.tear.address + point.byte, ...(problem === undefined ? {} : { unanswered: problem }) };
}

function judge<S>(learned: LearnedUpdate<S>, point: CutPoint, image: Uint8Array): Omit<CutVerdict, 'address'> {
  const commitDone = point.write > learned.commitWrite;
  let state: S;
  try {
    state = learned.update.decode(image);
  } catch (error) {
    return { point, corrupted: true, rolledBack: [], lost: commitDone, undecodable: error instanceof Error ? error.message : String(error) };
  }
  const isAfter = isDeepStrictEqual(state, learned.after);
  return {
    point,
    corrupted: !isAfter && !isDeepStrictEqual(state, learned.before),
    rolledBack: learned.update.rolledBack(learned.before, state),
    lost: commitDone && !isAfter,
  };
}
