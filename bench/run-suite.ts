/**
 * Child entry: `node dist/bench/run-suite.js <suite> [--quick]` runs one suite and writes its
 * SuiteResult as JSON to stdout; anything else goes to stderr. One suite per process, so one
 * suite's JIT and heap state never colours another's figures.
 */
import { parseArgs } from 'node:util';
import { findSuite } from './suites/index.js';
import { EstateUnavailableError } from './suites/estate-simulator.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, allowPositionals: true });
  const entry = positionals.length === 1 ? findSuite(positionals[0]!) : undefined;
  if (!entry) throw new Error(`usage: run-suite.js <suite> [--quick]; got ${JSON.stringify(positionals)}`);
  const suite = await entry.load();
  const result = await suite.run({ quick: values.quick });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  // The first line is the message the report keeps; an unexpected error's stack follows it.
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error && !(error instanceof EstateUnavailableError) ? `\n${error.stack ?? ''}` : '';
  process.stderr.write(`${message}${stack}\n`);
  process.exitCode = 1;
});
