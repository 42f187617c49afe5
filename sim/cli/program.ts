/** The cylsim command tree. Each command lives in its own module under commands/. */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { packagePath } from '../../host/package-root.js';
import { attackCommand } from './commands/attack.js';
import { benchCommand } from './commands/bench.js';
import { demoCommand } from './commands/demo.js';
import { estateCommand } from './commands/estate.js';
import { insertCommand } from './commands/insert.js';
import { marginCommand } from './commands/margin.js';
import { powercutCommand } from './commands/powercut.js';
import { selftestCommand } from './commands/selftest.js';
import { simCommand } from './commands/sim.js';
import { serveCommand } from './commands/serve.js';
import { vectorsCommand } from './commands/vectors.js';

export function createProgram(): Command {
  const { version } = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string };
  const program = new Command('cylsim')
    .description('Emulator of battery-less, offline lock cylinders: the lock firmware (WASM), its physics, HIL vectors, estates')
    .version(version)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true })
    .addCommand(selftestCommand())
    .addCommand(insertCommand())
    .addCommand(marginCommand())
    .addCommand(powercutCommand())
    .addCommand(benchCommand())
    .addCommand(vectorsCommand())
    .addCommand(serveCommand())
    .addCommand(demoCommand())
    .addCommand(simCommand())
    .addCommand(attackCommand())
    .addCommand(estateCommand());
  // addCommand() does not pass settings on: every command prints its usage after an error.
  for (const command of program.commands) command.copyInheritedSettings(program);
  return program;
}
