/** The shape of a lock's non-volatile memory, as its hardware profile gives it (PROFILES.md, "nvm"). */
import type { HardwareProfile } from '../profile/schema.js';

export interface NvmGeometry {
  sizeBytes: number;
  /** A page write erases and programs one page of this many bytes (STORAGE.md, "The memory the lock is built for"). */
  pageBytes: number;
  /** What an erased cell reads: 0xFF for NOR flash, 0x00 for the STM32L0's data EEPROM. */
  erasedValue: number;
}

export function nvmGeometry(profile: HardwareProfile): NvmGeometry {
  return { sizeBytes: profile.nvm.sizeBytes.value, pageBytes: profile.nvm.pageBytes.value, erasedValue: profile.nvm.erasedValue.value };
}

/** The first address of the page that holds `address`. */
export function pageStart(geometry: NvmGeometry, address: number): number {
  return address - (address % geometry.pageBytes);
}
