/**
 * Runs an estate: plans it (plan/plan-estate.ts), runs its complexes on worker threads (piscina),
 * largest first, and merges their results in the complexes' order. Each complex runs alone and draws
 * from its own named random streams, so the results are the same for any number of workers; only
 * `timing` differs. `workers: 0` runs every complex in this thread (tests, debugging).
 *
 * This is also the entry point the benchmarks call: runEstate(scenario, { workers, months }).
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { packagePath } from '../../../host/package-root.js';
import { loadProfileByName } from '../../../host/profile/load-profile.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import { planEstate } from '../plan/plan-estate.js';
import type { EstatePlan, ShardPlan } from '../plan/plan-types.js';
import { mergeResults, type EstateResults } from '../results/estate-results.js';
import { threadEnvironment } from '../run/run-environment.js';
import { runShard, type EstateHeader } from '../run/shard-runner.js';
import type { NotableSession, ShardResult } from '../run/shard-result.js';
import type { Scenario } from '../scenario/scenario-schema.js';
import type { ShardTask } from './estate-worker.js';

export interface RunEstateOptions {
  /** Worker threads (default: the machine's cores); 0 runs in this thread. */
  workers?: number;
  /** Overrides the scenario's length. */
  months?: number;
  /** Overrides the scenario's policy.physicalSampleEvery. */
  physicalSampleEvery?: number;
  /** Keep the notable insertions for the trace (EstateRun.notable). */
  notable?: boolean;
  /** Progress: days of complexes done, out of `total` (complexes x days). */
  onProgress?: (done: number, total: number) => void;
}

export interface EstateRun {
  results: EstateResults;
  /** The openings simulated (= results.openings), for throughput figures. */
  openings: number;
  /** Wall-clock figures: never part of the results. */
  timing: { wallSeconds: number; openingsPerSecond: number; workers: number };
  plan: EstatePlan;
  shards: ShardResult[];
  /** With options.notable: the notable insertions of every complex, in time order. */
  notable: NotableSession[];
}

export function defaultWorkers(): number {
  return availableParallelism();
}

function header(plan: EstatePlan): EstateHeader {
  const { shards: _shards, ...rest } = plan;
  return rest;
}

export async function runEstate(scenario: Scenario, options: RunEstateOptions = {}): Promise<EstateRun> {
  const started = process.hrtime.bigint();
  const plan = planEstate(scenario, options.months !== undefined ? { months: options.months } : {});
  const workers = options.workers ?? defaultWorkers();
  const days = plan.endDay - plan.startDay;
  const total = plan.shards.length * days;
  let done = 0;
  const progress = (daysDone: number) => {
    done += daysDone;
    options.onProgress?.(done, total);
  };
  const profile = loadProfileByName(plan.profile);
  const shards = workers <= 0 ? runHere(plan, profile, options, progress) : await runOnWorkers(plan, profile, workers, options, progress);
  const results = mergeResults(plan, shards);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const notable = shards.flatMap((shard) => shard.notable).sort((a, b) => a.at - b.at || a.keyId - b.keyId);
  return { results, openings: results.openings, timing: { wallSeconds, openingsPerSecond: results.openings / wallSeconds, workers }, plan, shards, notable };
}

function runHere(plan: EstatePlan, profile: HardwareProfile, options: RunEstateOptions, progress: (days: number) => void): ShardResult[] {
  const environment = threadEnvironment(profile);
  const estate = header(plan);
  return plan.shards.map((shard) => {
    let reported = 0;
    return runShard(environment, estate, shard, {
      ...(options.physicalSampleEvery !== undefined ? { physicalSampleEvery: options.physicalSampleEvery } : {}),
      keepNotable: options.notable ?? false,
      onDay: (days) => {
        progress(days - reported);
        reported = days;
      },
    });
  });
}

/** Complexes with more dwellings go first, so that the last one to finish is a small one. */
function bySize(shards: readonly ShardPlan[]): ShardPlan[] {
  return [...shards].sort((a, b) => b.doors.length - a.doors.length || a.index - b.index);
}

async function runOnWorkers(plan: EstatePlan, profile: HardwareProfile, workers: number, options: RunEstateOptions, progress: (days: number) => void): Promise<ShardResult[]> {
  const pool = new Piscina<ShardTask, ShardResult>({
    filename: packagePath('dist', 'sim', 'estate', 'parallel', 'estate-worker.js'),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1000,
  });
  const estate = header(plan);
  try {
    const results = await Promise.all(
      bySize(plan.shards).map((shard) => {
        const channel = new MessageChannel();
        channel.port1.on('message', (days: number) => progress(days));
        const task: ShardTask = { estate, profile, shard, progress: channel.port2, keepNotable: options.notable ?? false, ...(options.physicalSampleEvery !== undefined ? { physicalSampleEvery: options.physicalSampleEvery } : {}) };
        return pool.run(task, { transferList: [channel.port2] }).finally(() => channel.port1.close());
      }),
    );
    return results.sort((a, b) => a.shard - b.shard);
  } finally {
    await pool.destroy();
  }
}
