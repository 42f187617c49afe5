/**
 * The bench's plain NVM copies exactly the bytes named, whichever way it copies them (word loop,
 * byte loop, or one set() from a kept view of the range): a sequence of writes and reads gives what
 * a byte-by-byte model gives, also when a range is read again after it was written.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HalStatus } from '../../firmware/abi.js';
import { MemoryNvm } from '../../host/devices/memory-nvm.js';

const NVM_BYTES = 1024;
/** A destination the size of a small linear memory, with room on both sides of any range. */
const MEMORY_BYTES = 512;

type Operation =
  | { kind: 'write'; address: number; offset: number; fill: number; length: number }
  | { kind: 'read'; address: number; offset: number; length: number };

/** Ranges from a small set of addresses, so later reads meet the ranges earlier ones named. */
const addresses = fc.constantFrom(0, 1, 3, 64, 200, 203, 400, 1000);
const lengths = fc.constantFrom(0, 1, 7, 8, 31, 32, 33, 90, 208, 216);
const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), address: addresses, offset: fc.nat(MEMORY_BYTES - 1), fill: fc.nat(255), length: lengths }),
  fc.record({ kind: fc.constant('read' as const), address: addresses, offset: fc.nat(MEMORY_BYTES - 1), length: lengths }),
);

const fits = (start: number, length: number, size: number): boolean => start + length <= size;
/** Byte-for-byte equality without a deep comparison per element (thousands of checks per run). */
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;

describe('MemoryNvm', () => {
  it('should read and write exactly the bytes a byte-by-byte model does, for any sequence of ranges', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (operations) => {
        const nvm = new MemoryNvm(NVM_BYTES);
        const model = new Uint8Array(NVM_BYTES).fill(0xff);
        const memory = new Uint8Array(MEMORY_BYTES);
        const expectedMemory = new Uint8Array(MEMORY_BYTES);
        for (const op of operations) {
          const inNvm = fits(op.address, op.length, NVM_BYTES);
          const inMemory = fits(op.offset, op.length, MEMORY_BYTES);
          if (!inNvm || !inMemory) continue; // the HAL imports refuse such ranges before the NVM sees them
          if (op.kind === 'write') {
            for (let i = 0; i < op.length; i++) memory[op.offset + i] = expectedMemory[op.offset + i] = (op.fill + i) & 0xff;
            expect(nvm.write(op.address, op.length, memory, op.offset)).toBe(HalStatus.Ok);
            model.set(expectedMemory.subarray(op.offset, op.offset + op.length), op.address);
          } else {
            expect(nvm.read(op.address, op.length, memory, op.offset)).toBe(HalStatus.Ok);
            for (let i = 0; i < op.length; i++) expectedMemory[op.offset + i] = model[op.address + i]!;
          }
          expect(sameBytes(memory, expectedMemory)).toBe(true);
        }
        expect(sameBytes(nvm.bytes, model)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('should show a write in the next read of the same range, after that range was read once', () => {
    const nvm = new MemoryNvm(NVM_BYTES);
    const memory = new Uint8Array(MEMORY_BYTES);
    expect(nvm.read(400, 208, memory, 16)).toBe(HalStatus.Ok);
    expect(memory.subarray(16, 224).every((byte) => byte === 0xff)).toBe(true);
    memory.fill(0x5a, 256, 256 + 208);
    expect(nvm.write(400, 208, memory, 256)).toBe(HalStatus.Ok);
    expect(nvm.read(400, 208, memory, 16)).toBe(HalStatus.Ok);
    expect(memory.subarray(16, 224).every((byte) => byte === 0x5a)).toBe(true);
  });

  it('should refuse a read that runs past the end of the NVM and leave the destination unchanged', () => {
    const nvm = new MemoryNvm(NVM_BYTES);
    const memory = new Uint8Array(MEMORY_BYTES).fill(7);
    expect(nvm.read(NVM_BYTES - 100, 208, memory, 0)).toBe(HalStatus.OutOfRange);
    expect(memory.every((byte) => byte === 7)).toBe(true);
  });
});
