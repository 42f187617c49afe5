/**
 * A common lock's generation table (PROTOCOL.md §7.6 step 10): per dwelling the newest key
 * generation seen and the day it was first seen, sorted by dwellingId.
 */
import { GENERATION_MOVE_ENTRIES, WRITE_GENERATION_ENTRY_BYTES, WRITE_STATE_BYTES } from "../../firmware/protocol";
import { pagesFor } from "../energy";
import { MAC_OUT, MERGE_BUFFER } from "../ram";
import { generationCapacity } from "./config";
import { nvmRead, nvmWrite } from "./nvm";
import { GENERATION_ENTRY_BYTES, NVM_GENERATION_ADDRESS, STATE_GENERATION_COUNT } from "./layout";
import { saveState, setStateU16, stateU16 } from "./state";

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

function entryAddress(index: u32): u32 {
  return NVM_GENERATION_ADDRESS + index * GENERATION_ENTRY_BYTES;
}

/** Binary search for `dwellingId`. */
export function findGeneration(dwellingId: u32): u64 {
  let low: u32 = 0;
  let high = stateU16(STATE_GENERATION_COUNT);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (!nvmRead(entryAddress(middle), MAC_OUT, GENERATION_ENTRY_BYTES)) return FAILED;
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

/** Entries moved per write: GENERATION_MOVE_ENTRIES x 6 bytes, the merge buffer's 96. */
const MOVE_ENTRIES: u32 = <u32>GENERATION_MOVE_ENTRIES;

/**
 * §7.10: the page writes storeGeneration makes for `lookup`: the entry, and for a new dwelling the
 * later entries moved up (in writes of at most MOVE_ENTRIES) and the state with the new count.
 */
export function storeGenerationPages(lookup: u64): u32 {
  let pages = pagesFor(<u32>WRITE_GENERATION_ENTRY_BYTES);
  if (lookupFound(lookup)) return pages;
  let later = stateU16(STATE_GENERATION_COUNT) - lookupIndex(lookup);
  while (later > 0) {
    const moved = min<u32>(later, MOVE_ENTRIES);
    pages += pagesFor(moved * GENERATION_ENTRY_BYTES);
    later -= moved;
  }
  return pages + pagesFor(<u32>WRITE_STATE_BYTES);
}

/**
 * Sets the dwelling's generation and day: overwrites a found entry, or inserts at the lookup's
 * index by moving the later entries up one place, the last ones first, MOVE_ENTRIES at a time.
 * False when NVM failed.
 */
export function storeGeneration(lookup: u64, dwellingId: u32, generation: u32, day: u32): bool {
  const index = lookupIndex(lookup);
  const found = lookupFound(lookup);
  if (!found) {
    let end = stateU16(STATE_GENERATION_COUNT);
    while (end > index) {
      const moved = min<u32>(end - index, MOVE_ENTRIES);
      const from = end - moved;
      if (!nvmRead(entryAddress(from), MERGE_BUFFER, moved * GENERATION_ENTRY_BYTES)) return false;
      if (!nvmWrite(entryAddress(from + 1), MERGE_BUFFER, moved * GENERATION_ENTRY_BYTES)) return false;
      end = from;
    }
  }
  store<u16>(MAC_OUT, <u16>dwellingId);
  store<u16>(MAC_OUT + 2, <u16>generation);
  store<u16>(MAC_OUT + 4, <u16>day);
  if (!nvmWrite(entryAddress(index), MAC_OUT, GENERATION_ENTRY_BYTES)) return false;
  if (found) return true;
  setStateU16(STATE_GENERATION_COUNT, stateU16(STATE_GENERATION_COUNT) + 1);
  return saveState();
}
