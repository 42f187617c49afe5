/**
 * A common lock's generation table (PROTOCOL.md §7.6 step 10): per dwelling the newest key
 * generation seen and the day it was first seen, sorted by dwellingId.
 */
import { MAC_OUT } from "../ram";
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

/**
 * Sets the dwelling's generation and day: overwrites a found entry, or inserts at the lookup's
 * index by moving the later entries up one place. False when NVM failed.
 */
export function storeGeneration(lookup: u64, dwellingId: u32, generation: u32, day: u32): bool {
  const index = lookupIndex(lookup);
  const found = lookupFound(lookup);
  if (!found) {
    for (let at = stateU16(STATE_GENERATION_COUNT); at > index; at--) {
      if (!nvmRead(entryAddress(at - 1), MAC_OUT, GENERATION_ENTRY_BYTES)) return false;
      if (!nvmWrite(entryAddress(at), MAC_OUT, GENERATION_ENTRY_BYTES)) return false;
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
