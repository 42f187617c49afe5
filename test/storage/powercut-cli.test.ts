/** `cylsim powercut`, as a user runs it (the built CLI in dist/). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';
import { campaignFailed } from '../../host/storage/campaign/run-campaign.js';

function cylsim(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), 'powercut', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cylsim powercut', () => {
  it('should print the campaign as JSON: the totals, and per update its writes, cut points and findings', () => {
    const { code, stdout } = cylsim('--update', 'time mark', 'consent epoch', '--json');
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ profile: 'reference-m0plus', updates: 2, cutPoints: 2 * 2 * 104, corrupted: 0, rolledBack: 0, lost: 0, unanswered: 0 });
    expect(report.byUpdate.map((update: { update: string; writes: number; cutPoints: number }) => [update.update, update.writes, update.cutPoints])).toEqual([
      ['time mark', 1, 208],
      ['consent epoch', 1, 208],
    ]);
    expect(code).toBe(0);
  });

  it("should cut the log's and the counter's updates by name, and report each commit of a two-step one", () => {
    const { code, stdout } = cylsim('--update', 'failed MAC counted', 'read-out', '--json');
    const report = JSON.parse(stdout);
    // An 8-byte counter cell; a read-out's two 64-byte page copies, each a commit.
    expect(report).toMatchObject({ updates: 2, cutPoints: 2 * 8 + 2 * 2 * 64, corrupted: 0, rolledBack: 0, lost: 0, unanswered: 0 });
    expect(report.byUpdate.map((update: { update: string; commitWrites: number[] }) => [update.update, update.commitWrites])).toEqual([
      ['read-out', [0, 1]],
      ['failed MAC counted', [0]],
    ]);
    expect(code).toBe(0);
  });

  it('should print a line per update and the totals', () => {
    const { code, stdout } = cylsim('--update', 'emergency opening', '--seed', 'cli test');
    expect(stdout).toMatch(/^emergency opening +2 +112 +224 +0 +0 +0 +0$/m);
    expect(stdout).toContain('1 update, 224 cut points: 0 corrupted, 0 rolled back, 0 lost, 0 unanswered');
    expect(code).toBe(0);
  });

  it('should exit non-zero exactly when a cut left a finding', () => {
    const { code, stdout } = cylsim('--update', 'provisioning', '--json');
    expect(code).toBe(campaignFailed(JSON.parse(stdout)) ? 1 : 0);
  });

  it.each([
    [['--profile', 'nope'], /Allowed choices are large-capacity, low-energy, reference-m0plus/],
    [['--update', 'teleportation'], /argument 'teleportation' is invalid/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('should refuse %j with usage and a non-zero exit, running nothing', (args, message) => {
    const { code, stdout, stderr } = cylsim(...args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stdout + stderr).toContain('Usage: cylsim powercut');
  });
});
