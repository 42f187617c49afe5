/** The modelled suite's reading of the firmware's work report and of its NVM writes. */
import { describe, expect, it } from 'vitest';
import { WorkOp } from '../../firmware/abi.js';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames } from '../../bench/suites/decision-keys.js';
import { createDecisionSite } from '../../bench/suites/decision-site.js';
import { DOORS } from '../../bench/suites/decision-site-plan.js';
import { authenticationCost, totalOf } from '../../bench/suites/modeled-counts.js';

describe('authenticationCost', () => {
  const seed = 'modeled counts test';
  const site = createDecisionSite(seed, { entries: 500, profileName: 'reference-m0plus' }, { countPages: true });
  const residents = residentKeys(site.management, seed).slice(0, 4);
  const keys = withAuthFrames(residents, site.tenantSecret, challengeNonceAfterPowerUp(site.locks.wasm.dwelling.lock, residents[0]!.hello));

  it.each(DOORS)('should split the whole authentication at the %s door into phases that add up to what the work meter counted', (door) => {
    const { work } = site.locks.wasm[door];
    for (const key of keys) {
      const before = { aes: work.count(WorkOp.AesBlock), expansions: work.count(WorkOp.AesKeyExpansion), cycles: work.cycles };
      const total = totalOf(authenticationCost(site.locks.wasm[door], key, door));
      expect(total).toEqual({ aesBlocks: work.count(WorkOp.AesBlock) - before.aes, keyExpansions: work.count(WorkOp.AesKeyExpansion) - before.expansions, cycles: work.cycles - before.cycles });
    }
  });

  it('should count the nonce generator\'s seeding in the power-up phase and its draw for the CHALLENGE in the HELLO phase', () => {
    const cost = authenticationCost(site.locks.wasm.dwelling, keys[0]!, 'dwelling');
    expect(cost.powerUp.keyExpansions).toBeGreaterThan(0);
    expect(cost.hello.aesBlocks).toBeGreaterThan(0);
  });

  it('should count no page written by a grant with the log off', () => {
    for (const key of keys) expect(authenticationCost(site.locks.wasm.dwelling, key, 'dwelling').pagesWritten).toBe(0);
  });

  it('should refuse locks made without a page-counting NVM', () => {
    const plain = createDecisionSite(seed, { entries: 500, profileName: 'reference-m0plus' });
    expect(() => authenticationCost(plain.locks.wasm.dwelling, keys[0]!, 'dwelling')).toThrow(/page-counting NVM/);
  });
});

describe('the decision site\'s dwelling door', () => {
  it('should hold its tenant\'s T current after the setup: the very first timed grant writes no page with the log off (PROTOCOL.md §4.2)', () => {
    const seed = 'fresh site';
    const site = createDecisionSite(seed, { entries: 500, profileName: 'reference-m0plus' }, { countPages: true });
    const residents = residentKeys(site.management, seed).slice(0, 1);
    const [first] = withAuthFrames(residents, site.tenantSecret, challengeNonceAfterPowerUp(site.locks.wasm.dwelling.lock, residents[0]!.hello));
    expect(authenticationCost(site.locks.wasm.dwelling, first!, 'dwelling').pagesWritten).toBe(0);
  });
});
