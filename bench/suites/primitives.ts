/**
 * Suite "primitives": AES-CMAC of 32 bytes, one AES block and AN10922 diversification, in the
 * firmware's WASM against @noble/ciphers and node:crypto, each over 1,024 distinct inputs.
 */
import { measureCases, timePerTaskMs, type BenchCase } from '../measure.js';
import type { Suite, SuiteOptions, SuiteResult } from '../types.js';
import { createPrimitiveOps, INPUT_COUNT, PREPARED_KEY_COUNT, READY_SLOT_COUNT, type PrimitiveOp, type PrimitiveOps } from './primitives-ops.js';

const SEED = 'bench primitives';
const READY_SLOT_MASK = READY_SLOT_COUNT - 1;
const PREPARED_KEY_MASK = PREPARED_KEY_COUNT - 1;

/**
 * Every result's first byte is XORed in, as an integer (a float accumulated in a module-level
 * `let` is boxed, which cost 8 ns/op: pitfall 9), so the optimiser cannot drop the work.
 */
let sink = 0;

/** Each op is its own function literal, so V8 keeps its call site monomorphic and can inline it. */
function cases(ops: PrimitiveOps): BenchCase[] {
  const { cmac, aes, diversify } = ops;
  return [
    { id: 'cmac32.wasm.inMemory', name: 'CMAC-32 wasm (message in memory, key ready)', group: 'CMAC-32', implementation: 'wasm', baseline: true,
      op: (i) => { sink ^= cmac.wasmInMemory(i & READY_SLOT_MASK, i)[0]!; } },
    { id: 'cmac32.wasm.copied', name: 'CMAC-32 wasm (copy in, slice out, key ready)', group: 'CMAC-32', implementation: 'wasm',
      op: (i) => { sink ^= cmac.wasmReady(i & READY_SLOT_MASK, i)[0]!; } },
    { id: 'cmac32.wasm.cold', name: 'CMAC-32 wasm (copied, cold key: expand + subkeys)', group: 'CMAC-32', implementation: 'wasm',
      op: (i) => { sink ^= cmac.wasmCold(i, i)[0]!; } },
    { id: 'cmac32.noble.oneShot', name: 'CMAC-32 @noble one-shot', group: 'CMAC-32', implementation: 'noble',
      op: (i) => { sink ^= cmac.nobleOneShot(i, i)[0]!; } },
    { id: 'cmac32.node.reusedCipher', name: 'CMAC-32 node:crypto (reused ECB cipher)', group: 'CMAC-32', implementation: 'node',
      op: (i) => { sink ^= cmac.nodePrepared(i & PREPARED_KEY_MASK, i)[0]!; } },

    { id: 'aes.wasm.copied', name: 'AES block wasm (key schedule ready)', group: 'AES block', implementation: 'wasm', baseline: true,
      op: (i) => { sink ^= aes.wasmReady(i & READY_SLOT_MASK, i)[0]!; } },
    { id: 'aes.noble.expanded', name: 'AES block @noble (expanded key, unsafe.encryptBlock)', group: 'AES block', implementation: 'noble',
      op: (i) => { sink ^= aes.nobleExpanded(i & PREPARED_KEY_MASK, i)[0]!; } },
    { id: 'aes.noble.ecb', name: 'AES block @noble ecb (expands key per call)', group: 'AES block', implementation: 'noble',
      op: (i) => { sink ^= aes.nobleEcb(i & PREPARED_KEY_MASK, i)[0]!; } },
    { id: 'aes.node.reusedCipher', name: 'AES block node:crypto (reused ECB cipher)', group: 'AES block', implementation: 'node',
      op: (i) => { sink ^= aes.nodeEcb(i & PREPARED_KEY_MASK, i)[0]!; } },

    { id: 'an10922.wasm.copied', name: 'AN10922 wasm (slot loaded)', group: 'AN10922', implementation: 'wasm', baseline: true,
      op: (i) => { sink ^= diversify.wasmReady(i & READY_SLOT_MASK, i)[0]!; } },
    { id: 'an10922.noble.ecb', name: 'AN10922 @noble ecb (diversifyWith)', group: 'AN10922', implementation: 'noble',
      op: (i) => { sink ^= diversify.nobleEcb(i & PREPARED_KEY_MASK, i)[0]!; } },
    { id: 'an10922.node.ecb', name: 'AN10922 node:crypto (diversifyWith)', group: 'AN10922', implementation: 'node',
      op: (i) => { sink ^= diversify.nodeEcb(i & PREPARED_KEY_MASK, i)[0]!; } },
  ];
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Before any timing: every implementation of an operation gives the same bytes for the same
 * (key, input), on the keys every implementation holds (the ready slots) and the first inputs.
 */
function checkAgreement(ops: PrimitiveOps): void {
  const checkedInputs = 8;
  for (const [operation, impls] of Object.entries(ops) as [string, Record<string, PrimitiveOp>][]) {
    for (let k = 0; k < READY_SLOT_COUNT; k++) {
      for (let i = 0; i < checkedInputs; i++) {
        const results = Object.entries(impls).map(([impl, op]) => [impl, hex(op(k, i))] as const);
        const [reference, expected] = results[0]!;
        for (const [impl, got] of results) {
          if (got !== expected) throw new Error(`${operation}: ${impl} gives ${got}, ${reference} gives ${expected} (key ${k}, input ${i})`);
        }
      }
    }
  }
}

export const primitivesSuite: Suite = {
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const ops = createPrimitiveOps(SEED);
    checkAgreement(ops);
    const rows = await measureCases(cases(ops), INPUT_COUNT, options);
    return { kind: 'timed', suite: 'primitives', timePerTaskMs: timePerTaskMs(options), rows, sink };
  },
};
