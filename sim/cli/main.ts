#!/usr/bin/env node
/** The cylsim command line. Each command lives in its own module under commands/. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { packagePath } from '../../host/package-root.js';
import { selftestCommand } from './commands/selftest.js';

const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };

export function createProgram(): Command {
  const program = new Command('cylsim')
    .description('Emulator of battery-less, offline lock cylinders: the lock firmware (WASM), its physics, HIL vectors, estates')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });
  program.addCommand(selftestCommand());
  return program;
}

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    console.error(`cylsim: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
