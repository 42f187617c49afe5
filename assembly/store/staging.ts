/**
 * The blocklist's staging (PROTOCOL.md §8, docs/STORAGE.md "Blocklist"): a delta the lock has
 * verified is written into a slot of a ring of STAGING_SLOTS, which the state commits together with
 * the delta's version. Its additions count at once (a lookup finds them); the merge into the list
 * runs later, in steps (store/merge.ts).
 */
import { DELTA_ENTRIES, DELTA_ENTRY_BYTES, DELTA_OP_ADD } from "../../firmware/protocol";
import { RX_OFFSET } from "../../firmware/abi";
import { MAC_INPUT } from "../ram";
import { blocklistCapacity, generationCapacity } from "./config";
import { crc32 } from "./crc32";
import { nvmRead, nvmWrite } from "./nvm";
import {
  STAGED_CHECK, STAGED_COUNT, STAGED_ENTRIES, STAGED_SLOT_BYTES, STAGED_VERSION, STAGING_COUNT_SHIFT, STAGING_FIELD_MASK,
  STAGING_MERGED_SHIFT, STAGING_SLOTS, STAGING_START_MASK, STATE_BLOCKLIST_VERSION, STATE_STAGING, stagedSlotAddress,
} from "./layout";
import { saveState, setStateU32, setStateU8, stateU8 } from "./state";

/** The staged ring's first slot. */
export function stagingStart(): u32 {
  return stateU8(STATE_STAGING) & STAGING_START_MASK;
}
/** Deltas staged, 0..STAGING_SLOTS. */
export function stagedCount(): u32 {
  return (stateU8(STATE_STAGING) >> STAGING_COUNT_SHIFT) & STAGING_FIELD_MASK;
}
/** How many staged deltas, from the first, the merge in progress takes in (0: no merge in progress). */
export function mergedCount(): u32 {
  return (stateU8(STATE_STAGING) >> STAGING_MERGED_SHIFT) & STAGING_FIELD_MASK;
}
export function setStaging(start: u32, count: u32, merged: u32): void {
  setStateU8(STATE_STAGING, (start & STAGING_START_MASK) | (count << STAGING_COUNT_SHIFT) | (merged << STAGING_MERGED_SHIFT));
}

function slotAddress(index: u32): u32 {
  return stagedSlotAddress((stagingStart() + index) % STAGING_SLOTS, blocklistCapacity(), generationCapacity());
}

/**
 * Reads the ring's `index`-th staged delta (0: the oldest) into `into` (124 bytes); its entries'
 * count, or -1 when NVM cannot be read or the slot is not one the lock wrote (its check): a state never names a slot before it was written whole, so only damaged memory fails here.
 */
export function readStaged(index: u32, into: usize): i32 {
  if (!nvmRead(slotAddress(index), into, STAGED_SLOT_BYTES)) return -1;
  return crc32(into, <u32>STAGED_CHECK) == load<u32>(into + STAGED_CHECK) ? <i32>load<u8>(into + STAGED_COUNT) : -1;
}
/** Entry `i` of the staged delta read into `slot`: op u8, keyId u32, retireDay u16. */
export function stagedEntryAt(slot: usize, i: u32): usize {
  return slot + STAGED_ENTRIES + <usize>i * <usize>DELTA_ENTRY_BYTES;
}

/**
 * Scans the staged deltas: the add entries they hold (every one, a keyId added twice counts twice)
 * in bits 0-15, and in bit 16 whether one adds `keyId` (its last entry for it, in a delta, is an
 * add: a staged removal counts once merged); -1 when one cannot be read.
 */
export function scanStaged(keyId: u32): i32 {
  let adds: i32 = 0;
  let listed: i32 = 0;
  for (let index: u32 = 0; index < stagedCount(); index++) {
    const entries = readStaged(index, MAC_INPUT);
    if (entries < 0) return -1;
    let last: u32 = 0;
    for (let i: u32 = 0; i < <u32>entries; i++) {
      const entry = stagedEntryAt(MAC_INPUT, i);
      const op = <u32>load<u8>(entry);
      if (op == <u32>DELTA_OP_ADD) adds++;
      if (load<u32>(entry + 1) == keyId) last = op;
    }
    if (last == <u32>DELTA_OP_ADD) listed = 1 << 16;
  }
  return adds | listed;
}

/**
 * Stages the `count` entries of the DELTA in RX, in its order, as version `toVersion`: the slot
 * after the last staged one (no state names it), then the state with the version and one more
 * delta staged. False when a write failed; the state is then what it was. The caller checked there
 * is a free slot.
 */
export function stageDelta(count: u32, toVersion: u32): bool {
  memory.fill(MAC_INPUT, 0, <usize>STAGED_SLOT_BYTES);
  store<u32>(MAC_INPUT + STAGED_VERSION, toVersion);
  store<u8>(MAC_INPUT + STAGED_COUNT, <u8>count);
  memory.copy(MAC_INPUT + STAGED_ENTRIES, <usize>RX_OFFSET + <usize>DELTA_ENTRIES, <usize>count * <usize>DELTA_ENTRY_BYTES);
  store<u32>(MAC_INPUT + STAGED_CHECK, crc32(MAC_INPUT, <u32>STAGED_CHECK));
  const staged = stagedCount();
  if (!nvmWrite(slotAddress(staged), MAC_INPUT, STAGED_SLOT_BYTES)) return false;
  setStaging(stagingStart(), staged + 1, mergedCount());
  setStateU32(STATE_BLOCKLIST_VERSION, toVersion);
  return saveState();
}
