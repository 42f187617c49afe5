/**
 * The cryptographic work of one authentication as the firmware reports it (hal.work), which the
 * modelled time and energy are made of: the nonce generator seeds from a constant keystream and
 * leaves the Update after the challenge nonce to a next request (assembly/crypto/ctr-drbg.ts).
 */
import { describe, expect, it } from 'vitest';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames } from '../../bench/suites/decision-keys.js';
import { createDecisionSite } from '../../bench/suites/decision-site.js';
import { DOORS } from '../../bench/suites/decision-site-plan.js';
import { authenticationCost, totalOf } from '../../bench/suites/modeled-counts.js';

/** The budget of one authentication, power-up to RESULT: AES blocks and key expansions. */
const MOST_AES_BLOCKS = 20;
const MOST_KEY_EXPANSIONS = 2;

describe('one authentication of a resident key', () => {
  const seed = 'authentication work test';
  const site = createDecisionSite(seed, { entries: 500, profileName: 'reference-m0plus' }, { countPages: true });
  const residents = residentKeys(site.management, seed).slice(0, 4);
  const keys = withAuthFrames(residents, site.tenantSecret, challengeNonceAfterPowerUp(site.locks.wasm.dwelling.lock, residents[0]!.hello));

  it.each(DOORS)('should seed the generator with one key expansion and no AES block, and draw the nonce with one AES block, at the %s door', (door) => {
    for (const key of keys) {
      const cost = authenticationCost(site.locks.wasm[door], key, door);
      expect(cost.powerUp).toMatchObject({ aesBlocks: 0, keyExpansions: 1 });
      expect(cost.hello).toMatchObject({ aesBlocks: 1, keyExpansions: 0 });
    }
  });

  it.each(DOORS)(`should spend at most ${MOST_AES_BLOCKS} AES blocks and ${MOST_KEY_EXPANSIONS} key expansions in all at the %s door`, (door) => {
    for (const key of keys) {
      const total = totalOf(authenticationCost(site.locks.wasm[door], key, door));
      expect(total.aesBlocks).toBeLessThanOrEqual(MOST_AES_BLOCKS);
      expect(total.keyExpansions).toBeLessThanOrEqual(MOST_KEY_EXPANSIONS);
    }
  });
});
