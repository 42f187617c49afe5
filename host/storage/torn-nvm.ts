/**
 * EEPROM or flash in pages, as an NvmPort (host/firmware/hal-devices.ts), that can lose its power
 * in the middle of a write (STORAGE.md, "The memory the lock is built for"). Size, page size and
 * erased value come from the hardware profile (nvmGeometry).
 *
 * It counts every write and its length: a clean run tells the power-cut campaign where it can
 * cut. Given a cut point (write w, byte k, tear mode), the w-th write is torn there (tear.ts) and
 * throws NvmPowerCut: thrown from the HAL import, it unwinds the firmware mid-step, as a brown-out
 * does (host/power/power-rail.ts). From then on every access throws, until powerOn(): the lock
 * boots again on the same, torn bytes.
 */
import { HalStatus } from '../../firmware/abi.js';
import type { NvmPort } from '../firmware/hal-devices.js';
import { PowerCut } from '../power/power-rail.js';
import type { NvmGeometry } from './nvm-geometry.js';
import { tearWrite, type CutPoint, type Tear } from './tear.js';

/** One write the device was asked for. */
export interface NvmWrite {
  address: number;
  lengthBytes: number;
}

export interface TornNvmOptions {
  /** The NVM's contents to start from (copied); erased when not given. */
  image?: Uint8Array;
  /** Where the power fails; never when not given. */
  cut?: CutPoint;
  /** Seed of the arbitrary bytes a cut leaves. */
  seed?: string | number;
}

/** The power failed in the middle of an NVM write. */
export class NvmPowerCut extends PowerCut {
  constructor(readonly tear: Tear) {
    // No clock runs here: the cut is placed by write and byte, not by time.
    super(0, 'nvm-write');
    this.name = 'NvmPowerCut';
    this.message = `power cut at byte ${tear.byte} of NVM write ${tear.write} (${tear.lengthBytes} bytes at 0x${tear.address.toString(16)}, ${tear.mode})`;
  }
}

/** NVM reached while the power is off (after a cut, before powerOn). */
export class NvmUnpowered extends PowerCut {
  constructor(readonly tear: Tear) {
    super(0, 'nvm-write');
    this.name = 'NvmUnpowered';
    this.message = `NVM accessed with the power off, since the cut at byte ${tear.byte} of write ${tear.write}`;
  }
}

export class TornNvm implements NvmPort {
  readonly bytes: Uint8Array;
  readonly sizeBytes: number;
  /** Every write asked for, in order (the torn one included; refused ones not). */
  readonly writes: NvmWrite[] = [];
  /** The cut, once made. */
  tear: Tear | undefined;
  private powered = true;
  private readonly cut: CutPoint | undefined;
  private readonly seed: string | number;

  constructor(
    readonly geometry: NvmGeometry,
    options: TornNvmOptions = {},
  ) {
    this.sizeBytes = geometry.sizeBytes;
    if (options.image && options.image.length !== geometry.sizeBytes) {
      throw new RangeError(`an NVM image of ${options.image.length} bytes for an NVM of ${geometry.sizeBytes}`);
    }
    this.bytes = options.image ? options.image.slice() : new Uint8Array(geometry.sizeBytes).fill(geometry.erasedValue);
    this.cut = options.cut;
    this.seed = options.seed ?? 0;
  }

  /** The bytes written so far, over every write. */
  get bytesWritten(): number {
    return this.writes.reduce((sum, write) => sum + write.lengthBytes, 0);
  }

  /** The power is back: the lock boots again on the bytes the cut left. No second cut is made. */
  powerOn(): void {
    this.powered = true;
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    this.assertPowered();
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    bytes.set(this.bytes.subarray(address, address + length), offset);
    return HalStatus.Ok;
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    this.assertPowered();
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    const index = this.writes.length;
    this.writes.push({ address, lengthBytes: length });
    const data = bytes.subarray(offset, offset + length);
    if (this.cut && this.cut.write === index && !this.tear) {
      this.tear = tearWrite({ nvm: this.bytes, address, data }, this.cut, this.geometry, this.seed);
      this.powered = false;
      throw new NvmPowerCut(this.tear);
    }
    this.bytes.set(data, address);
    return HalStatus.Ok;
  }

  private assertPowered(): void {
    if (!this.powered && this.tear) throw new NvmUnpowered(this.tear);
  }

  private inRange(address: number, length: number): boolean {
    return Number.isInteger(address) && Number.isInteger(length) && address >= 0 && length >= 0 && address + length <= this.sizeBytes;
  }
}
