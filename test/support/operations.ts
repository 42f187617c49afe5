/** Random sequences of crypto-service calls with arbitrary arguments, for property tests. */
import fc from 'fast-check';
import { HOST_WINDOW_END, HOST_WINDOW_OFFSET } from '../../firmware/abi.js';
import type { Firmware } from '../../host/firmware/firmware.js';

export type Operation =
  | { kind: 'write'; offset: number; bytes: Uint8Array }
  | { kind: 'slotLoad'; args: [number, number] }
  | { kind: 'aesEncrypt'; args: [number, number, number] }
  | { kind: 'cmac'; args: [number, number, number, number] }
  | { kind: 'diversify'; args: [number, number, number, number] }
  | { kind: 'nonce'; args: [number, number] };

/** Mostly plausible values near the host window, plus any i32 at all. */
const argument = fc.oneof(
  fc.integer({ min: 0, max: 8 }),
  fc.integer({ min: 0, max: HOST_WINDOW_END + 0x100 }),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
);

export const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), offset: fc.integer({ min: HOST_WINDOW_OFFSET, max: HOST_WINDOW_END - 64 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
  fc.record({ kind: fc.constant('slotLoad' as const), args: fc.tuple(argument, argument) }),
  fc.record({ kind: fc.constant('aesEncrypt' as const), args: fc.tuple(argument, argument, argument) }),
  fc.record({ kind: fc.constant('cmac' as const), args: fc.tuple(argument, argument, argument, argument) }),
  fc.record({ kind: fc.constant('diversify' as const), args: fc.tuple(argument, argument, argument, argument) }),
  fc.record({ kind: fc.constant('nonce' as const), args: fc.tuple(argument, argument) }),
);

/** Applies one operation; returns the export's status (or 0 for a host write). */
export function apply(firmware: Firmware, op: Operation): number {
  const exports = firmware.exports;
  switch (op.kind) {
    case 'write':
      firmware.write(op.offset, op.bytes);
      return 0;
    case 'slotLoad':
      return exports.slotLoad(...op.args);
    case 'aesEncrypt':
      return exports.aesEncrypt(...op.args);
    case 'cmac':
      return exports.cmac(...op.args);
    case 'diversify':
      return exports.diversify(...op.args);
    case 'nonce':
      return exports.nonce(...op.args);
  }
}
