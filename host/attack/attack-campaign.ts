/**
 * The whole campaign of `cylsim attack`: every attack of the suite against fresh release locks, then
 * the fuzzing of every image; and whether it failed (docs/SECURITY.md, "Running the campaign").
 */
import { attackContext } from './attack-context.js';
import type { AttackRow } from './attack-row.js';
import { ATTACKS, runAttacks } from './attack-suite.js';
import { fuzzImages, type ImagesFuzzReport } from './fuzz/fuzz-images.js';

export interface CampaignReport {
  seed: string;
  rows: AttackRow[];
  fuzz: ImagesFuzzReport;
}

export interface CampaignProgress {
  onAttack?: (done: number, total: number) => void;
  onFuzz?: (framesSent: number, total: number) => void;
}

export function runAttackCampaign(options: { seed: string; fuzzFrames: number; progress?: CampaignProgress }): CampaignReport {
  const context = attackContext({ seed: options.seed });
  const rows = runAttacks(context, (_row, index) => options.progress?.onAttack?.(index + 1, ATTACKS.length));
  const fuzz = fuzzImages({
    frames: options.fuzzFrames,
    seed: options.seed,
    profile: context.profile,
    ...(options.progress?.onFuzz ? { onProgress: (sent: number) => options.progress!.onFuzz!(sent, options.fuzzFrames) } : {}),
  });
  return { seed: options.seed, rows, fuzz };
}

/** A door opened to an attack, or the fuzzer found a trap, a grant, a write it may not make or a malformed answer. */
export function campaignFailed(report: CampaignReport): boolean {
  const { fuzz } = report;
  return report.rows.some((row) => row.granted > 0) || fuzz.traps + fuzz.grants + fuzz.nvmChanges + fuzz.malformedAnswers > 0;
}
