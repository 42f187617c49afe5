/** `cylsim attack` as a user runs it (the built CLI in dist/). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';
import { ATTACKS } from '../../host/attack/attack-suite.js';

function cylsim(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cylsim attack', () => {
  it('should print every attack row and the fuzz counts as JSON, exiting 0 when nothing opened or trapped', () => {
    const { code, stdout } = cylsim('attack', '--json', '--fuzz', '300', '--seed', 'cli');
    const report = JSON.parse(stdout) as { rows: { attack: string; attempts: number; granted: number; result: string }[]; fuzz: Record<string, number> };
    expect(report.rows.map((row) => row.attack)).toEqual(ATTACKS.map((attack) => attack.name));
    for (const row of report.rows) expect([row.attack, row.granted]).toEqual([row.attack, 0]);
    expect(report.fuzz).toMatchObject({ frames: 300, traps: 0, grants: 0, nvmChanges: 0, malformedAnswers: 0 });
    expect(code).toBe(0);
  });

  it('should refuse a frame count that is not a number, print usage and exit non-zero', () => {
    const { code, stdout, stderr } = cylsim('attack', '--fuzz', 'lots');
    expect(code).not.toBe(0);
    expect(stderr).toContain('expected a number of frames');
    expect(stdout + stderr).toContain('Usage: cylsim attack');
  });
});
