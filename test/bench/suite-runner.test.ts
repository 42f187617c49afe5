/** What the runner does with a suite that cannot run: the estate simulator's absence, a child process that fails. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Command } from '../../firmware/protocol.js';
import { runSuiteInChild } from '../../bench/run-bench.js';
import { EstateUnavailableError, loadEstateSimulator } from '../../bench/suites/estate-simulator.js';
import { logOnPlan } from '../../bench/suites/log-switch.js';
import { benchCommand } from '../../sim/cli/commands/bench.js';

describe('loadEstateSimulator', () => {
  it('should fail with "estate simulator not available" and the missing path when sim/estate/ is not built', async () => {
    const missing = join(tmpdir(), 'cylsim-no-estate', '/');
    await expect(loadEstateSimulator(missing)).rejects.toThrow(EstateUnavailableError);
    await expect(loadEstateSimulator(missing)).rejects.toThrow(/^estate simulator not available: .*parallel\/run-estate\.js does not exist/);
  });

  it('should name the export it misses', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'cylsim-estate-'));
    mkdirSync(join(directory, 'parallel'));
    writeFileSync(join(directory, 'parallel', 'run-estate.js'), 'export const somethingElse = 1;\n');
    await expect(loadEstateSimulator(`${directory}/`)).rejects.toThrow(/estate simulator not available: .*run-estate\.js exports no runEstate/);
  });
});

describe('runSuiteInChild', () => {
  it('should turn a child process that fails into a failed suite with its first line of error', () => {
    const errors: string[] = [];
    const result = runSuiteInChild('no-such-suite', true, { write: (text) => errors.push(text) });
    expect(result).toMatchObject({ kind: 'failed', suite: 'no-such-suite' });
    expect(result.kind === 'failed' && result.error).toMatch(/^usage: run-suite\.js <suite>/);
    expect(errors.join('')).toContain('no-such-suite');
  });
});

describe('logOnPlan', () => {
  it('should plan the log on at the dwelling door with LOG_SWITCH (PROTOCOL.md §9.4)', () => {
    expect(logOnPlan('dwelling')).toEqual({ available: true, command: Command.LogSwitch });
  });

  it('should name why the log cannot be switched on at a common door', () => {
    const plan = logOnPlan('common');
    expect(plan.available).toBe(false);
    expect(!plan.available && plan.reason).toMatch(/common door keeps no access log/);
  });
});

describe('cylsim bench flags', () => {
  const parse = (...args: string[]) => {
    const errors: string[] = [];
    const command = benchCommand()
      .exitOverride()
      .showHelpAfterError()
      .configureOutput({ writeErr: (text) => errors.push(text), writeOut: () => undefined });
    command.action(() => undefined);
    let code: string | undefined;
    try {
      command.parse(args, { from: 'user' });
    } catch (error) {
      code = (error as { code?: string }).code;
    }
    return { code, errors: errors.join('') };
  };

  it('should refuse a suite that does not exist, naming the ones that do, and print usage', () => {
    const { code, errors } = parse('--suite', 'turbo');
    expect(code).toBe('commander.invalidArgument');
    expect(errors).toContain('decision');
    expect(errors).toContain('Usage: bench');
  });

  it('should refuse an unknown flag and print usage', () => {
    const { code, errors } = parse('--fast');
    expect(code).toBe('commander.unknownOption');
    expect(errors).toContain('Usage: bench');
  });

  it('should accept --quick, --json and several suites', () => {
    expect(parse('--quick', '--json', '--suite', 'decision', 'modeled').code).toBeUndefined();
  });
});
