/**
 * `npm run bench [-- --quick] [-- --json] [-- --suite <name>]`: runs each suite in its own child
 * process (dist/bench/run-suite.js), then prints each suite's table and the CMAC and decision
 * summaries, or with --json one JSON document holding every row, the summary and the machine.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineInfo } from './machine.js';
import { SUITES, findSuite } from './suites/index.js';
import { decisionSummary, formatDecisionSummary } from './decision-summary.js';
import { cmacSummary, formatCmacSummary } from './summary.js';
import { formatTable } from './table.js';
import type { SuiteResult } from './types.js';

const USAGE = `usage: node dist/bench/main.js [--quick] [--json] [--suite <name>]
  --quick         shorter time per row, for smoke runs
  --json          print one JSON document (rows, summary, machine) instead of tables
  --suite <name>  run one suite; suites: ${SUITES.map((s) => s.name).join(', ')}`;

/** Exit status for a usage error, as most command-line tools use. */
const EXIT_USAGE = 2;

interface Flags {
  quick: boolean;
  json: boolean;
  suite: string | undefined;
}

function parseFlags(): Flags {
  try {
    const { values } = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        suite: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (values.suite !== undefined && !findSuite(values.suite)) throw new Error(`unknown suite "${values.suite}"`);
    return { quick: values.quick, json: values.json, suite: values.suite };
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(EXIT_USAGE);
  }
}

const RUN_SUITE = fileURLToPath(new URL('./run-suite.js', import.meta.url));

/** Runs one suite in a fresh Node process; its stderr passes through, its stdout is the result. */
function runSuiteInChild(name: string, quick: boolean): SuiteResult {
  const child = spawnSync(process.execPath, [RUN_SUITE, name, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.error) throw child.error;
  if (child.status !== 0) throw new Error(`suite ${name} failed (exit ${child.status ?? child.signal})`);
  return JSON.parse(child.stdout) as SuiteResult;
}

function main(): void {
  const flags = parseFlags();
  const names = flags.suite !== undefined ? [flags.suite] : SUITES.map((s) => s.name);
  const results: SuiteResult[] = [];
  for (const name of names) {
    const result = runSuiteInChild(name, flags.quick);
    results.push(result);
    if (!flags.json) process.stdout.write(`${formatTable(result)}\n\n`);
  }
  const cmac = cmacSummary(results);
  const decision = decisionSummary(results);
  if (flags.json) {
    const summary = cmac || decision ? { ...cmac, ...decision } : null;
    process.stdout.write(`${JSON.stringify({ machine: machineInfo(), quick: flags.quick, summary, suites: results }, null, 2)}\n`);
    return;
  }
  if (cmac) process.stdout.write(`${formatCmacSummary(cmac)}\n`);
  if (decision) process.stdout.write(`${formatDecisionSummary(decision)}\n`);
  const m = machineInfo();
  process.stdout.write(`machine: ${m.cpuModel} x${m.cpuCount}, Node ${m.node}, V8 ${m.v8}, ${m.platform}/${m.arch}\n`);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
