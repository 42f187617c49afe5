import { HalStatus } from '../../firmware/abi.js';
import type { NvmPort } from '../firmware/hal-devices.js';

/**
 * Whether a lock's NVM refuses every write now: a worn-out or write-protected part, or a test
 * build's fault injection (docs/VECTORS.md, NVM_WRITES). Shared by the NVM that fails and by the
 * reference lock, which answers as the firmware does when its writes fail.
 */
export interface NvmWriteFault {
  writesFail: boolean;
}

/**
 * NVM that passes everything through to `nvm` until its fault is switched on; from then on every
 * write is refused (HalStatus.Unavailable) and changes nothing, while reads still work.
 */
export class FailingNvm implements NvmPort {
  constructor(
    private readonly nvm: NvmPort,
    readonly fault: NvmWriteFault = { writesFail: false },
  ) {}

  get sizeBytes(): number {
    return this.nvm.sizeBytes;
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    return this.nvm.read(address, length, bytes, offset);
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (this.fault.writesFail) return HalStatus.Unavailable;
    return this.nvm.write(address, length, bytes, offset);
  }
}
