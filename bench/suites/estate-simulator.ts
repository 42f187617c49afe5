/**
 * Where the "estate" suite finds the estate simulator (sim/estate/): its entry point for
 * benchmarks, `runEstate(scenario, { workers, months })` in parallel/run-estate.js, run on the
 * built-in demo estate (demo/demo-scenario.js DEMO_SCENARIO, read by scenario/load-scenario.js
 * parseScenario). The modules are loaded at run time and what the suite relies on is checked, so a
 * simulator that is missing or changed fails this suite alone, with a message that says what.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

export interface EstateRunOptions {
  workers: number;
  /** The estate's length in months (the demo scenario's own length is overridden). */
  months: number;
}

/** One run of the demo estate; resolves to the number of openings it simulated. */
export type RunDemoEstate = (options: EstateRunOptions) => Promise<{ openings: number }>;

export class EstateUnavailableError extends Error {
  override readonly name = 'EstateUnavailableError';
}

const ESTATE_DIR = fileURLToPath(new URL('../../sim/estate/', import.meta.url));
const MODULES = {
  runEstate: 'parallel/run-estate.js',
  demoScenario: 'demo/demo-scenario.js',
  loadScenario: 'scenario/load-scenario.js',
} as const;

const estateRunSchema = z.looseObject({ openings: z.number().int().positive() });

async function exported(directory: string, file: string, name: string): Promise<unknown> {
  const path = `${directory}${file}`;
  if (!existsSync(path)) throw new EstateUnavailableError(`estate simulator not available: ${path} does not exist (sim/estate/ not built)`);
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  if (!(name in module)) throw new EstateUnavailableError(`estate simulator not available: ${path} exports no ${name}`);
  return module[name];
}

function callable(value: unknown, name: string): (...args: unknown[]) => unknown {
  if (typeof value !== 'function') throw new EstateUnavailableError(`estate simulator not available: ${name} is not a function`);
  return value as (...args: unknown[]) => unknown;
}

/** The demo estate's runner; throws EstateUnavailableError naming what is missing. */
export async function loadEstateSimulator(directory: string = ESTATE_DIR): Promise<RunDemoEstate> {
  const runEstate = callable(await exported(directory, MODULES.runEstate, 'runEstate'), 'runEstate');
  const parseScenario = callable(await exported(directory, MODULES.loadScenario, 'parseScenario'), 'parseScenario');
  const scenario = parseScenario(await exported(directory, MODULES.demoScenario, 'DEMO_SCENARIO'));
  return async (options) => {
    const parsed = estateRunSchema.safeParse(await runEstate(scenario, { workers: options.workers, months: options.months }));
    if (!parsed.success) throw new EstateUnavailableError(`estate simulator not available: runEstate did not resolve to { openings: a positive integer }: ${parsed.error.message}`);
    return parsed.data;
  };
}
