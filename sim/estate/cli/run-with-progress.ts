/**
 * An estate run for the CLI: a progress bar on stderr when it is a terminal (cli-progress), none
 * otherwise (a pipe, a test, CI), so that stdout carries only the results.
 */
import { InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { runEstate, type EstateRun, type RunEstateOptions } from '../parallel/run-estate.js';
import type { Scenario } from '../scenario/scenario-schema.js';

export async function runWithProgress(scenario: Scenario, options: Omit<RunEstateOptions, 'onProgress'>): Promise<EstateRun> {
  if (!process.stderr.isTTY) return runEstate(scenario, options);
  const bar = new SingleBar({
    stream: process.stderr,
    format: 'simulating {bar} {percentage}% | {value}/{total} complex-days | {duration_formatted} | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  try {
    return await runEstate(scenario, {
      ...options,
      onProgress: (done, total) => {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
  } finally {
    if (started) bar.stop();
  }
}

/** A commander argument parser: an integer of at least `min`. */
export function integerAtLeast(min: number, what: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`expected ${what}: an integer of at least ${min}, got "${text}"`);
    return value;
  };
}
