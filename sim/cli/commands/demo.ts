/**
 * `cylsim demo`: the built-in estate of the source documents (sim/estate/demo/demo-scenario.ts) run
 * for six months; prints the summary and the rules audit, and writes the report, the results, the
 * trace of notable insertions and the scenario itself (a starting point for your own) to ./out.
 */
import { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integerAtLeast, runWithProgress } from '../../estate/cli/run-with-progress.js';
import { DEMO_SCENARIO } from '../../estate/demo/demo-scenario.js';
import { scenarioYaml } from '../../estate/generate/scenario-yaml.js';
import { resultsJson } from '../../estate/report/results-json.js';
import { summaryText } from '../../estate/report/summary-text.js';
import { writeOutputs } from '../../estate/report/write-outputs.js';
import { parseScenario } from '../../estate/scenario/load-scenario.js';

interface DemoOptions {
  out: string;
  months?: number;
  workers?: number;
  json?: boolean;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('run the built-in estate of the source documents (two complexes, six months): summary, rules audit, and report, results, trace and scenario in ./out')
    .option('--out <dir>', 'where to write report.html, results.json, trace.json and demo-scenario.yaml', 'out')
    .option('--months <n>', 'months to simulate (default: 6)', integerAtLeast(1, 'a number of months'))
    .option('--workers <n>', "worker threads (default: the machine's cores)", integerAtLeast(1, 'a number of threads'))
    .option('--json', 'print the results as JSON')
    .action(async (options: DemoOptions) => {
      const scenario = parseScenario(DEMO_SCENARIO, 'the built-in demo estate');
      const run = await runWithProgress(scenario, {
        ...(options.months !== undefined ? { months: options.months } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        notable: true,
      });
      const written = writeOutputs(run, options.out);
      mkdirSync(options.out, { recursive: true });
      const scenarioFile = join(options.out, 'demo-scenario.yaml');
      writeFileSync(scenarioFile, scenarioYaml(DEMO_SCENARIO, 'The built-in demo estate of `cylsim demo`; run it with `cylsim sim` (docs/SCENARIOS.md).'));
      if (options.json) {
        console.log(JSON.stringify(resultsJson(run), null, 2));
        return;
      }
      console.log(`wrote ${written.report} (open it in a browser), ${written.results}, ${written.trace ?? '(no trace)'} (Perfetto) and ${scenarioFile}`);
      console.log(`${run.openings.toLocaleString('en-US')} openings simulated in ${run.timing.wallSeconds.toFixed(1)} s\n`);
      console.log(summaryText(run.results));
    });
}
