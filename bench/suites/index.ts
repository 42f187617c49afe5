/**
 * Every benchmark suite, by name, in the order a full run takes them. Each is loaded only in the
 * child process that runs it, so listing them (usage, the CLI) loads no firmware.
 */
import type { Suite } from '../types.js';

export interface SuiteEntry {
  name: string;
  description: string;
  load(): Promise<Suite>;
}

export const SUITES: readonly SuiteEntry[] = [
  {
    name: 'primitives',
    description: 'AES block, CMAC of 32 bytes, AN10922 key diversification: WASM vs @noble/ciphers vs node:crypto',
    load: async () => (await import('./primitives.js')).primitivesSuite,
  },
  {
    name: 'decision',
    description: 'the lock side of one decision (HELLO in to RESULT out), blocklists of 500, 3,000 and 65,535, log off and on: WASM vs the reference lock on @noble and node:crypto',
    load: async () => (await import('./decision.js')).decisionSuite,
  },
  {
    name: 'power-up',
    description: 'power-up cost: a new instance of the image vs its cold reset',
    load: async () => (await import('./power-up.js')).powerUpSuite,
  },
  {
    name: 'estate',
    description: 'the estate simulator: openings per second with 1 and 2 workers',
    load: async () => (await import('./estate.js')).estateSuite,
  },
  {
    name: 'modeled',
    description: 'modelled on-device cost per profile: cycles, us, uJ, AES blocks and key expansions per authentication, NVM writes per grant',
    load: async () => (await import('./modeled.js')).modeledSuite,
  },
];

export const SUITE_NAMES: readonly string[] = SUITES.map((suite) => suite.name);

export function findSuite(name: string): SuiteEntry | undefined {
  return SUITES.find((suite) => suite.name === name);
}
