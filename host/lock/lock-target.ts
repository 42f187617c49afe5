/**
 * What every lock implementation offers the key side, the tests and the simulators: the firmware
 * image (through its HAL) and the TypeScript reference lock alike. A device over stdio, TCP or a
 * serial port is reached through the device link instead (host/hil/device/hil-device.ts HilDevice,
 * docs/VECTORS.md), which also loads a lock's initial state and sets its energy and time per frame.
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
