/**
 * `cylsim attack`: the security campaign (docs/SECURITY.md). Every attack of the suite against fresh
 * firmware locks, one row each (attempts, how many achieved their aim, how the lock refused), then
 * `--fuzz N` frames fed to the release, release-nolog and debug images. Exits non-zero when a door
 * opened to an attack, or the fuzzer met a trap, a grant, an NVM write a refusal may not make, or a
 * malformed answer.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { campaignFailed, runAttackCampaign, type CampaignReport } from '../../../host/attack/attack-campaign.js';
import { integerAtLeast } from '../../estate/cli/run-with-progress.js';

/** The fuzzed frames of a default run: the CI's count (test/attack). */
const DEFAULT_FUZZ_FRAMES = 100_000;

interface AttackOptions {
  json?: boolean;
  fuzz: number;
  seed: string;
}

export function attackCommand(): Command {
  return new Command('attack')
    .description('attack fresh firmware locks (replay, forgery, rollback, time, third parties, emergency record, the landlord, MAC guessing, power cuts), then fuzz every image')
    .option('--json', 'print { seed, rows, fuzz } as JSON')
    .option('--fuzz <frames>', 'fuzzed frames in all, shared by the release, release-nolog and debug images', integerAtLeast(0, 'a number of frames'), DEFAULT_FUZZ_FRAMES)
    .option('--seed <seed>', 'seed of every random choice (site key, nonces, fuzzed frames)', 'attack')
    .action((options: AttackOptions) => {
      const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: '{stage} {bar} {value}/{total}', hideCursor: true }, Presets.shades_classic) : undefined;
      let stage = '';
      const show = (name: string, done: number, total: number) => {
        if (!bar) return;
        if (stage !== name) {
          if (stage) bar.stop();
          bar.start(total, 0, { stage: name });
          stage = name;
        }
        bar.update(done, { stage: name });
      };
      const report = runAttackCampaign({
        seed: options.seed,
        fuzzFrames: options.fuzz,
        progress: { onAttack: (done, total) => show('attacks', done, total), onFuzz: (sent, total) => show('fuzzed frames', sent, total) },
      });
      bar?.stop();
      if (options.json) console.log(JSON.stringify({ seed: report.seed, rows: report.rows, fuzz: report.fuzz }, null, 2));
      else print(report);
      if (campaignFailed(report)) process.exitCode = 1;
    });
}

const count = (n: number) => n.toLocaleString('en-US');

function print(report: CampaignReport): void {
  const columns = [
    { title: 'attack', width: Math.max(...report.rows.map((row) => row.attack.length)), value: (i: number) => report.rows[i]!.attack },
    { title: 'attempts', width: 8, value: (i: number) => count(report.rows[i]!.attempts), right: true },
    { title: 'granted', width: 7, value: (i: number) => count(report.rows[i]!.granted), right: true },
  ];
  const cell = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));
  console.log(`attack campaign, seed "${report.seed}", firmware release image`);
  console.log([...columns.map((c) => cell(c.title, c.width, c.right)), 'result'].join(' | '));
  report.rows.forEach((row, i) => console.log([...columns.map((c) => cell(c.value(i), c.width, c.right)), row.result].join(' | ')));
  const { fuzz } = report;
  console.log('');
  console.log(`fuzz: ${count(fuzz.frames)} frames in ${count(fuzz.runs)} runs (${fuzz.byImage.map((image) => `${image.image} ${count(image.frames)}`).join(', ')})`);
  console.log(`  traps ${count(fuzz.traps)}, grants ${count(fuzz.grants)}, NVM changes ${count(fuzz.nvmChanges)}, malformed answers ${count(fuzz.malformedAnswers)}`);
  console.log(`  answers: ${Object.entries(fuzz.answers).map(([answer, n]) => `${answer} ${count(n)}`).join(', ')}`);
  for (const finding of fuzz.findings) console.log(`  ${finding.kind} (${finding.image}, ${finding.phase}): ${finding.detail}\n    frames: ${finding.frames.join(' ')}`);
}
