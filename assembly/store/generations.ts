/**
 * A common lock's generation table (PROTOCOL.md §7.6 step 10): per dwelling the newest key
 * generation seen and the day it was first seen, sorted by dwellingId.
 */
import { GENERATION_MOVE_ENTRIES, WRITE_STATE_BYTES } from "../../firmware/protocol";
import { pagesFor } from "../energy";
import { MAC_OUT, MERGE_BUFFER } from "../ram";
import { generationCapacity } from "./config";
import { nvmRead, nvmWrite } from "./nvm";
import { GENERATION_ENTRY_BYTES, generationAreaAddress, STATE_GENERATION_AREA, STATE_GENERATION_COUNT } from "./layout";
import { saveState, setStateU16, setStateU8, stateU16, stateU8 } from "./state";

/**
 * A lookup's result, packed (no allocation): bit 63 NVM failed, bit 62 found, bits 32-47 the index
 * (or the insertion point), bits 16-31 the generation, bits 0-15 the day.
 */
const FAILED: u64 = 1 << 63;
const FOUND: u64 = 1 << 62;

export function lookupFailed(result: u64): bool {
  return (result & FAILED) != 0;
}
export function lookupFound(result: u64): bool {
  return (result & FOUND) != 0;
}
export function lookupIndex(result: u64): u32 {
  return <u32>(result >> 32) & 0xffff;
}
export function lookupGeneration(result: u64): u32 {
  return <u32>(result >> 16) & 0xffff;
}
export function lookupDay(result: u64): u32 {
  return <u32>result & 0xffff;
}

/** Entry `index` of area `area`. */
function entryAddress(area: u32, index: u32): u32 {
  return generationAreaAddress(area, generationCapacity()) + index * GENERATION_ENTRY_BYTES;
}

function activeArea(): u32 {
  return stateU8(STATE_GENERATION_AREA);
}

/** Binary search for `dwellingId` in the active area. */
export function findGeneration(dwellingId: u32): u64 {
  const area = activeArea();
  let low: u32 = 0;
  let high = stateU16(STATE_GENERATION_COUNT);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (!nvmRead(entryAddress(area, middle), MAC_OUT, GENERATION_ENTRY_BYTES)) return FAILED;
    const listed = <u32>load<u16>(MAC_OUT);
    if (listed == dwellingId) {
      return FOUND | (<u64>middle << 32) | (<u64>load<u16>(MAC_OUT + 2) << 16) | <u64>load<u16>(MAC_OUT + 4);
    }
    if (listed < dwellingId) low = middle + 1;
    else high = middle;
  }
  return <u64>low << 32;
}

/** True when the table has no room for another dwelling. */
export function generationTableFull(): bool {
  return stateU16(STATE_GENERATION_COUNT) >= generationCapacity();
}

/** Entries copied per write: GENERATION_MOVE_ENTRIES x 6 bytes, the merge buffer's 96. */
const MOVE_ENTRIES: u32 = <u32>GENERATION_MOVE_ENTRIES;

/** Reads `count` entries of `area` from `first` into MERGE_BUFFER at entry `at`. */
function readEntries(area: u32, first: u32, count: u32, at: u32): bool {
  return nvmRead(entryAddress(area, first), MERGE_BUFFER + <usize>(at * GENERATION_ENTRY_BYTES), count * GENERATION_ENTRY_BYTES);
}

/** The table's length after storeGeneration with `lookup`. */
function countAfter(lookup: u64): u32 {
  return stateU16(STATE_GENERATION_COUNT) + (lookupFound(lookup) ? 0 : 1);
}

/**
 * §7.10: the page writes storeGeneration makes for `lookup`: the whole table with the change,
 * copied into the other area in writes of at most MOVE_ENTRIES entries, then the state.
 */
export function storeGenerationPages(lookup: u64): u32 {
  let pages = pagesFor(<u32>WRITE_STATE_BYTES);
  for (let left = countAfter(lookup); left > 0; left -= min<u32>(left, MOVE_ENTRIES)) {
    pages += pagesFor(min<u32>(left, MOVE_ENTRIES) * GENERATION_ENTRY_BYTES);
  }
  return pages;
}

/**
 * Sets the dwelling's generation and day (docs/STORAGE.md, "Generation table"): the active area
 * with the entry replaced or inserted at the lookup's index is copied into the other area,
 * MOVE_ENTRIES at a time, and the state then names that area and the new count. False when NVM
 * failed; the active table is then as it was.
 */
export function storeGeneration(lookup: u64, dwellingId: u32, generation: u32, day: u32): bool {
  const index = lookupIndex(lookup);
  const found = lookupFound(lookup);
  const source = activeArea();
  const target: u32 = 1 - source;
  const total = countAfter(lookup);
  let written: u32 = 0;
  while (written < total) {
    const end = written + min<u32>(total - written, MOVE_ENTRIES);
    // Positions before the change's index come from the same place, those after it from one place
    // earlier for an insertion: at most two reads per chunk, and the changed entry from RAM.
    const beforeEnd = min<u32>(end, index);
    if (beforeEnd > written && !readEntries(source, written, beforeEnd - written, 0)) return false;
    if (index >= written && index < end) {
      const slot = MERGE_BUFFER + <usize>((index - written) * GENERATION_ENTRY_BYTES);
      store<u16>(slot, <u16>dwellingId);
      store<u16>(slot + 2, <u16>generation);
      store<u16>(slot + 4, <u16>day);
    }
    const afterStart = max<u32>(written, index + 1);
    if (end > afterStart && !readEntries(source, found ? afterStart : afterStart - 1, end - afterStart, afterStart - written)) return false;
    if (!nvmWrite(entryAddress(target, written), MERGE_BUFFER, (end - written) * GENERATION_ENTRY_BYTES)) return false;
    written = end;
  }
  setStateU8(STATE_GENERATION_AREA, target);
  setStateU16(STATE_GENERATION_COUNT, total);
  return saveState();
}
