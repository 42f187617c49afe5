import { HalStatus } from '../../firmware/abi.js';
import type { NvmPort } from '../firmware/hal-devices.js';

/**
 * Plain non-volatile memory: a byte array that starts erased and keeps every write whole.
 * The storage model replaces it with page-wise, timed, fault-injecting memory.
 */
export class MemoryNvm implements NvmPort {
  readonly bytes: Uint8Array;
  writes = 0;

  /** erasedValue: what a blank cell reads (0xFF for NOR flash; STM32L0 data EEPROM reads 0x00). */
  constructor(readonly sizeBytes: number, readonly erasedValue = 0xff) {
    this.bytes = new Uint8Array(sizeBytes).fill(erasedValue);
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    copy(this.bytes, address, bytes, offset, length);
    return HalStatus.Ok;
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    copy(bytes, offset, this.bytes, address, length);
    this.writes++;
    return HalStatus.Ok;
  }

  private inRange(address: number, length: number): boolean {
    return address >= 0 && length >= 0 && address + length <= this.sizeBytes;
  }
}

/** Below this many bytes a plain loop beats making a subarray for set() (measured with the decision bench). */
const SHORT_COPY_BYTES = 32;

function copy(from: Uint8Array, fromOffset: number, to: Uint8Array, toOffset: number, length: number): void {
  if (length <= SHORT_COPY_BYTES) {
    for (let i = 0; i < length; i++) to[toOffset + i] = from[fromOffset + i]!;
  } else {
    to.set(from.subarray(fromOffset, fromOffset + length), toOffset);
  }
}
