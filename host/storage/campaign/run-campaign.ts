/**
 * The campaign over a set of updates: each learned from a clean run, then cut at every byte of
 * every write in both tear modes, and the verdicts counted per update and in all.
 */
import { TEAR_MODES, type CutPoint } from '../tear.js';
import type { CuttableUpdate } from './cuttable-update.js';
import { learnUpdate, type LearnedUpdate } from './learn-update.js';
import { runCut, type CutVerdict } from './run-cut.js';

/** The cuts whose verdict is shown per update, at most (the first ones found). */
const EXAMPLES_PER_UPDATE = 3;

export interface FindingCounts {
  corrupted: number;
  rolledBack: number;
  lost: number;
  /** Sessions after the reboot that trapped, failed or met StorageFailure from a valid state. */
  unanswered: number;
}

export interface UpdateReport extends FindingCounts {
  update: string;
  writes: number;
  bytesWritten: number;
  /** The write (from 0) after which the state is the update's. */
  commitWrite: number;
  /** Every write that changed the state (a commit), in order; the last is commitWrite. */
  commitWrites: number[];
  cutPoints: number;
  /** The first cuts with a finding. */
  examples: CutVerdict[];
}

export interface CampaignReport extends FindingCounts {
  updates: number;
  cutPoints: number;
  byUpdate: UpdateReport[];
}

export interface CampaignProgress {
  done: number;
  total: number;
  update: string;
}

export interface CampaignOptions {
  /** Seed of the arbitrary bytes each cut leaves. */
  seed: string | number;
  onProgress?: (progress: CampaignProgress) => void;
}

/** Every write, every byte of it, both tear modes. */
export function cutPointsOf(learned: LearnedUpdate<unknown>): CutPoint[] {
  return learned.writes.flatMap((write, index) =>
    Array.from({ length: write.lengthBytes }, (_, byte) => TEAR_MODES.map((mode) => ({ write: index, byte, mode }))).flat(),
  );
}

const hasFinding = (verdict: CutVerdict): boolean => verdict.corrupted || verdict.rolledBack.length > 0 || verdict.lost || verdict.unanswered !== undefined;

export function runCampaign(updates: readonly CuttableUpdate<unknown>[], options: CampaignOptions): CampaignReport {
  const learned = updates.map((update) => learnUpdate(update));
  const plans = learned.map((one) => ({ learned: one, points: cutPointsOf(one) }));
  const total = plans.reduce((sum, plan) => sum + plan.points.length, 0);
  let done = 0;
  const byUpdate = plans.map(({ learned: one, points }): UpdateReport => {
    const report: UpdateReport = {
      update: one.update.name,
      writes: one.writes.length,
      bytesWritten: one.writes.reduce((sum, write) => sum + write.lengthBytes, 0),
      commitWrite: one.commitWrite,
      commitWrites: one.commitWrites,
      cutPoints: points.length,
      corrupted: 0,
      rolledBack: 0,
      lost: 0,
      unanswered: 0,
      examples: [],
    };
    for (const point of points) {
      const verdict = runCut(one, point, options.seed);
      report.corrupted += verdict.corrupted ? 1 : 0;
      report.rolledBack += verdict.rolledBack.length > 0 ? 1 : 0;
      report.lost += verdict.lost ? 1 : 0;
      report.unanswered += verdict.unanswered !== undefined ? 1 : 0;
      if (hasFinding(verdict) && report.examples.length < EXAMPLES_PER_UPDATE) report.examples.push(verdict);
      options.onProgress?.({ done: ++done, total, update: one.update.name });
    }
    return report;
  });
  const sum = (field: keyof FindingCounts | 'cutPoints') => byUpdate.reduce((total, report) => total + report[field], 0);
  return {
    updates: byUpdate.length,
    cutPoints: sum('cutPoints'),
    corrupted: sum('corrupted'),
    rolledBack: sum('rolledBack'),
    lost: sum('lost'),
    unanswered: sum('unanswered'),
    byUpdate,
  };
}

/** The findings that fail the campaign: any corrupted, rolled-back or lost state, or an unanswered session. */
export function campaignFailed(report: FindingCounts): boolean {
  return report.corrupted + report.rolledBack + report.lost + report.unanswered > 0;
}
