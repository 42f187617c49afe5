/** `cylsim insert --phone --distance MM`: a phone key on its NFC field, as a user runs it (the built CLI). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';

function insert(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), 'insert', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (...args: string[]) => JSON.parse(insert(...args, '--json').stdout) as Record<string, unknown> & { phone: Record<string, number> };

describe('cylsim insert --phone', () => {
  it('should open for the tenant\'s phone held near the lock and report the field, the latency and the margin', () => {
    const report = json('--key', 'resident', '--phone', '--distance', '5');
    expect([report.keyType, report.decision, report.reason, report.energyOutcome]).toEqual(['phone', 'grant', 'Ok', 'released']);
    expect(report.phone.distanceMm).toBe(5);
    expect(report.phone.fieldAPerM).toBeGreaterThan(1.5);
    expect(report.powerOnAtUs as number).toBeGreaterThan(0);
    expect(report.latencyUs as number).toBeGreaterThan(report.powerOnAtUs as number);
    expect(report.energyMarginUj as number).toBeGreaterThan(0);
  });

  it('should reach no decision for a phone beyond the field\'s reach: the lock never powers on', () => {
    const report = json('--key', 'resident', '--phone', '--distance', '30');
    expect([report.decision, report.reason, report.energyOutcome, report.powerOnAtUs]).toEqual(['none', 'no-power-on', 'no-power-on', null]);
    expect(report.phone.harvestUw).toBe(0);
    expect(report.latencyUs).toBe((report.holdMs as number) * 1000);
  });

  it('should print the timeline from field-on, the waiting time and the margin at field-off', () => {
    const { code, stdout } = insert('--key', 'emergency', '--phone', '--profile', 'low-energy');
    expect(code).toBe(0);
    expect(stdout).toMatch(/0\.000 ms {2}field on: .* A\/m at 0 mm/);
    expect(stdout).toContain('power-on');
    expect(stdout).toMatch(/FWT 38\.7 ms/);
    expect(stdout).toMatch(/margin at field-off -?\d/);
    expect(stdout).toMatch(/^grant$/m);
  });

  it('should say in its help what --phone, --distance and the pcap of a physical key are', () => {
    const { stdout } = insert('--help');
    expect(stdout).toContain('--phone');
    expect(stdout).toContain('--distance <mm>');
    expect(stdout).toContain('--hold-ms <ms>');
    expect(stdout.replace(/\s+/g, ' ')).toContain('for a physical key the same application frames as a phone would carry them');
  });

  it.each([
    [['--distance', '5'], /add --phone/],
    [['--phone', '--target', 'reference'], /needs --target wasm/],
    [['--phone', '--pace', 'slow'], /cannot be used with option '--pace/],
    [['--phone', '--turn-ms', '400'], /cannot be used with option '--turn-ms/],
    [['--phone', '--distance', '-3'], /expected a distance >= 0/],
    [['--phone', '--distance', 'near'], /expected a distance >= 0/],
    [['--phone', '--hold-ms', '0'], /expected a positive number of milliseconds/],
  ])('should refuse %j with usage and a non-zero exit', (args, message) => {
    const { code, stdout, stderr } = insert('--key', 'resident', ...args);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
    expect(stdout + stderr).toContain('Usage: cylsim insert');
  });
});
