import type { HalStatus } from '../../firmware/abi.js';
import type { NvmPort } from '../firmware/hal-devices.js';

/** An NvmPort that counts the pages its writes touch (each costs a page program), passing all through. */
export class PageCountingNvm implements NvmPort {
  pagesWritten = 0;

  constructor(
    private readonly nvm: NvmPort,
    private readonly pageBytes: number,
  ) {}

  get sizeBytes(): number {
    return this.nvm.sizeBytes;
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    return this.nvm.read(address, length, bytes, offset);
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (length > 0) this.pagesWritten += Math.floor((address + length - 1) / this.pageBytes) - Math.floor(address / this.pageBytes) + 1;
    return this.nvm.write(address, length, bytes, offset);
  }
}
