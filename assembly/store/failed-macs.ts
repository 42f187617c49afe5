/**
 * The failed-MAC counter (DESIGN.md "What an opening may write"; docs/STORAGE.md): FAILED_MAC_CELLS
 * cells of one page each, value u32 ‖ its complement. The count is the largest valid value; an
 * increment writes value + 1 into the cell after that value's, so each cell takes one write in
 * FAILED_MAC_CELLS and a torn cell leaves the previous value standing in another.
 */
import { WRITE_COUNTER_CELL_BYTES } from "../../firmware/protocol";
import { LOG_PAIR, MAC_OUT } from "../ram";
import { blocklistCapacity, generationCapacity, logPages } from "./config";
import { FAILED_MAC_CELLS, failedMacCellAddress } from "./layout";
import { nvmRead, nvmWrite } from "./nvm";

function cellAddress(cell: u32): u32 {
  return failedMacCellAddress(cell, logPages(), blocklistCapacity(), generationCapacity());
}

/** The count (high 32 bits) and the cell holding it (low 32 bits; FAILED_MAC_CELLS: none), or u64.MAX_VALUE when NVM failed. */
function readCount(): u64 {
  let count: u32 = 0;
  let holder: u32 = FAILED_MAC_CELLS;
  for (let cell: u32 = 0; cell < FAILED_MAC_CELLS; cell++) {
    if (!nvmRead(cellAddress(cell), LOG_PAIR, <u32>WRITE_COUNTER_CELL_BYTES)) return u64.MAX_VALUE;
    const value = load<u32>(LOG_PAIR);
    if (load<u32>(LOG_PAIR + 4) != ~value) continue;
    if (holder == FAILED_MAC_CELLS || value > count) {
      count = value;
      holder = cell;
    }
  }
  return (<u64>count << 32) | <u64>holder;
}

/** Failed MACs counted so far, or u32.MAX_VALUE when NVM failed. */
export function failedMacCount(): u32 {
  const read = readCount();
  return read == u64.MAX_VALUE ? u32.MAX_VALUE : <u32>(read >> 32);
}

/** Counts one more; false when NVM failed. */
export function countFailedMac(): bool {
  const read = readCount();
  if (read == u64.MAX_VALUE) return false;
  const holder = <u32>read;
  const next = <u32>(read >> 32) + 1;
  const cell = holder == FAILED_MAC_CELLS ? 0 : (holder + 1) % FAILED_MAC_CELLS;
  store<u32>(MAC_OUT, next);
  store<u32>(MAC_OUT + 4, ~next);
  return nvmWrite(cellAddress(cell), MAC_OUT, <u32>WRITE_COUNTER_CELL_BYTES);
}
