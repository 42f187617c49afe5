/**
 * `cylsim bench [--quick] [--json] [--suite <name>...]`: the benchmarks (tinybench), each suite in
 * its own process; the same run as `npm run bench` (bench/run-bench.ts).
 */
import { Command, Option } from 'commander';
import { runBench } from '../../../bench/run-bench.js';
import { SUITES } from '../../../bench/suites/index.js';

interface BenchFlags {
  quick?: boolean;
  json?: boolean;
  suite?: string[];
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('run the benchmarks (tinybench), each suite in its own process: tables and a summary, or one JSON document')
    .option('--quick', 'shorter time per row: the whole run in under two minutes')
    .option('--json', 'print one JSON document: every row, the summary, the machine, Node and V8 versions')
    .addOption(new Option('--suite <name...>', 'run only these suites, in this order').choices(SUITES.map((s) => s.name)))
    .addHelpText('after', `\nSuites:\n${SUITES.map((s) => `  ${s.name.padEnd(11)} ${s.description}`).join('\n')}`)
    .action((flags: BenchFlags) => {
      const report = runBench({ quick: flags.quick ?? false, json: flags.json ?? false, suites: flags.suite ?? [] }, process.stdout, process.stderr);
      if (report.failedSuites.length > 0) process.exitCode = 1;
    });
}
