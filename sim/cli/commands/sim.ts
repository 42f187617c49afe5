/** `cylsim sim SCENARIO`: an estate over months, every cylinder on the real firmware; the results and the rules audit. */
import { Command } from 'commander';
import { integerAtLeast, runWithProgress } from '../../estate/cli/run-with-progress.js';
import { resultsJson } from '../../estate/report/results-json.js';
import { summaryText } from '../../estate/report/summary-text.js';
import { writeOutputs } from '../../estate/report/write-outputs.js';
import { loadScenario } from '../../estate/scenario/load-scenario.js';

interface SimOptions {
  months?: number;
  workers?: number;
  json?: boolean;
  out?: string;
}

export function simCommand(): Command {
  return new Command('sim')
    .description('simulate an estate scenario (docs/SCENARIOS.md) over months: openings, refusals by reason, revocation latency, and the rules audit')
    .argument('<scenario>', 'the scenario file, YAML or JSON')
    .option('--months <n>', "months to simulate (default: the scenario's)", integerAtLeast(1, 'a number of months'))
    .option('--workers <n>', "worker threads (default: the machine's cores); the results are the same for any number", integerAtLeast(1, 'a number of threads'))
    .option('--json', 'print the results as JSON, with the wall-clock figures apart in "timing"')
    .option('--out <dir>', 'also write report.html, results.json and trace.json (the notable insertions) into this directory')
    .action(async (file: string, options: SimOptions) => {
      const scenario = loadScenario(file);
      const run = await runWithProgress(scenario, {
        ...(options.months !== undefined ? { months: options.months } : {}),
        ...(options.workers !== undefined ? { workers: options.workers } : {}),
        notable: options.out !== undefined,
      });
      const written = options.out !== undefined ? writeOutputs(run, options.out) : undefined;
      if (options.json) {
        console.log(JSON.stringify(resultsJson(run), null, 2));
        return;
      }
      if (written) console.log(`wrote ${[written.report, written.results, written.trace].filter(Boolean).join(', ')}`);
      console.log(`${run.openings.toLocaleString('en-US')} openings in ${run.timing.wallSeconds.toFixed(1)} s on ${run.timing.workers} worker${run.timing.workers === 1 ? '' : 's'} (${Math.round(run.timing.openingsPerSecond).toLocaleString('en-US')} openings/s)\n`);
      console.log(summaryText(run.results));
    });
}
