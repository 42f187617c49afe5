/** Every benchmark suite, by name, in the order a full run takes them. */
import type { Suite } from '../types.js';
import { decisionSuite } from './decision.js';
import { primitivesSuite } from './primitives.js';

export const SUITES: readonly Suite[] = [primitivesSuite, decisionSuite];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}
