/** `cylsim insert`, as a user runs it (the built CLI). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';
import { KEY_KINDS } from '../../sim/insertion/run-insertion.js';

interface InsertJson {
  decision: 'grant' | 'deny';
  reason: string;
  frames: { direction: string; bytes: string }[];
  history: { what: string }[];
}

function insert(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), 'insert', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const json = (...args: string[]): InsertJson => JSON.parse(insert(...args, '--json').stdout) as InsertJson;

/** What each kind must come to (PROTOCOL.md §7.6). */
const EXPECTED: Record<(typeof KEY_KINDS)[number], string> = {
  resident: 'grant Ok',
  blocked: 'deny Blocked',
  expired: 'deny Expired',
  'old-generation': 'deny TenantChanged',
  contractor: 'grant Ok',
  'no-consent': 'deny NoConsent',
  emergency: 'grant Ok',
  programming: 'deny RoleNotAllowed',
  'no-tenant-proof': 'deny NoTenantProof',
};

describe('cylsim insert', () => {
  it('should grant a resident key at its dwelling door and report the frames', () => {
    const result = json('--key', 'resident');
    expect(result.decision).toBe('grant');
    expect(result.frames.map((frame) => frame.bytes.slice(0, 2))).toEqual(['01', '81', '03', '83']);
  });

  it('should deny a blocked key with the reason Blocked', () => {
    const result = json('--key', 'blocked');
    expect([result.decision, result.reason]).toEqual(['deny', 'Blocked']);
    expect(result.history.map((step) => step.what).join(' ')).toContain('blocklist delta');
  });

  it.each(KEY_KINDS)('should come to the same decision and frames on the firmware and the reference lock (%s)', (kind) => {
    // Only the models differ: the reference lock has none of its own time or energy.
    const PHYSICS = ['target', 'latencyUs', 'nfcLatencyUs', 'energyMarginUj', 'energyOutcome', 'turnMs', 'harvestUj', 'powerOnAtUs', 'timeline'];
    const withoutTiming = (report: InsertJson) => Object.fromEntries(Object.entries(report).filter(([field]) => !PHYSICS.includes(field)));
    const [firmware, reference] = [json('--key', kind), json('--key', kind, '--target', 'reference')];
    expect(`${firmware.decision} ${firmware.reason}`).toBe(EXPECTED[kind]);
    expect(withoutTiming(reference)).toEqual(withoutTiming(firmware));
  });

  it('should refuse an unknown kind, name the kinds, and exit non-zero', () => {
    const { code, stderr } = insert('--key', 'skeleton');
    expect(code).not.toBe(0);
    expect(stderr).toContain('resident');
  });

  it('should insist on --key', () => {
    const { code, stderr } = insert();
    expect(code).not.toBe(0);
    expect(stderr).toContain("required option '--key <kind>'");
  });
});
