/**
 * What every lock implementation offers the key side, the tests and the simulators: the firmware
 * image (through its HAL) and the TypeScript reference lock alike. Later, devices over stdio, TCP
 * and serial ports implement it too.
 */
import type { Reason } from '../../firmware/abi.js';

export interface LockTarget {
  /** Factory provisioning with the 104-byte record of docs/PROTOCOL.md §9.1. */
  provision(record: Uint8Array): Reason;
  /** Power-up: all RAM state is lost, the nonce generator is seeded anew from the entropy source. */
  powerUp(): void;
  /** One frame in; the lock's answer frame out (empty when it sends none). */
  receive(frame: Uint8Array): Uint8Array;
}
