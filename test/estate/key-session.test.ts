/**
 * The estate's key side (sim/estate/keys/key-session.ts) runs the protocol of the key side the
 * project already has (host/keys/key-device.ts): fed the same nonces, at identical locks, the two
 * send and receive the same frames, byte for byte, through a tenant change, proofs, deltas,
 * vouchers, enrolment and a consent token.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { Command } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { EstateKey } from '../../sim/estate/keys/estate-key.js';
import { runSession, SessionScratch, type CommandRequest } from '../../sim/estate/keys/key-session.js';
import { SessionRecord } from '../../sim/estate/keys/session-record.js';
import { CounterEntropy } from '../../sim/estate/lock/counter-entropy.js';
import type { LockPort } from '../../sim/estate/lock/lock-port.js';
import { referenceProfile } from '../support/firmware.js';
import { COMMON_LOCK, DWELLING_ID, PRIVATE_LOCK, testManagement, TEST_MARK_DAY } from '../support/site.js';

const MINUTES_PER_DAY = 1440;

/** A provisioned lock whose power-ups draw from CounterEntropy(seed). */
function lock(request: typeof COMMON_LOCK, seed: number): FirmwareLock {
  const image = loadImage('release');
  const target = new FirmwareLock(image, createBenchDevices({ image, profile: referenceProfile, entropy: new CounterEntropy(seed) }));
  target.powerUp();
  expect(target.provision(testManagement().makeProvisioningRecord({ ...request, profile: referenceProfile }))).toBe(Reason.Ok);
  return target;
}

/** A LockPort over a LockTarget that keeps every frame, as KeyDevice's outcome lists them. */
function recordingPort(target: LockTarget, frames: string[]): LockPort {
  const toLock = new Uint8Array(256);
  const fromLock = new Uint8Array(256);
  return {
    toLock,
    fromLock,
    powerUp: () => target.powerUp(),
    exchange(length) {
      const frame = toLock.slice(0, length);
      const answer = target.receive(frame);
      frames.push(Buffer.from(frame).toString('hex'), Buffer.from(answer).toString('hex'));
      fromLock.set(answer);
      return answer.length;
    },
  };
}

describe("the estate key's session", () => {
  it('should exchange the same frames as host/keys/key-device.ts at identical locks', () => {
    const management = testManagement();
    const day = TEST_MARK_DAY + 3;
    const credential = (keyId: number, role: Role) =>
      management.issueCredential({ role, keyId, dwellingId: role === Role.Contractor ? 0 : DWELLING_ID, generation: 1, validFromMinutes: TEST_MARK_DAY * MINUTES_PER_DAY, validUntilMinutes: (day + 400) * MINUTES_PER_DAY, issuedAtMinutes: day * MINUTES_PER_DAY + 600, groups: [10, DWELLING_ID] });
    const delta = management.issueBlocklistDelta([{ op: 'add', keyId: 999_000_001, retireDay: day + 500 }]);
    const ids = { tenant: 100_010_101, second: 100_010_102, contractor: 300_000_001 };

    // The reference side: KeyDevice at its own pair of locks.
    const reference = { common: lock(COMMON_LOCK, 7), dwelling: lock(PRIVATE_LOCK, 8) };
    const device = (keyId: number, role: Role) => new KeyDevice({ keyId, kKey: management.keyKeyFor(keyId), credential: credential(keyId, role), entropy: new CounterEntropy(keyId) });
    const tenant = device(ids.tenant, Role.Resident);
    const second = device(ids.second, Role.Resident);
    const contractor = device(ids.contractor, Role.Contractor);
    tenant.carryDelta(delta);
    const expected: string[] = [];
    const keep = (outcome: ReturnType<KeyDevice['insert']>) => outcome.frames.forEach((frame) => expected.push(Buffer.from(frame.bytes).toString('hex')));
    keep(tenant.insert(reference.dwelling)); // tenant change: T enclosed
    keep(tenant.insert(reference.dwelling, { commands: [{ command: Command.Enrol, argument: ids.second }] }));
    keep(second.insert(reference.dwelling)); // enrolment: T enclosed
    keep(tenant.insert(reference.common)); // carries the delta, shows its voucher
    contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK.lockId, ids.contractor, day * MINUTES_PER_DAY, (day + 2) * MINUTES_PER_DAY, 0));
    keep(contractor.insert(reference.dwelling));
    keep(second.insert(reference.common));

    // The estate side: EstateKey sessions at a second, identical pair.
    const estate = { common: lock(COMMON_LOCK, 7), dwelling: lock(PRIVATE_LOCK, 8) };
    const actual: string[] = [];
    const port = { common: recordingPort(estate.common, actual), dwelling: recordingPort(estate.dwelling, actual) };
    const key = (keyId: number, role: Role) => new EstateKey(keyId, 'physical', management.keyKeyFor(keyId), credential(keyId, role), keyId);
    const keys = { tenant: key(ids.tenant, Role.Resident), second: key(ids.second, Role.Resident), contractor: key(ids.contractor, Role.Contractor) };
    const book = { frames: [delta] };
    keys.tenant.loadDeltas(1, 16);
    const record = new SessionRecord();
    const scratch = new SessionScratch();
    const session = (which: EstateKey, at: LockPort, commands: CommandRequest[] = []) => {
      runSession(which, at, book, scratch, record, commands);
      which.keep(record);
      return record;
    };
    expect(session(keys.tenant, port.dwelling).tenantSecret).not.toBeNull();
    expect(session(keys.tenant, port.dwelling, [{ command: Command.Enrol, argument: ids.second }]).commands).toEqual([{ command: Command.Enrol, argument: ids.second, reason: Reason.Ok, value: 1 }]);
    expect(session(keys.second, port.dwelling).tenantSecret).not.toBeNull();
    expect(session(keys.tenant, port.common).deltasApplied).toBe(1);
    keys.contractor.consent.set(PRIVATE_LOCK.lockId, keys.tenant.makeConsentToken(PRIVATE_LOCK.lockId, ids.contractor, day * MINUTES_PER_DAY, (day + 2) * MINUTES_PER_DAY, 0));
    expect(session(keys.contractor, port.dwelling).granted).toBe(true);
    expect(session(keys.second, port.common).granted).toBe(true);

    expect(actual).toEqual(expected);
  });

  it('should take a RESULT whose MAC does not verify as a refusal, not as a grant', () => {
    const management = testManagement();
    const target = lock(COMMON_LOCK, 3);
    const keyId = 100_010_101;
    const issued = management.issueCredential({ role: Role.Resident, keyId, dwellingId: DWELLING_ID, generation: 1, validFromMinutes: TEST_MARK_DAY * MINUTES_PER_DAY, validUntilMinutes: (TEST_MARK_DAY + 30) * MINUTES_PER_DAY, issuedAtMinutes: TEST_MARK_DAY * MINUTES_PER_DAY, groups: [10] });
    // The key holds the wrong K_key: the lock's RESULT MAC (under the right one) cannot verify.
    const key = new EstateKey(keyId, 'physical', management.keyKeyFor(keyId + 1), issued, 1);
    const record = new SessionRecord();
    runSession(key, recordingPort(target, []), { frames: [] }, new SessionScratch(), record);
    expect(record.granted).toBe(false);
    expect(record.reason).toBe(Reason.BadKeyMac);
  });
});
