/**
 * Before any timing: for every key at every door, each implementation's first decision after a
 * power-up is a grant whose RESULT verifies under the key's K_key, the RESULT is byte-identical
 * across implementations (same entropy, same frames: test/protocol/differential.property.test.ts),
 * and what the session writes is what the log setting allows (DESIGN.md, "What an opening may
 * write"): nothing with the log off, so every timed session does the same work as the first; at
 * least one write with the log on, or the lock does not log and the row would measure nothing.
 */
import { isDeepStrictEqual } from 'node:util';
import { Reason } from '../../firmware/abi.js';
import { FrameType } from '../../firmware/protocol.js';
import { decodeResult } from '../../host/protocol/frames/result.js';
import type { Implementation } from '../types.js';
import type { ResidentKeyFrames } from './decision-keys.js';
import { lockTargets, type DecisionLocks } from './decision-locks.js';
import { LOCK_REQUESTS, type Door, type LogSetting } from './decision-site-plan.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export interface CheckedDoor {
  implementation: Implementation;
  door: Door;
}

/** Checks the doors `include` selects (all by default); throws on the first difference. */
export function checkDecisions(
  locks: DecisionLocks,
  keys: readonly ResidentKeyFrames[],
  lockNonce: Uint8Array,
  log: LogSetting,
  include: (target: CheckedDoor) => boolean = () => true,
): void {
  const expected = new Map<string, string>();
  for (const { implementation, door, lock, nvmState, writeCount } of lockTargets(locks).filter(include)) {
    const where = `${implementation} ${door} door, log ${log}`;
    const stateBefore = nvmState();
    for (const key of keys) {
      const writesBefore = writeCount?.();
      lock.powerUp();
      lock.receive(key.hello);
      const result = lock.receive(key.auth[door]);
      if (result[0] === FrameType.Error) throw new Error(`${where}, key ${key.keyId}: ERROR ${Reason[result[1]!] ?? result[1]}`);
      const binding = { lockId: LOCK_REQUESTS[door].lockId, lockNonce, keyNonce: key.keyNonce };
      const decoded = decodeResult(result, binding, key.kKey);
      if (!decoded.granted) throw new Error(`${where}, key ${key.keyId}: refused with reason ${decoded.reason}`);
      const name = `${door} ${key.keyId}`;
      const first = expected.get(name) ?? hex(result);
      if (hex(result) !== first) throw new Error(`${where}, key ${key.keyId}: RESULT ${hex(result)} differs from the firmware's ${first}`);
      expected.set(name, first);
      if (writesBefore !== undefined) expectWrites(where, log, writeCount!() !== writesBefore);
    }
    // Where writes are not counted one by one (the reference), the state is compared across all sessions.
    if (writeCount === undefined) expectWrites(where, log, !isDeepStrictEqual(nvmState(), stateBefore));
  }
}

function expectWrites(where: string, log: LogSetting, wrote: boolean): void {
  if (log === 'off' && wrote) throw new Error(`${where}: a grant wrote NVM with the log off`);
  if (log === 'on' && !wrote) throw new Error(`${where}: grants wrote nothing with the log on: the lock does not log`);
}
