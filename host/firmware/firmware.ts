/**
 * A running firmware instance: the image instantiated over a set of HAL devices, with typed
 * access to its exports and its linear memory.
 */
import { ABI_VERSION, exportSignatures, HOST_WINDOW_END, HOST_WINDOW_OFFSET } from '../../firmware/abi.js';
import type { Status } from '../../firmware/abi.js';
import type { HalDevices } from './hal-devices.js';
import { createHalImports } from './hal-imports.js';
import type { FirmwareImage } from './image.js';

/** The image's exports, typed (firmware/abi.ts exportSignatures() documents each). */
export interface FirmwareExports {
  readonly memory: WebAssembly.Memory;
  abiVersion(): number;
  buildFeatures(): number;
  coldReset(): void;
  boot(): Status;
  slotLoad(slot: number, keyOffset: number): Status;
  aesEncrypt(slot: number, inOffset: number, outOffset: number): Status;
  cmac(slot: number, messageOffset: number, length: number, tagOffset: number): Status;
  diversify(slot: number, inputOffset: number, length: number, outOffset: number): Status;
  nonce(outOffset: number, length: number): Status;
  provision(offset: number, length: number): number;
  receive(length: number): number;
}

export class AbiMismatchError extends Error {
  override readonly name = 'AbiMismatchError';
}

/** The export names of the ABI, from firmware/abi.ts. */
export function abiExportNames(): string[] {
  return exportSignatures().map((signature) => signature.slice(0, signature.indexOf('(')));
}

export class Firmware {
  readonly exports: FirmwareExports;

  private constructor(
    readonly image: FirmwareImage,
    readonly devices: HalDevices,
    instance: WebAssembly.Instance,
  ) {
    this.exports = instance.exports as unknown as FirmwareExports;
  }

  /** Instantiates the image over the devices; refuses an image whose ABI differs from the host's. */
  static instantiate(image: FirmwareImage, devices: HalDevices): Firmware {
    let memory: WebAssembly.Memory | undefined;
    const imports = createHalImports(devices, () => {
      if (!memory) throw new Error('the firmware called the HAL before its instantiation finished');
      return memory;
    });
    const instance = new WebAssembly.Instance(image.module, imports);
    const missing = abiExportNames().filter((name) => typeof instance.exports[name] !== 'function');
    if (missing.length > 0) throw new AbiMismatchError(`${image.path}: missing exports ${missing.join(', ')}`);
    memory = instance.exports.memory as WebAssembly.Memory;
    const firmware = new Firmware(image, devices, instance);
    const imageAbi = firmware.exports.abiVersion() >>> 0;
    if (imageAbi !== ABI_VERSION) throw new AbiMismatchError(`${image.path}: ABI version ${imageAbi}, host expects ${ABI_VERSION}`);
    return firmware;
  }

  /** A live view of linear memory (re-created on each call: views detach if memory is replaced). */
  memoryView(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, offset, length);
  }

  /** Copies bytes into the host window (RX, TX, scratch); refuses anything outside it. */
  write(offset: number, data: Uint8Array): void {
    assertInHostWindow(offset, data.length);
    this.memoryView(offset, data.length).set(data);
  }

  /** Copies bytes out of the host window. */
  read(offset: number, length: number): Uint8Array {
    assertInHostWindow(offset, length);
    return this.memoryView(offset, length).slice();
  }

  /** A copy of the whole linear memory, for comparing instances byte for byte. */
  snapshotMemory(): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer).slice();
  }
}

function assertInHostWindow(offset: number, length: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || length < 0 || offset < HOST_WINDOW_OFFSET || offset + length > HOST_WINDOW_END) {
    throw new RangeError(`[${offset}, ${offset + length}) is outside the host window [${HOST_WINDOW_OFFSET}, ${HOST_WINDOW_END})`);
  }
}
