/**
 * Child entry: `node dist/bench/run-suite.js <suite> [--quick]` runs one suite and writes its
 * SuiteResult as JSON to stdout; anything else goes to stderr. One suite per process, so one
 * suite's JIT and heap state never colours another's figures.
 */
import { parseArgs } from 'node:util';
import { findSuite } from './suites/index.js';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, allowPositionals: true });
  const suite = positionals.length === 1 ? findSuite(positionals[0]!) : undefined;
  if (!suite) throw new Error(`usage: run-suite.js <suite> [--quick]; got ${JSON.stringify(positionals)}`);
  const result = await suite.run({ quick: values.quick });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
