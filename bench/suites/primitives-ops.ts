/**
 * The crypto primitives of the "primitives" suite, per implementation, over pre-generated inputs.
 * Each function takes (key index, input index) and returns its 16-byte result as a fresh array.
 * WASM calls go to the raw exports, with the caller's copy in and copy out included.
 */
import { cmac as nobleCmac, unsafe as nobleUnsafe } from '@noble/ciphers/aes.js';
import { AES_BLOCK_BYTES, AES_KEY_BYTES, RX_OFFSET, RX_SIZE, SCRATCH_OFFSET, SCRATCH_SIZE, Status, TX_SIZE } from '../../firmware/abi.js';
import { nobleBlockEncrypt } from '../../host/crypto/aes-noble.js';
import { NodeCmac, nodeBlockEncrypt } from '../../host/crypto/aes-node.js';
import type { BlockEncrypt } from '../../host/crypto/cmac-core.js';
import { diversifyWith } from '../../host/crypto/diversify.js';
import { seededByteStrings } from '../inputs.js';
import { createWasmFixture } from '../wasm-fixture.js';

/** Distinct inputs per row: enough that neither caches nor branch predictors learn them (pitfall 9). */
export const INPUT_COUNT = 1_024;
/** The CMAC message: two AES blocks, a lock's typical challenge-response payload. */
export const MESSAGE_BYTES = 32;
/** Shorter than 31 bytes, so AN10922's padded path (last block XOR K2) is taken. */
export const DIVERSIFY_INPUT_BYTES = 17;
/** Slots kept loaded for the ready-key rows; the last of the 4 slots is left to the cold-key row. */
export const READY_SLOT_COUNT = 2;
const COLD_SLOT = 3;
/** Keys prepared once for the JS implementations (cipher contexts, expanded keys). */
export const PREPARED_KEY_COUNT = 64;

/** Scratch layout: key, then message; the result in the region's last block. */
const KEY_OFFSET = SCRATCH_OFFSET;
const INPUT_OFFSET = SCRATCH_OFFSET + AES_KEY_BYTES;
const OUTPUT_OFFSET = SCRATCH_OFFSET + SCRATCH_SIZE - AES_BLOCK_BYTES;
const OUTPUT_END = OUTPUT_OFFSET + AES_BLOCK_BYTES;
/** The in-memory row's messages: RX and TX together hold 16 distinct 32-byte messages. */
const IN_MEMORY_MESSAGES_OFFSET = RX_OFFSET;
const IN_MEMORY_MESSAGE_MASK = (RX_SIZE + TX_SIZE) / MESSAGE_BYTES - 1;

export type PrimitiveOp = (keyIndex: number, inputIndex: number) => Uint8Array;

export interface PrimitiveOps {
  cmac: { wasmInMemory: PrimitiveOp; wasmReady: PrimitiveOp; wasmCold: PrimitiveOp; nobleOneShot: PrimitiveOp; nodePrepared: PrimitiveOp };
  aes: { wasmReady: PrimitiveOp; nobleExpanded: PrimitiveOp; nobleEcb: PrimitiveOp; nodeEcb: PrimitiveOp };
  diversify: { wasmReady: PrimitiveOp; nobleEcb: PrimitiveOp; nodeEcb: PrimitiveOp };
}

function failed(operation: string, status: number): never {
  throw new Error(`${operation} returned ${Status[status] ?? status}`);
}

