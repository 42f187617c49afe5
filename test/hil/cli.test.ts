/**
 * `cylsim vectors gen`, `cylsim vectors run` and `cylsim serve` as a user runs them (the built CLI):
 * files, exit codes, --json, --junit, and usage on bad flags.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI } from './support.js';

function cylsim(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cylsim-vectors-'));
const cbor = join(dir, 'suite.cbor');
const json = join(dir, 'suite.json');

describe('cylsim vectors', () => {
  beforeAll(() => {
    const gen = cylsim('vectors', 'gen', '--out', cbor, '--json', json, '--seed', 'cli');
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^\d+ tests in 8 groups written to /);
  });

  it('should generate the same bytes again for the same seed', () => {
    const again = join(dir, 'again.cbor');
    expect(cylsim('vectors', 'gen', '--out', again, '--seed', 'cli').code).toBe(0);
    expect(readFileSync(again).equals(readFileSync(cbor))).toBe(true);
  });

  it('should pass the CBOR file and its JSON mirror on wasm, print { passed, failed } with --json and exit 0', () => {
    for (const file of [cbor, json]) {
      const run = cylsim('vectors', 'run', file, '--target', 'wasm', '--json');
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { passed: number; failed: number; target: string };
      expect(report).toMatchObject({ failed: 0, target: 'wasm:release' });
      expect(report.passed).toBeGreaterThan(100);
    }
  });

  it('should exit 1 when a vector fails, name it, and write the failure into the JUnit file', () => {
    const data = JSON.parse(readFileSync(json, 'utf8'));
    const step = data.testGroups[0].tests[0].steps.at(-1);
    step.out = `${step.out.slice(0, -2)}${step.out.endsWith('00') ? '01' : '00'}`; // the RESULT's MAC, one byte changed
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify(data));
    const junit = join(dir, 'results.xml');
    const run = cylsim('vectors', 'run', broken, '--target', 'reference', '--junit', junit);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL tcId 1 \(a resident key at the front door.*\): step 2: frame 03.*: expected RESULT grant .*, got RESULT grant /m);
    expect(run.stdout).toMatch(/^\d+ passed, 1 failed$/m);
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toMatch(/<testsuites name="cylsim vectors on reference" tests="\d+" failures="1" skipped="0">/);
    expect(xml).toContain('<failure message="tcId 1 (a resident key at the front door');
  });

  it('should refuse a malformed file naming the path inside it', () => {
    const data = JSON.parse(readFileSync(json, 'utf8'));
    data.testGroups[1].lock.groups = [];
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify(data));
    const run = cylsim('vectors', 'run', bad, '--target', 'wasm');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`${bad}: not a valid vector file`);
    expect(run.stderr).toContain('testGroups[1].lock.groups');
  });

  it('should refuse an unknown target with usage and the forms a target takes', () => {
    const run = cylsim('vectors', 'run', cbor, '--target', 'usb:0');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('unknown kind "usb"');
    expect(run.stderr).toContain('serial:PATH[@BAUD]');
    expect(run.stdout + run.stderr).toContain('Usage: cylsim vectors run');
  });
});

describe('cylsim serve', () => {
  it('should refuse to start without one of --stdio, --tcp, --pty', () => {
    const run = cylsim('serve');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('choose one of --stdio, --tcp <host:port>, --pty');
  });

  it('should refuse a TCP address without a port', () => {
    const run = cylsim('serve', '--tcp', 'localhost');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('expected HOST:PORT');
  });
});
