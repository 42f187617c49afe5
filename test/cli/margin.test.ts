import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { BuildVariant } from '../../host/firmware/image.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { ISO14443_H_MIN_A_PER_M, distanceForFieldMm } from '../../host/physics/nfc-field.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { phoneOpens } from '../../sim/cli/commands/margin.js';

const CLI = 'dist/sim/cli/main.js';

interface MarginJson {
  distanceResolutionMm: number;
  margins: { profile: string; variant: BuildVariant; slowestTurnMs: number; normalMarginUj: number; farthestPhoneMm: number | null; phoneLimit: 'field' | 'hold' | null; phoneHoldMs: number }[];
}

const margins = (profile: string): MarginJson => JSON.parse(execFileSync('node', [CLI, 'margin', '--profile', profile, '--json'], { encoding: 'utf8' })) as MarginJson;

describe('cylsim margin', () => {
  const reference = margins('reference-m0plus');

  it('should find a slowest opening turn slower than the normal turn on every image, for the reference profile', () => {
    expect(reference.margins.map((m) => m.variant)).toEqual(['release', 'release-nolog']);
    for (const margin of reference.margins) {
      expect(margin.slowestTurnMs).toBeGreaterThan(300); // the profile's normal quarter turn takes 300 ms
      expect(margin.normalMarginUj).toBeGreaterThan(0);
    }
  });

  it('should find the farthest phone that opens: it opens there, and not one resolution beyond, nor 1 mm beyond', () => {
    const profile = loadProfileByName('reference-m0plus');
    const step = reference.distanceResolutionMm;
    for (const margin of reference.margins) {
      const farthest = margin.farthestPhoneMm!;
      expect(margin.phoneLimit).toBe('hold'); // the capacitor charges too slowly beyond it within the hold
      expect(margin.phoneHoldMs).toBe(profile.nfc.phoneHoldMs.value);
      expect(phoneOpens(profile, margin.variant, farthest)).toBe(true);
      expect(phoneOpens(profile, margin.variant, farthest + step)).toBe(false);
      expect(phoneOpens(profile, margin.variant, farthest + 1)).toBe(false);
    }
  });

  it('should stop at the reach of the field where the lock opens as far as it harvests (low-energy)', () => {
    const profile = loadProfileByName('low-energy');
    const rangeMm = distanceForFieldMm(physicsFigures(profile).phone, ISO14443_H_MIN_A_PER_M);
    for (const margin of margins('low-energy').margins) {
      expect(margin.phoneLimit).toBe('field');
      expect(margin.farthestPhoneMm).toBeCloseTo(rangeMm, 9);
      expect(phoneOpens(profile, margin.variant, margin.farthestPhoneMm!)).toBe(true);
      expect(phoneOpens(profile, margin.variant, margin.farthestPhoneMm! + 1)).toBe(false);
    }
  });

  it('should refuse a profile that does not exist, naming the ones that do', () => {
    expect(() => execFileSync('node', [CLI, 'margin', '--profile', 'nope'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/reference-m0plus/);
  });
});
