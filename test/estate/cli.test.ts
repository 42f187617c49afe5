/** `cylsim estate`, `cylsim sim` and `cylsim demo` as a user runs them (the built CLI in dist/). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';
import { loadScenario } from '../../sim/estate/scenario/load-scenario.js';

function cylsim(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Two runs of a 150-cylinder month, each starting Node and its workers: seconds alone, longer on a busy machine. */
const RUNS_TIMEOUT_MS = 120_000;

const dir = mkdtempSync(join(tmpdir(), 'cylsim-estate-cli-'));
const estateFile = join(dir, 'estate.yaml');

describe('cylsim estate', () => {
  it('should write a scenario with exactly the cylinders and keys asked for', () => {
    const { code, stdout } = cylsim('estate', '--doors', '150', '--keys', '480', '--out', estateFile, '--months', '1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/150 cylinders, \d+ households, 480 keys/);
    const scenario = loadScenario(estateFile);
    const cylinders = scenario.complexes.reduce((n, c) => n + c.doors.length + c.dwellings.reduce((m, d) => m + 1 + (d.storage ? 1 : 0), 0), 0);
    const keys = scenario.complexes.reduce((n, c) => n + c.dwellings.reduce((m, d) => m + (d.household ? d.household.keys + d.household.extraKeys + d.household.phoneKeys : 0), 0), 0);
    expect([cylinders, keys, scenario.months]).toEqual([150, 480, 1]);
  });

  it('should refuse a missing --keys with its usage and a non-zero exit', () => {
    const { code, stderr, stdout } = cylsim('estate', '--doors', '150', '--out', join(dir, 'x.yaml'));
    expect(code).not.toBe(0);
    expect(stderr).toContain("required option '--keys <n>' not specified");
    expect(stdout + stderr).toContain('Usage: cylsim estate');
  });

  it('should refuse too few keys for the households, saying how many are needed', () => {
    const { code, stderr } = cylsim('estate', '--doors', '150', '--keys', '20', '--out', join(dir, 'y.yaml'));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/need at least \d+ keys/);
    expect(existsSync(join(dir, 'y.yaml'))).toBe(false);
  });
});

describe('cylsim sim', () => {
  let one: Record<string, unknown>;
  let two: Record<string, unknown>;
  beforeAll(() => {
    if (!existsSync(estateFile)) cylsim('estate', '--doors', '150', '--keys', '480', '--out', estateFile, '--months', '1');
    const runs = [1, 2].map((workers) => cylsim('sim', estateFile, '--json', '--workers', String(workers)));
    for (const run of runs) expect(run.code).toBe(0);
    const [first, second] = runs.map((run) => JSON.parse(run.stdout) as Record<string, unknown>);
    one = first!;
    two = second!;
  }, RUNS_TIMEOUT_MS);

  it('should print openings, refusals by reason, revocation latency and the audit as JSON, the wall-clock figures apart', () => {
    expect(one['openings']).toBeGreaterThan(1000);
    expect(one).toHaveProperty('refusals.byReason');
    expect(one).toHaveProperty('revocationLatency.byPath.phone');
    expect((one['audit'] as unknown[]).length).toBe(9);
    expect(Object.keys(one['timing'] as object).sort()).toEqual(['openingsPerSecond', 'wallSeconds']);
  });

  it('should give the same results with one worker and with two', () => {
    const { timing: _a, ...a } = one;
    const { timing: _b, ...b } = two;
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('should refuse a bad scenario naming the file, the line and the field, and run nothing', () => {
    const bad = join(dir, 'bad.yaml');
    const text = readFileSync(estateFile, 'utf8').replace('months: 1', 'months: 1\nweather: rainy');
    writeFileSync(bad, text);
    const line = text.split('\n').indexOf('weather: rainy') + 1;
    const { code, stdout, stderr } = cylsim('sim', bad);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`${bad}:${line}: weather: unknown field`);
    expect(stdout).toBe('');
  });

  it('should refuse --workers 0 with its usage', () => {
    const { code, stdout, stderr } = cylsim('sim', estateFile, '--workers', '0');
    expect(code).not.toBe(0);
    expect(stderr).toContain('expected a number of threads: an integer of at least 1, got "0"');
    expect(stdout + stderr).toContain('Usage: cylsim sim');
  });
});

describe('cylsim demo', () => {
  it('should write the report, results, trace and scenario, and end its output with the audit table', () => {
    const out = join(dir, 'out');
    const { code, stdout } = cylsim('demo', '--out', out, '--months', '1');
    expect(code).toBe(0);
    for (const file of ['report.html', 'results.json', 'trace.json', 'demo-scenario.yaml']) expect(existsSync(join(out, file))).toBe(true);
    const lines = stdout.trimEnd().split('\n');
    const table = lines.findIndex((line) => line === 'audit');
    expect(table).toBeGreaterThan(0);
    expect(lines.slice(table + 3, table + 12).map((line) => line.split(/\s{2,}/)[0])).toEqual(['R-KEY-2', 'R-KEY-3', 'R-KEY-4', 'R-KEY-4, R-PRV-3', 'R-EMG-2', 'R-PRV-4', 'R-PRV-1, R-PRV-2', 'R-CARE-2', 'R-CARE-4']);
    expect(lines.length).toBe(table + 12);
    expect(loadScenario(join(out, 'demo-scenario.yaml')).name).toBe('Demo estate: De Linde and Parkzicht');
    const trace = JSON.parse(readFileSync(join(out, 'trace.json'), 'utf8')) as { traceEvents: { ph: string }[] };
    expect(trace.traceEvents.filter((e) => e.ph === 'i').length).toBeGreaterThan(100);
  });
});
