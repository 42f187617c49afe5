/**
 * The state journal (docs/STORAGE.md): two slots, each seq ‖ state ‖ CRC-32. The newest valid slot
 * is read once per session into RAM; a change is written whole into the other slot, so the newest
 * is never overwritten and a cut leaves the old state or the new one.
 */
import { MAC_INPUT, STATE_CACHE, STATE_CACHE_BYTES, STATE_COMMITTED, STATE_NEWEST_SLOT, STATE_SEQ, STATE_SLOT_OUT } from "../ram";
import { crc32 } from "./crc32";
import { nvmRead, nvmWrite } from "./nvm";
import { SLOT_CHECK, SLOT_PAYLOAD, SLOT_SEQ, STATE_SLOT_BYTES, STATE_SLOT_STRIDE, stateSlotAddress } from "./layout";

/** No slot is valid: the state has never been written (seq 0 is "before the first write"). */
const NO_SLOT: u32 = 2;

function slotValid(slot: usize): bool {
  return crc32(slot, <u32>SLOT_CHECK) == load<u32>(slot + SLOT_CHECK);
}

/**
 * Reads both slots (one transfer, into MAC_INPUT) and keeps the newest valid one in RAM; all zero
 * when neither is valid. False when NVM cannot be read.
 */
export function loadState(): bool {
  const slots = MAC_INPUT;
  if (!nvmRead(stateSlotAddress(0), slots, STATE_SLOT_STRIDE + STATE_SLOT_BYTES)) return false;
  const slotB = slots + <usize>STATE_SLOT_STRIDE;
  const newerIsB = load<u32>(slotB + SLOT_SEQ) > load<u32>(slots + SLOT_SEQ);
  const first = newerIsB ? slotB : slots;
  const second = newerIsB ? slots : slotB;
  let chosen: u32 = NO_SLOT;
  if (slotValid(first)) chosen = newerIsB ? 1 : 0;
  else if (slotValid(second)) chosen = newerIsB ? 0 : 1;
  store<u32>(STATE_NEWEST_SLOT, chosen);
  if (chosen == NO_SLOT) {
    store<u32>(STATE_SEQ, 0);
    memory.fill(STATE_CACHE, 0, STATE_CACHE_BYTES);
  } else {
    const slot = slots + <usize>(chosen * STATE_SLOT_STRIDE);
    store<u32>(STATE_SEQ, load<u32>(slot + SLOT_SEQ));
    memory.copy(STATE_CACHE, slot + SLOT_PAYLOAD, STATE_CACHE_BYTES);
  }
  memory.copy(STATE_COMMITTED, STATE_CACHE, STATE_CACHE_BYTES);
  return true;
}

/**
 * Writes the state in RAM into the slot that is not the newest, with the next seq. On success that
 * slot becomes the newest; on failure the newest stays what it was, and so does the state in RAM:
 * every change since the last commit is undone.
 */
export function saveState(): bool {
  const newest = load<u32>(STATE_NEWEST_SLOT);
  const target: u32 = newest == 0 ? 1 : 0;
  const seq = load<u32>(STATE_SEQ) + 1;
  store<u32>(STATE_SLOT_OUT + SLOT_SEQ, seq);
  memory.copy(STATE_SLOT_OUT + SLOT_PAYLOAD, STATE_CACHE, STATE_CACHE_BYTES);
  store<u32>(STATE_SLOT_OUT + SLOT_CHECK, crc32(STATE_SLOT_OUT, <u32>SLOT_CHECK));
  if (!nvmWrite(stateSlotAddress(target), STATE_SLOT_OUT, STATE_SLOT_BYTES)) {
    memory.copy(STATE_CACHE, STATE_COMMITTED, STATE_CACHE_BYTES);
    return false;
  }
  memory.copy(STATE_COMMITTED, STATE_CACHE, STATE_CACHE_BYTES);
  store<u32>(STATE_SEQ, seq);
  store<u32>(STATE_NEWEST_SLOT, target);
  return true;
}

/** Undoes every change to the state in RAM since the last commit. */
export function revertState(): void {
  memory.copy(STATE_CACHE, STATE_COMMITTED, STATE_CACHE_BYTES);
}

export function stateU16(field: usize): u32 {
  return <u32>load<u16>(STATE_CACHE + field);
}
export function setStateU16(field: usize, value: u32): void {
  store<u16>(STATE_CACHE + field, <u16>value);
}
export function stateU32(field: usize): u32 {
  return load<u32>(STATE_CACHE + field);
}
export function setStateU32(field: usize, value: u32): void {
  store<u32>(STATE_CACHE + field, value);
}
export function stateU8(field: usize): u32 {
  return <u32>load<u8>(STATE_CACHE + field);
}
export function setStateU8(field: usize, value: u32): void {
  store<u8>(STATE_CACHE + field, <u8>value);
}
