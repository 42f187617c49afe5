/** The built `cylsim` command (dist/), as a user runs it. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildVariants } from '../../firmware/abi.js';
import { readManifest } from '../../host/firmware/image.js';
import { packagePath } from '../../host/package-root.js';
import { createProgram } from '../../sim/cli/program.js';

function cylsim(...args: string[]) {
  const result = spawnSync(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cylsim', () => {
  it('should list its commands with --help', () => {
    const { code, stdout } = cylsim('--help');
    expect(code).toBe(0);
    for (const command of createProgram().commands) expect(stdout).toContain(command.name());
  });

  it.each(createProgram().commands.map((command) => command.name()))('should print usage for `%s --help`', (name) => {
    const { code, stdout } = cylsim(name, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: cylsim ${name}`);
  });

  it('should refuse an unknown command with a non-zero exit', () => {
    const { code, stderr } = cylsim('frobnicate');
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });

  it('should refuse an unknown flag, print usage and exit non-zero', () => {
    const { code, stdout, stderr } = cylsim('selftest', '--bogus');
    expect(code).not.toBe(0);
    expect(stderr).toContain("unknown option '--bogus'");
    expect(stdout + stderr).toContain('Usage: cylsim selftest');
  });

  it('should refuse a variant that does not exist and name the ones that do', () => {
    const { code, stderr } = cylsim('selftest', '--variant', 'turbo');
    expect(code).not.toBe(0);
    expect(stderr).toContain('release-nolog');
  });
});

describe('cylsim selftest', () => {
  it("should print every image's size and SHA-256 from the manifest and PASS", () => {
    const { code, stdout } = cylsim('selftest');
    expect(code).toBe(0);
    for (const image of readManifest().images) {
      expect(stdout).toMatch(new RegExp(`${image.variant}\\s+${image.bytes}\\s+${image.sha256}\\s+13/13\\s+PASS`));
    }
  });

  it('should report every vector of every image as passed in --json', () => {
    const { code, stdout } = cylsim('selftest', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { passed: boolean; images: { variant: string; results: { passed: boolean; suite: string }[] }[] };
    expect(report.passed).toBe(true);
    expect(report.images.map((image) => image.variant)).toEqual(buildVariants());
    for (const image of report.images) {
      expect(new Set(image.results.map((result) => result.suite))).toEqual(new Set(['FIPS-197', 'RFC 4493', 'AN10922', 'SP 800-90A']));
      expect(image.results.every((result) => result.passed)).toBe(true);
    }
  });
});
