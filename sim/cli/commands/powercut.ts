/**
 * `cylsim powercut`: the power-cut campaign (docs/STORAGE.md, "The power-cut campaign"). Every kind
 * of update the lock makes, cut at every byte of every write in both tear modes; per update the
 * writes, the cut points and what the cuts left. Exits non-zero when any cut left a corrupted
 * (or damaged), rolled-back or lost state, or a lock that did not answer (or log) after the reboot.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { powercutCampaign, type PowercutReport } from '../../../host/storage/campaign/powercut-campaign.js';
import { campaignFailed, type UpdateReport } from '../../../host/storage/campaign/run-campaign.js';
import { UPDATE_SCENARIOS } from '../../../host/storage/campaign/update-scenarios.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';

interface PowercutCommandOptions {
  profile: string;
  seed: string;
  update?: string[];
  json?: boolean;
}

export function powercutCommand(): Command {
  return new Command('powercut')
    .description('cut the power at every byte of every NVM write of every kind of update, in both tear modes, and count the states the cuts break')
    .addOption(new Option('--profile <name>', 'hardware profile (its NVM: size, page size, erased value; its capacities)').choices(listProfiles()).default('reference-m0plus'))
    .option('--seed <seed>', 'seed of every random choice (keys, nonces, the bytes a cut leaves)', 'powercut')
    .addOption(new Option('--update <name...>', 'only these kinds of update (default: every kind)').choices(UPDATE_SCENARIOS.map((scenario) => scenario.name)))
    .option('--json', 'print the campaign as JSON')
    .action((options: PowercutCommandOptions) => {
      const profile = loadProfileByName(options.profile);
      const bar = process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: 'cutting {bar} {value}/{total} cut points | {update}', hideCursor: true }, Presets.shades_classic) : undefined;
      let started = false;
      const report = powercutCampaign(profile, {
        seed: options.seed,
        ...(options.update ? { updates: options.update } : {}),
        onProgress: ({ done, total, update }) => {
          if (!bar) return;
          if (!started) bar.start(total, 0, { update });
          started = true;
          bar.update(done, { update });
        },
      });
      bar?.stop();
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else print(report);
      if (campaignFailed(report)) process.exitCode = 1;
    });
}

const COLUMNS: [string, (r: UpdateReport) => number][] = [
  ['writes', (r) => r.writes],
  ['bytes', (r) => r.bytesWritten],
  ['cut points', (r) => r.cutPoints],
  ['corrupted', (r) => r.corrupted],
  ['rolled back', (r) => r.rolledBack],
  ['lost', (r) => r.lost],
  ['unanswered', (r) => r.unanswered],
];

/** The damaged parts a cut left, the first few named. */
const DAMAGE_NAMED = 3;
function listed(damaged: readonly string[]): string {
  const named = damaged.slice(0, DAMAGE_NAMED).join(', ');
  return damaged.length > DAMAGE_NAMED ? `${named} and ${damaged.length - DAMAGE_NAMED} more` : named;
}

function print(report: PowercutReport): void {
  const nameWidth = Math.max(...report.byUpdate.map((r) => r.update.length), 'update'.length);
  console.log(`power-cut campaign: profile ${report.profile}, image ${report.variant}, seed "${report.seed}", both tear modes (byte-serial, page-parallel)`);
  console.log(['update'.padEnd(nameWidth), ...COLUMNS.map(([title]) => title.padStart(11))].join(' '));
  for (const update of report.byUpdate) {
    console.log([update.update.padEnd(nameWidth), ...COLUMNS.map(([, value]) => value(update).toLocaleString('en-US').padStart(11))].join(' '));
    for (const example of update.examples) {
      const what = [
        example.corrupted && 'corrupted',
        example.damaged.length > 0 && `damaged (${listed(example.damaged)})`,
        example.rolledBack.length > 0 && `rolled back (${example.rolledBack.join(', ')})`,
        example.lost && 'lost',
        example.unanswered,
      ]
        .filter(Boolean)
        .join('; ');
      const why = example.undecodable ? ` - ${example.undecodable}` : '';
      console.log(`    cut at byte ${example.point.byte} of write ${example.point.write} (0x${example.address.toString(16).padStart(4, '0')}, ${example.point.mode}): ${what}${why}`);
    }
  }
  const updates = `${report.updates} ${report.updates === 1 ? 'update' : 'updates'}`;
  console.log(
    `${updates}, ${report.cutPoints.toLocaleString('en-US')} cut points: ${report.corrupted} corrupted, ${report.rolledBack} rolled back, ${report.lost} lost, ${report.unanswered} unanswered`,
  );
}
