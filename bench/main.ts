/**
 * `npm run bench [-- --quick] [-- --json] [-- --suite <name>]`: the same run as `cylsim bench`
 * (run-bench.ts), for a checkout without the CLI on its path.
 */
import { parseArgs } from 'node:util';
import { runBench } from './run-bench.js';
import { SUITES, findSuite } from './suites/index.js';

const USAGE = `usage: node dist/bench/main.js [--quick] [--json] [--suite <name>]...
  --quick         shorter time per row: the whole run in under two minutes
  --json          print one JSON document (rows, summary, machine) instead of tables
  --suite <name>  run this suite only (repeatable); suites:
${SUITES.map((s) => `                    ${s.name}: ${s.description}`).join('\n')}`;

/** Exit status for a usage error, as most command-line tools use. */
const EXIT_USAGE = 2;

function parseFlags(): { quick: boolean; json: boolean; suites: string[] } {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        suite: { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    for (const name of values.suite) if (!findSuite(name)) throw new Error(`unknown suite "${name}"`);
    return { quick: values.quick, json: values.json, suites: values.suite };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

const report = runBench(parseFlags(), process.stdout, process.stderr);
if (report.failedSuites.length > 0) process.exitCode = 1;
