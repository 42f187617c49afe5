/**
 * The on-device cost of authentications as the firmware reports it through the HAL: its work
 * (hal.work: AES blocks, key expansions, boot; cycles from the profile) read from the work meter
 * around each phase, and the NVM pages its writes program, read from a page-counting NVM.
 */
import { WorkOp } from '../../firmware/abi.js';
import { RESULT_DECISION } from '../../firmware/protocol.js';
import type { WorkCounts } from '../types.js';
import type { ResidentKeyFrames } from './decision-keys.js';
import type { FirmwareDoor } from './decision-locks.js';
import { DECISION_GRANT } from './decision-ops.js';
import type { Door } from './decision-site-plan.js';

export interface AuthenticationCost {
  powerUp: WorkCounts;
  hello: WorkCounts;
  auth: WorkCounts;
  /** NVM pages the whole session programmed. */
  pagesWritten: number;
}

interface Reading {
  aesBlocks: number;
  keyExpansions: number;
  cycles: number;
  pages: number;
}

function read(door: FirmwareDoor): Reading {
  const { work, pages } = door;
  if (!pages) throw new Error('the modelled locks need a page-counting NVM (createDecisionLocks countPages)');
  return { aesBlocks: work.count(WorkOp.AesBlock), keyExpansions: work.count(WorkOp.AesKeyExpansion), cycles: work.cycles, pages: pages.pagesWritten };
}

const between = (before: Reading, after: Reading): WorkCounts => ({
  aesBlocks: after.aesBlocks - before.aesBlocks,
  keyExpansions: after.keyExpansions - before.keyExpansions,
  cycles: after.cycles - before.cycles,
});

/** One authentication of `key` at `door`: power-up, HELLO → CHALLENGE, AUTH → RESULT; throws unless granted. */
export function authenticationCost(firmwareDoor: FirmwareDoor, key: ResidentKeyFrames, door: Door): AuthenticationCost {
  const { lock } = firmwareDoor;
  const start = read(firmwareDoor);
  lock.powerUp();
  const booted = read(firmwareDoor);
  lock.receive(key.hello);
  const challenged = read(firmwareDoor);
  const result = lock.receive(key.auth[door]);
  const decided = read(firmwareDoor);
  if (result[RESULT_DECISION] !== DECISION_GRANT) throw new Error(`key ${key.keyId} at the ${door} door: not granted (answer ${Buffer.from(result).toString('hex')})`);
  return { powerUp: between(start, booted), hello: between(booted, challenged), auth: between(challenged, decided), pagesWritten: decided.pages - start.pages };
}

export const totalOf = (cost: AuthenticationCost): WorkCounts => ({
  aesBlocks: cost.powerUp.aesBlocks + cost.hello.aesBlocks + cost.auth.aesBlocks,
  keyExpansions: cost.powerUp.keyExpansions + cost.hello.keyExpansions + cost.auth.keyExpansions,
  cycles: cost.powerUp.cycles + cost.hello.cycles + cost.auth.cycles,
});
