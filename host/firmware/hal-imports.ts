/**
 * The HAL imports (module "hal") that a firmware instance sees, built over HalDevices. Every
 * (offset, length) the firmware passes is checked against linear memory, and no device error
 * is thrown into the image: the firmware gets a HalStatus.
 *
 * The firmware calls nvmRead seven times per decision (HELLO and AUTH), so each import does its
 * checks on one view of memory made once, allocates nothing, and creates no closure per call.
 */
import { HalStatus, MEASUREMENT_BYTES, halModuleName } from '../../firmware/abi.js';
import type { ActuatorCommand, TraceEvent, WorkOp } from '../../firmware/abi.js';
import type { HalDevices } from './hal-devices.js';

/** `memory` is read lazily because the imports exist before the instance that owns the memory. */
export function createHalImports(devices: HalDevices, memory: () => WebAssembly.Memory): WebAssembly.Imports {
  // One view of linear memory, made at the first call. The image's memory cannot grow (one page,
  // initial and maximum); should a view ever detach, its length reads 0: a range that does not fit
  // is checked again against a new view (memoryFits) before it is refused.
  let view: Uint8Array | undefined;
  const memoryBytes = (): Uint8Array => {
    let bytes = view;
    if (bytes === undefined) bytes = view = new Uint8Array(memory().buffer);
    return bytes;
  };
  /** Slow path of a range check that failed: a detached view is replaced, then the range is checked again. */
  const memoryFits = (end: number): Uint8Array | undefined => {
    if (memoryBytes().length === 0) view = new Uint8Array(memory().buffer);
    const bytes = memoryBytes();
    return end <= bytes.length ? bytes : undefined;
  };
  // The view entropy() last filled, and the memory view and range it was made from: the firmware
  // draws its seed into the same buffer at every power-up, and a subarray costs more than the draw.
  let entropyView: Uint8Array = new Uint8Array(0);
  let entropyOf: Uint8Array | undefined;
  let entropyStart = -1;
  let entropyEnd = -1;
  const hal = {
    entropy(dst: number, len: number): number {
      const start = dst >>> 0;
      const end = start + (len >>> 0);
      let bytes: Uint8Array | undefined = memoryBytes();
      if (end > bytes.length) bytes = memoryFits(end);
      if (!bytes) return HalStatus.OutOfRange;
      if (bytes !== entropyOf || start !== entropyStart || end !== entropyEnd) {
        entropyView = bytes.subarray(start, end);
        entropyOf = bytes;
        entropyStart = start;
        entropyEnd = end;
      }
      return devices.entropy.fill(entropyView);
    },
    nvmRead(addr: number, dst: number, len: number): number {
      const start = dst >>> 0;
      const size = len >>> 0;
      let bytes: Uint8Array | undefined = memoryBytes();
      if (start + size > bytes.length) bytes = memoryFits(start + size);
      return bytes ? devices.nvm.read(addr >>> 0, size, bytes, start) : HalStatus.OutOfRange;
    },
    nvmWrite(addr: number, src: number, len: number): number {
      const start = src >>> 0;
      const size = len >>> 0;
      let bytes: Uint8Array | undefined = memoryBytes();
      if (start + size > bytes.length) bytes = memoryFits(start + size);
      return bytes ? devices.nvm.write(addr >>> 0, size, bytes, start) : HalStatus.OutOfRange;
    },
    actuator(command: number): number {
      return devices.actuator.command((command >>> 0) as ActuatorCommand);
    },
    trace(event: number, arg: number): void {
      devices.trace.event((event >>> 0) as TraceEvent, arg >>> 0);
    },
    timerUs(): number {
      return Math.floor(devices.timer.elapsedUs()) >>> 0;
    },
    energyNj(): number {
      return Math.max(0, Math.min(Math.floor(devices.energy.availableNj()), 0xffff_ffff)) >>> 0; // a u32: never wraps
    },
    measurement(dst: number): void {
      const start = dst >>> 0;
      let bytes: Uint8Array | undefined = memoryBytes();
      if (start + MEASUREMENT_BYTES > bytes.length) bytes = memoryFits(start + MEASUREMENT_BYTES);
      if (bytes) bytes.set(devices.bootRom.measurement().subarray(0, MEASUREMENT_BYTES), start);
    },
    work(op: number, count: number): void {
      devices.work.work((op >>> 0) as WorkOp, count >>> 0);
    },
  };
  return { [halModuleName()]: hal, env: { abort: abortFromImage(memory) } };
}

/**
 * Debug images keep AssemblyScript's assertions, which call env.abort(message, file, line, column)
 * with pointers to UTF-16 strings. The failure becomes a JS error naming the place.
 */
function abortFromImage(memory: () => WebAssembly.Memory) {
  const readString = (pointer: number): string => {
    if (pointer === 0) return '';
    const view = new DataView(memory().buffer);
    const byteLength = view.getUint32(pointer - 4, true); // AssemblyScript object header: rtSize at -4
    return new TextDecoder('utf-16le').decode(new Uint8Array(memory().buffer, pointer, byteLength));
  };
  return (message: number, file: number, line: number, column: number): never => {
    throw new FirmwareAbort(`${readString(message)} at ${readString(file)}:${line}:${column}`);
  };
}

export class FirmwareAbort extends Error {
  override readonly name = 'FirmwareAbort';
}
