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

  read(address: number, destination: Uint8Array): HalStatus {
    if (!this.inRange(address, destination.length)) return HalStatus.OutOfRange;
    destination.set(this.bytes.subarray(address, address + destination.length));
    return HalStatus.Ok;
  }

  write(address: number, source: Uint8Array): HalStatus {
    if (!this.inRange(address, source.length)) return HalStatus.OutOfRange;
    this.bytes.set(source, address);
    this.writes++;
    return HalStatus.Ok;
  }

  private inRange(address: number, length: number): boolean {
    return address >= 0 && length >= 0 && address + length <= this.sizeBytes;
  }
}