export function createPrimitiveOps(seed: string): PrimitiveOps {
  const keys = seededByteStrings(`${seed} keys`, INPUT_COUNT, AES_KEY_BYTES);
  const messages = seededByteStrings(`${seed} messages`, INPUT_COUNT, MESSAGE_BYTES);
  const blocks = messages.map((m) => m.subarray(0, AES_BLOCK_BYTES));
  const diversifyInputs = seededByteStrings(`${seed} diversify`, INPUT_COUNT, DIVERSIFY_INPUT_BYTES);

  const { firmware, devices, memory } = createWasmFixture(seed);
  const { slotLoad, cmac, aesEncrypt, diversify } = firmware.exports;
  for (let slot = 0; slot < READY_SLOT_COUNT; slot++) {
    memory.set(keys[slot]!, KEY_OFFSET);
    const status = slotLoad(slot, KEY_OFFSET);
    if (status !== Status.Ok) failed('slotLoad', status);
  }
  for (let m = 0; m <= IN_MEMORY_MESSAGE_MASK; m++) memory.set(messages[m]!, IN_MEMORY_MESSAGES_OFFSET + m * MESSAGE_BYTES);
  const traceRecords = devices.trace.records;

  const prepared = keys.slice(0, PREPARED_KEY_COUNT);
  const nodeCmacs = prepared.map((key) => new NodeCmac(key));
  const nodeEncrypts: BlockEncrypt[] = prepared.map((key) => nodeBlockEncrypt(key));
  const nobleEncrypts: BlockEncrypt[] = prepared.map((key) => nobleBlockEncrypt(key));
  const nobleRoundKeys = prepared.map((key) => nobleUnsafe.expandKeyLE(key));

  return {
    cmac: {
      // As the lock runs it: the message is already in linear memory (a frame in RX), the tag stays
      // there. The 1,024 messages are placed once, 32 bytes apart, across the RX and TX regions.
      wasmInMemory(slot, i) {
        const messageOffset = IN_MEMORY_MESSAGES_OFFSET + (i & IN_MEMORY_MESSAGE_MASK) * MESSAGE_BYTES;
        const status = cmac(slot, messageOffset, MESSAGE_BYTES, OUTPUT_OFFSET);
        if (status !== Status.Ok) failed('cmac', status);
        return memory.subarray(OUTPUT_OFFSET, OUTPUT_END);
      },
      wasmReady(slot, i) {
        memory.set(messages[i]!, INPUT_OFFSET);
        const status = cmac(slot, INPUT_OFFSET, MESSAGE_BYTES, OUTPUT_OFFSET);
        if (status !== Status.Ok) failed('cmac', status);
        return memory.slice(OUTPUT_OFFSET, OUTPUT_END);
      },
      wasmCold(k, i) {
        // slotLoad emits a trace event the bench devices keep: drop them once per pass over the
        // inputs, or millions of records would make the garbage collector part of the figure.
        if (k === 0) traceRecords.length = 0;
        memory.set(keys[k]!, KEY_OFFSET);
        const loaded = slotLoad(COLD_SLOT, KEY_OFFSET);
        if (loaded !== Status.Ok) failed('slotLoad', loaded);
        memory.set(messages[i]!, INPUT_OFFSET);
        const status = cmac(COLD_SLOT, INPUT_OFFSET, MESSAGE_BYTES, OUTPUT_OFFSET);
        if (status !== Status.Ok) failed('cmac', status);
        return memory.slice(OUTPUT_OFFSET, OUTPUT_END);
      },
      nobleOneShot: (k, i) => nobleCmac(messages[i]!, keys[k]!),
      nodePrepared: (k, i) => nodeCmacs[k]!.tag(messages[i]!),
    },
    aes: {
      wasmReady(slot, i) {
        memory.set(blocks[i]!, INPUT_OFFSET);
        const status = aesEncrypt(slot, INPUT_OFFSET, OUTPUT_OFFSET);
        if (status !== Status.Ok) failed('aesEncrypt', status);
        return memory.slice(OUTPUT_OFFSET, OUTPUT_END);
      },
      // encryptBlock works in place: the copy keeps the input intact, as the WASM row's copy does.
      nobleExpanded: (k, i) => nobleUnsafe.encryptBlock(nobleRoundKeys[k]!, blocks[i]!.slice()),
      nobleEcb: (k, i) => nobleEncrypts[k]!(blocks[i]!),
      nodeEcb: (k, i) => nodeEncrypts[k]!(blocks[i]!),
    },
    diversify: {
      wasmReady(slot, i) {
        memory.set(diversifyInputs[i]!, INPUT_OFFSET);
        const status = diversify(slot, INPUT_OFFSET, DIVERSIFY_INPUT_BYTES, OUTPUT_OFFSET);
        if (status !== Status.Ok) failed('diversify', status);
        return memory.slice(OUTPUT_OFFSET, OUTPUT_END);
      },
      nobleEcb: (k, i) => diversifyWith(nobleEncrypts[k]!, diversifyInputs[i]!),
      nodeEcb: (k, i) => diversifyWith(nodeEncrypts[k]!, diversifyInputs[i]!),
    },
  };
}
