/**
 * A lock as the vector runner drives it (docs/VECTORS.md, "The device link"): erased, provisioned,
 * powered up with given TRNG bytes, fed frames with the energy and time of each step, and its NVM
 * writes made to fail (a test build's fault injection). The in-process targets and the devices over
 * stdio, TCP and serial ports all offer it.
 */
import type { Reason } from '../../../firmware/abi.js';
import type { NvmWriteMode } from '../vectors/schema.js';

/**
 * A device's answer to NVM_WRITES: `done`, or `unsupported` when it cannot make its NVM fail (a
 * production build, or a test build without the fault hook).
 */
export type NvmWritesAnswer = 'done' | 'unsupported';

/** What a device says of itself (the link's HELLO). */
export interface DeviceHello {
  /** The device link's version (docs/VECTORS.md). */
  linkVersion: number;
  /** The lock protocol's version (PROTOCOL.md, firmware/protocol.ts PROTOCOL_VERSION). */
  protocolVersion: number;
  /** The firmware ABI's version (firmware/abi.ts ABI_VERSION). */
  abiVersion: number;
  /** The hardware profile the device is (firmware/profiles/NAME.json). */
  profile: string;
  /** Free text: what implements the lock (e.g. "cylsim firmware release"). */
  implementation: string;
}

export interface HilDevice {
  hello(): Promise<DeviceHello>;
  /** Back to a blank, unprovisioned, unpowered lock (on silicon: the test build erases its NVM). */
  erase(): Promise<void>;
  /** Factory provisioning with the 104-byte record (PROTOCOL.md §9.1); the lock's reason. */
  provision(record: Uint8Array): Promise<Reason>;
  /** A power-up whose TRNG gives `entropy` (32 bytes, the nonce generator's seed, §7.1). */
  powerUp(entropy: Uint8Array): Promise<void>;
  /** One frame in, with the gauge at `energyNj` and the timer at `atUs`; the lock's answer (empty: none). */
  frame(frame: Uint8Array, energyNj: number, atUs: number): Promise<Uint8Array>;
  /** From now on every NVM write fails (`fail`), or writes work again (`work`); ERASE makes them work again. */
  nvmWrites(mode: NvmWriteMode): Promise<NvmWritesAnswer>;
  close(): Promise<void>;
}

/** The device could not carry out a request (as opposed to a lock's refusal, which is a frame). */
export class DeviceFault extends Error {
  override readonly name = 'DeviceFault';
}
