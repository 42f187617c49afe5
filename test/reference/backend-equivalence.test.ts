/**
 * The two crypto backends (noble, node:crypto) under the same entropy exchange identical frames
 * and leave identical lock state: the same scenario, byte for byte.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { Role } from '../../firmware/abi.js';
import { nobleBackend, nodeBackend, type CryptoBackend } from '../../host/protocol/crypto-backend.js';
import { DWELLING_A, makeSite, minutesAt, PRIVATE_LOCK_ID, START_DAY } from '../conformance/fixture.js';
import { referenceLockFactory } from '../conformance/targets.js';

/** Every frame of a scenario that touches each part of the protocol, as hex, and the locks' state. */
function runScenario(backend: CryptoBackend) {
  const site = makeSite({ makeLock: referenceLockFactory(backend), backend, seed: 'equivalence' });
  const tenant = site.makeKey({ keyId: 1, generation: 1, issuedAtMinutes: minutesAt(START_DAY + 2, 77) });
  const contractor = site.makeKey({ keyId: 2, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
  const blocked = site.makeKey({ keyId: 3 });
  const oldTenant = site.makeKey({ keyId: 4, generation: 0 });
  const emergency = site.makeKey({ keyId: 5, role: Role.Emergency, dwellingId: 0 });
  blocked.carryDelta(site.management.issueBlocklistDelta([{ op: 'add', keyId: 3, retireDay: START_DAY + 40 }]));

  const outcomes = [
    tenant.insert(site.privateLock),
    tenant.insert(site.commonLock),
    tenant.insert(site.privateLock),
    oldTenant.insert(site.privateLock),
    contractor.insert(site.privateLock),
  ];
  contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 2, minutesAt(START_DAY), minutesAt(START_DAY + 9), 0));
  outcomes.push(
    contractor.insert(site.privateLock),
    blocked.insert(site.commonLock),
    emergency.insert(site.privateLock),
    oldTenant.insert(site.commonLock),
  );
  return {
    frames: outcomes.flatMap((outcome) => outcome.frames.map((frame) => `${frame.direction} ${bytesToHex(frame.bytes)}`)),
    decisions: outcomes.map((outcome) => `${outcome.decision} ${outcome.reason}`),
    commonLock: site.commonLock.persistentState(),
    privateLock: site.privateLock.persistentState(),
  };
}

describe('noble and node:crypto backends', () => {
  it('should exchange identical frames and leave identical state for the same entropy', () => {
    const noble = runScenario(nobleBackend);
    const node = runScenario(nodeBackend);
    expect(node.frames).toEqual(noble.frames);
    expect(node.decisions).toEqual(noble.decisions);
    expect(node.commonLock).toEqual(noble.commonLock);
    expect(node.privateLock).toEqual(noble.privateLock);
    expect(new Set(noble.decisions).size).toBeGreaterThan(3);
  });
});
