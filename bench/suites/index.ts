/** Every benchmark suite, by name, in the order a full run takes them. */
import type { Suite } from '../types.js';
import { primitivesSuite } from './primitives.js';

export const SUITES: readonly Suite[] = [primitivesSuite];

export function findSuite(name: string): Suite | undefined {
  return SUITES.find((suite) => suite.name === name);
}
