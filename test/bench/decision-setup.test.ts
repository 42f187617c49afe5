/** The decision suite's set-up: locks filled alike whichever way their list came, copies that answer as their source. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { issueBlocklistDeltas } from '../../bench/suites/decision-blocklist.js';
import { challengeNonceAfterPowerUp, residentCredential, residentKeys, withAuthFrames } from '../../bench/suites/decision-keys.js';
import { createDecisionSite } from '../../bench/suites/decision-site.js';
import { BLOCKED_RETIRE_DAY, DOORS, FIRST_RESIDENT_KEY_ID, LOCK_REQUESTS, SITE_ID, SITE_KEY, type BlocklistPlan } from '../../bench/suites/decision-site-plan.js';
import { presetReferenceBlocklist } from '../../bench/suites/reference-blocklist.js';
import type { DeltaEntry } from '../../host/protocol/frames/delta.js';

const profile = loadProfileByName('reference-m0plus');

function commonReferenceLock(management: ManagementSystem): ReferenceLock {
  const lock = new ReferenceLock({ entropy: new SeededEntropy('reference lock'), backend: nobleBackend });
  lock.powerUp();
  expect(lock.provision(management.makeProvisioningRecord({ ...LOCK_REQUESTS.common, profile }))).toBe(Reason.Ok);
  return lock;
}

describe('presetReferenceBlocklist', () => {
  it('should leave the reference lock holding the list and version that sending the same deltas leaves', () => {
    const keyIds = fc.uniqueArray(fc.integer({ min: 1, max: FIRST_RESIDENT_KEY_ID - 1 }), { minLength: 1, maxLength: 70 });
    fc.assert(
      fc.property(keyIds, (ids) => {
        const management = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID });
        const entries: DeltaEntry[] = ids.map((keyId) => ({ op: 'add', keyId, retireDay: BLOCKED_RETIRE_DAY }));
        const deltas = issueBlocklistDeltas(management, entries);
        const sent = commonReferenceLock(management);
        const key = new KeyDevice({ keyId: FIRST_RESIDENT_KEY_ID, kKey: management.keyKeyFor(FIRST_RESIDENT_KEY_ID), credential: residentCredential(management, FIRST_RESIDENT_KEY_ID), entropy: new SeededEntropy('key') });
        for (const delta of deltas) key.carryDelta(delta);
        expect(key.insert(sent).decision).toBe('grant');
        const preset = commonReferenceLock(management);
        presetReferenceBlocklist(preset, entries, deltas.length);
        const [held, expected] = [preset.persistentState()!, sent.persistentState()!];
        expect(held.blocklist).toEqual(expected.blocklist);
        expect(held.blocklistVersion).toBe(expected.blocklistVersion);
      }),
      { numRuns: 25 },
    );
  });

  it('should refuse a lock that is not provisioned', () => {
    const lock = new ReferenceLock({ entropy: new SeededEntropy('unprovisioned'), backend: nobleBackend });
    expect(() => presetReferenceBlocklist(lock, [{ op: 'add', keyId: 1, retireDay: BLOCKED_RETIRE_DAY }], 1)).toThrow(/not provisioned/);
  });
});

describe('createDecisionSite', () => {
  const plan: BlocklistPlan = { entries: 500, profileName: 'reference-m0plus' };
  const seed = 'decision setup test';

  it('should give firmware doors copied from another site the same answer to every key, byte for byte', () => {
    const source = createDecisionSite(seed, plan);
    const copy = createDecisionSite(seed, plan, { firmwareFrom: source });
    expect(Buffer.from(copy.tenantSecret).equals(Buffer.from(source.tenantSecret))).toBe(true);
    const residents = residentKeys(source.management, seed).slice(0, 8);
    const nonce = challengeNonceAfterPowerUp(source.locks.wasm.dwelling.lock, residents[0]!.hello);
    const keys = withAuthFrames(residents, source.tenantSecret, nonce);
    for (const door of DOORS) {
      for (const key of keys) {
        const answer = (site: typeof source) => {
          const { lock } = site.locks.wasm[door];
          lock.powerUp();
          lock.receive(key.hello);
          return Buffer.from(lock.receive(key.auth[door])).toString('hex');
        };
        expect(answer(copy)).toBe(answer(source));
      }
    }
  });

  it('should refuse to copy the firmware doors of a site of another plan', () => {
    const source = createDecisionSite(seed, plan);
    expect(() => createDecisionSite(seed, { entries: 3_000, profileName: 'reference-m0plus' }, { firmwareFrom: source })).toThrow(/same plan/);
  });
});
