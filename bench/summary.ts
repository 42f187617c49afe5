/** The CMAC comparison the project quotes: WASM against @noble's one-shot and node:crypto. */
import { formatNs, formatRatio } from './table.js';
import type { BenchRow, SuiteResult } from './types.js';

export interface CmacSummary {
  /** WASM CMAC-32 as the lock runs it (message in linear memory, key schedule ready), ns/op. */
  cmacWasmNs: number;
  /** The same called from JS with the message copied in and the tag sliced out, ns/op. */
  cmacWasmCopiedNs: number;
  /** WASM CMAC-32 including key expansion and subkeys (copied), ns/op. */
  cmacWasmColdNs: number;
  /** @noble one-shot ns / WASM in-memory ns. */
  cmacVsNoble: number;
  /** node:crypto (reused cipher) ns / WASM in-memory ns. */
  cmacVsNode: number;
  /** @noble one-shot ns / WASM copied ns. */
  cmacCopiedVsNoble: number;
  /** @noble one-shot ns / WASM cold-key ns: both pay for the key schedule. */
  cmacColdVsNoble: number;
}

function row(rows: BenchRow[], id: string): BenchRow | undefined {
  return rows.find((candidate) => candidate.id === id);
}

/** Undefined when the primitives suite did not run (e.g. `--suite` chose another). */
export function cmacSummary(results: readonly SuiteResult[]): CmacSummary | undefined {
  const rows = results.flatMap((result) => result.rows);
  const inMemory = row(rows, 'cmac32.wasm.inMemory');
  const copied = row(rows, 'cmac32.wasm.copied');
  const cold = row(rows, 'cmac32.wasm.cold');
  const noble = row(rows, 'cmac32.noble.oneShot');
  const node = row(rows, 'cmac32.node.reusedCipher');
  if (!inMemory || !copied || !cold || !noble || !node) return undefined;
  return {
    cmacWasmNs: inMemory.nsPerOp,
    cmacWasmCopiedNs: copied.nsPerOp,
    cmacWasmColdNs: cold.nsPerOp,
    cmacVsNoble: noble.nsPerOp / inMemory.nsPerOp,
    cmacVsNode: node.nsPerOp / inMemory.nsPerOp,
    cmacCopiedVsNoble: noble.nsPerOp / copied.nsPerOp,
    cmacColdVsNoble: noble.nsPerOp / cold.nsPerOp,
  };
}

export function formatCmacSummary(s: CmacSummary): string {
  return [
    `CMAC-32 in memory: wasm ${formatNs(s.cmacWasmNs)} ns/op; @noble one-shot ${formatRatio(s.cmacVsNoble)} slower; node:crypto ${formatRatio(s.cmacVsNode)} slower`,
    `CMAC-32 copied in and out: wasm ${formatNs(s.cmacWasmCopiedNs)} ns/op; @noble one-shot ${formatRatio(s.cmacCopiedVsNoble)} slower`,
    `CMAC-32 cold key: wasm ${formatNs(s.cmacWasmColdNs)} ns/op; @noble one-shot ${formatRatio(s.cmacColdVsNoble)} slower`,
  ].join('\n');
}
