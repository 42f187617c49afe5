/**
 * Before any timing: for every key at every door, each implementation's first decision after a
 * power-up is a grant whose RESULT verifies under the key's K_key, the RESULT is byte-identical
 * across implementations (same entropy, same frames: test/protocol/differential.property.test.ts),
 * and the session writes no NVM, so every timed session does the same work as the first.
 */
import { isDeepStrictEqual } from 'node:util';
import { Reason } from '../../firmware/abi.js';
import { FrameType } from '../../firmware/protocol.js';
import { decodeResult } from '../../host/protocol/frames/result.js';
import type { ResidentKeyFrames } from './decision-keys.js';
import { lockTargets, type DecisionLocks } from './decision-locks.js';
import { LOCK_REQUESTS } from './decision-site-plan.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function checkDecisions(locks: DecisionLocks, keys: readonly ResidentKeyFrames[], lockNonce: Uint8Array): void {
  const expected = new Map<string, string>();
  for (const { implementation, door, lock, nvmState } of lockTargets(locks)) {
    const before = nvmState();
    for (const key of keys) {
      const where = `${implementation} ${door} door, key ${key.keyId}`;
      lock.powerUp();
      lock.receive(key.hello);
      const result = lock.receive(key.auth[door]);
      if (result[0] === FrameType.Error) throw new Error(`${where}: ERROR ${Reason[result[1]!] ?? result[1]}`);
      const binding = { lockId: LOCK_REQUESTS[door].lockId, lockNonce, keyNonce: key.keyNonce };
      const decoded = decodeResult(result, binding, key.kKey);
      if (!decoded.granted) throw new Error(`${where}: refused with reason ${decoded.reason}`);
      const name = `${door} ${key.keyId}`;
      const first = expected.get(name) ?? hex(result);
      if (hex(result) !== first) throw new Error(`${where}: RESULT ${hex(result)} differs from the firmware's ${first}`);
      expected.set(name, first);
    }
    if (!isDeepStrictEqual(nvmState(), before)) throw new Error(`${implementation} ${door} door: a decision wrote NVM`);
  }
}
