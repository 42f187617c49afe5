/**
 * A worker thread of the estate run (piscina): runs one complex and returns its result. The thread
 * keeps its firmware instance and physics lane between tasks (run/run-environment.ts); nothing of
 * one complex stays for the next. Day progress goes back through the task's MessagePort. The task
 * carries the hardware profile, so that a worker does not load the profiles' schema (zod).
 */
import type { MessagePort } from 'node:worker_threads';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import type { ShardPlan } from '../plan/plan-types.js';
import { threadEnvironment } from '../run/run-environment.js';
import { runShard, type EstateHeader } from '../run/shard-runner.js';
import type { ShardResult } from '../run/shard-result.js';

export interface ShardTask {
  estate: EstateHeader;
  /** The estate's hardware profile, loaded and checked by the main thread. */
  profile: HardwareProfile;
  shard: ShardPlan;
  physicalSampleEvery?: number;
  keepNotable?: boolean;
  progress?: MessagePort;
}

/** Days between progress messages. */
const PROGRESS_EVERY_DAYS = 7;

export default function runShardTask(task: ShardTask): ShardResult {
  const environment = threadEnvironment(task.profile);
  let reported = 0;
  const result = runShard(environment, task.estate, task.shard, {
    ...(task.physicalSampleEvery !== undefined ? { physicalSampleEvery: task.physicalSampleEvery } : {}),
    keepNotable: task.keepNotable ?? false,
    onDay: (days) => {
      if (days - reported >= PROGRESS_EVERY_DAYS) {
        task.progress?.postMessage(days - reported);
        reported = days;
      }
    },
  });
  const total = task.estate.endDay - task.estate.startDay;
  if (total > reported) task.progress?.postMessage(total - reported);
  task.progress?.close();
  return result;
}
