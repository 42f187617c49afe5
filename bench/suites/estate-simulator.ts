/**
 * Where the "estate" suite finds the estate simulator (sim/estate/): its entry point for
 * benchmarks, `runEstate(scenario, { workers, months })` in parallel/run-estate.js, run on a
 * generated estate (generate/generate-estate.js generateEstate, the estate `cylsim estate --doors N
 * --keys M` writes, read by scenario/load-scenario.js parseScenario). The modules are loaded at run
 * time and what the suite relies on is checked, so a simulator that is missing or changed fails
 * this suite alone, with a message that says what.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';

/** The generated estate a run simulates: N cylinders in all and M keys (`cylsim estate`). */
export interface EstateSize {
  doors: number;
  keys: number;
}

export interface EstateRunOptions extends EstateSize {
  workers: number;
  /** The estate's length in months (the generated scenario's own length is overridden). */
  months: number;
}

/** One run of a generated estate; resolves to the number of openings it simulated. */
export type RunGeneratedEstate = (options: EstateRunOptions) => Promise<{ openings: number }>;

export class EstateUnavailableError extends Error {
  override readonly name = 'EstateUnavailableError';
}

const ESTATE_DIR = fileURLToPath(new URL('../../sim/estate/', import.meta.url));
const MODULES = {
  runEstate: 'parallel/run-estate.js',
  generateEstate: 'generate/generate-estate.js',
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

/**
 * The generated estates' runner; throws EstateUnavailableError naming what is missing. Each size
 * is generated and checked once, outside the timed runs.
 */
export async function loadEstateSimulator(directory: string = ESTATE_DIR): Promise<RunGeneratedEstate> {
  const runEstate = callable(await exported(directory, MODULES.runEstate, 'runEstate'), 'runEstate');
  const parseScenario = callable(await exported(directory, MODULES.loadScenario, 'parseScenario'), 'parseScenario');
  const generateEstate = callable(await exported(directory, MODULES.generateEstate, 'generateEstate'), 'generateEstate');
  const scenarios = new Map<string, unknown>();
  const scenarioFor = (size: EstateSize): unknown => {
    const name = `${size.doors} doors, ${size.keys} keys`;
    let scenario = scenarios.get(name);
    if (scenario === undefined) {
      scenario = parseScenario(generateEstate({ doors: size.doors, keys: size.keys }), name);
      scenarios.set(name, scenario);
    }
    return scenario;
  };
  return async (options) => {
    const scenario = scenarioFor(options);
    const parsed = estateRunSchema.safeParse(await runEstate(scenario, { workers: options.workers, months: options.months }));
    if (!parsed.success) throw new EstateUnavailableError(`estate simulator not available: runEstate did not resolve to { openings: a positive integer }: ${parsed.error.message}`);
    return parsed.data;
  };
}
