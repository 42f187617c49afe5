import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const CLI = 'dist/sim/cli/main.js';

describe('cylsim margin', () => {
  it('should find a slowest opening turn slower than the normal turn on every image, for the reference profile', () => {
    const out = JSON.parse(execFileSync('node', [CLI, 'margin', '--profile', 'reference-m0plus', '--json'], { encoding: 'utf8' }));
    expect(out.margins.map((m: { variant: string }) => m.variant)).toEqual(['release', 'release-nolog']);
    for (const margin of out.margins) {
      expect(margin.slowestTurnMs).toBeGreaterThan(300); // the profile's normal quarter turn takes 300 ms
      expect(margin.normalMarginUj).toBeGreaterThan(0);
    }
  });

  it('should refuse a profile that does not exist, naming the ones that do', () => {
    expect(() => execFileSync('node', [CLI, 'margin', '--profile', 'nope'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/reference-m0plus/);
  });
});
