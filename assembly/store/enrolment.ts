/**
 * Keys waiting for enrolment at a private lock (PROTOCOL.md §9.2): a count and up to
 * ENROLMENT_PLACES keyIds, in the order they were added, kept in the state (docs/STORAGE.md).
 * Changes are made in RAM; the caller commits them with saveState (or restores the state).
 */
import { ENROLMENT_PLACES } from "../../firmware/protocol";
import { STATE_CACHE } from "../ram";
import { STATE_ENROLMENT_COUNT, STATE_ENROLMENT_KEYS } from "./layout";
import { setStateU8, stateU8 } from "./state";

const KEYS: usize = STATE_CACHE + STATE_ENROLMENT_KEYS;

/** The list's length; a count beyond the places (never written so) reads as an empty list. */
function count(): u32 {
  const listed = stateU8(STATE_ENROLMENT_COUNT);
  return listed > <u32>ENROLMENT_PLACES ? 0 : listed;
}

function keyAt(index: u32): u32 {
  return load<u32>(KEYS + (<usize>index << 2));
}

function indexOf(keyId: u32): i32 {
  const listed = count();
  for (let index: u32 = 0; index < listed; index++) if (keyAt(index) == keyId) return <i32>index;
  return -1;
}

/** Result of adding: the list's length after (bits 0-7), bit 8 full, bit 9 nothing changed. */
export const ENROL_FULL: u32 = 0x100;
export const ENROL_UNCHANGED: u32 = 0x200;

/** Adds `keyId` in RAM, unless listed already or the list is full. */
export function enrolmentAdd(keyId: u32): u32 {
  const listed = count();
  if (indexOf(keyId) >= 0) return ENROL_UNCHANGED | listed;
  if (listed >= <u32>ENROLMENT_PLACES) return ENROL_FULL | listed;
  store<u32>(KEYS + (<usize>listed << 2), keyId);
  setStateU8(STATE_ENROLMENT_COUNT, listed + 1);
  return listed + 1;
}

/** Whether `keyId` waits for enrolment. */
export function enrolmentWaiting(keyId: u32): bool {
  return indexOf(keyId) >= 0;
}

/** Removes `keyId` in RAM, keeping the others' order. */
export function enrolmentRemove(keyId: u32): void {
  const index = indexOf(keyId);
  if (index < 0) return;
  const last = count() - 1;
  for (let i = <u32>index; i < last; i++) store<u32>(KEYS + (<usize>i << 2), keyAt(i + 1));
  store<u32>(KEYS + (<usize>last << 2), 0);
  setStateU8(STATE_ENROLMENT_COUNT, last);
}

/** Empties the list in RAM (a tenant change, a rotation). */
export function enrolmentClear(): void {
  memory.fill(KEYS, 0, <usize>ENROLMENT_PLACES << 2);
  setStateU8(STATE_ENROLMENT_COUNT, 0);
}
