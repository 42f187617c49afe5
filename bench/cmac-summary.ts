/** The CMAC comparison the project quotes: WASM against @noble's one-shot and node:crypto. */
import { nsPerOp, ratio, type FigureTree } from './figures.js';
import type { SuiteResult } from './types.js';

export const PRIMITIVES_SUITE = 'primitives';

export const CMAC_ROWS = {
  /** As the lock runs it: message in linear memory, key schedule ready. */
  wasmInMemory: 'cmac32.wasm.inMemory',
  /** Called from JS with the message copied in and the tag sliced out. */
  wasmCopied: 'cmac32.wasm.copied',
  /** Including key expansion and subkeys (copied). */
  wasmCold: 'cmac32.wasm.cold',
  nobleOneShot: 'cmac32.noble.oneShot',
  nodeReusedCipher: 'cmac32.node.reusedCipher',
} as const;

/**
 * cmacWasmNs (in memory), cmacVsNoble and cmacVsNode (times faster than @noble's one-shot and a
 * node:crypto CMAC on a reused cipher), and the copied and cold-key variants against @noble.
 */
export function cmacFigures(results: readonly SuiteResult[]): FigureTree {
  const ns = (id: string) => nsPerOp(results, PRIMITIVES_SUITE, id);
  const inMemory = ns(CMAC_ROWS.wasmInMemory);
  const copied = ns(CMAC_ROWS.wasmCopied);
  const cold = ns(CMAC_ROWS.wasmCold);
  const noble = ns(CMAC_ROWS.nobleOneShot);
  return {
    cmacWasmNs: inMemory,
    cmacVsNoble: ratio(noble, inMemory),
    cmacVsNode: ratio(ns(CMAC_ROWS.nodeReusedCipher), inMemory),
    cmacCopiedVsNoble: ratio(noble, copied),
    cmacColdVsNoble: ratio(noble, cold),
  };
}
