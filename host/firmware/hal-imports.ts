/**
 * The HAL imports (module "hal") that a firmware instance sees, built over HalDevices. Every
 * (offset, length) the firmware passes is checked against linear memory, and no device error
 * is thrown into the image: the firmware gets a HalStatus.
 */
import { HalStatus, MEASUREMENT_BYTES, halModuleName } from '../../firmware/abi.js';
import type { ActuatorCommand, TraceEvent, WorkOp } from '../../firmware/abi.js';
import type { HalDevices } from './hal-devices.js';

/** WebAssembly passes i32; addresses and lengths are u32. */
const u32 = (value: number) => value >>> 0;

/** `memory` is read lazily because the imports exist before the instance that owns the memory. */
export function createHalImports(devices: HalDevices, memory: () => WebAssembly.Memory): WebAssembly.Imports {
  // One view of linear memory, made at the first call. The image's memory cannot grow (one page,
  // initial and maximum); should a view ever detach, its length reads 0 and it is made again.
  let view: Uint8Array | undefined;
  const memoryBytes = (): Uint8Array => {
    if (view === undefined || view.byteLength === 0) view = new Uint8Array(memory().buffer);
    return view;
  };
  const fits = (offset: number, length: number): boolean => offset + length <= memoryBytes().length;
  const region = (offset: number, length: number): Uint8Array | undefined => {
    const start = u32(offset);
    const size = u32(length);
    return fits(start, size) ? memoryBytes().subarray(start, start + size) : undefined;
  };
  const hal = {
    entropy(dst: number, len: number): number {
      const target = region(dst, len);
      return target ? devices.entropy.fill(target) : HalStatus.OutOfRange;
    },
    nvmRead(addr: number, dst: number, len: number): number {
      const start = u32(dst);
      const size = u32(len);
      return fits(start, size) ? devices.nvm.read(u32(addr), size, memoryBytes(), start) : HalStatus.OutOfRange;
    },
    nvmWrite(addr: number, src: number, len: number): number {
      const start = u32(src);
      const size = u32(len);
      return fits(start, size) ? devices.nvm.write(u32(addr), size, memoryBytes(), start) : HalStatus.OutOfRange;
    },
    actuator(command: number): number {
      return devices.actuator.command(u32(command) as ActuatorCommand);
    },
    trace(event: number, arg: number): void {
      devices.trace.event(u32(event) as TraceEvent, u32(arg));
    },
    timerUs(): number {
      return Math.floor(devices.timer.elapsedUs()) >>> 0;
    },
    energyNj(): number {
      return Math.min(Math.floor(devices.energy.availableNj()), 0xffff_ffff) >>> 0;
    },
    measurement(dst: number): void {
      const target = region(dst, MEASUREMENT_BYTES);
      if (target) target.set(devices.bootRom.measurement().subarray(0, MEASUREMENT_BYTES));
    },
    work(op: number, count: number): void {
      devices.work.work(u32(op) as WorkOp, u32(count));
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
