/**
 * Emergency openings (R-EMG-2, docs/STORAGE.md): a detail for each of the first EMERGENCY_SLOTS,
 * written once and never again, and a count that never stops.
 */
import { MAC_OUT } from "../ram";
import { nvmWrite } from "./nvm";
import { EMERGENCY_DETAIL_STRIDE, EMERGENCY_RECORD_BYTES, EMERGENCY_SLOTS, NVM_EMERGENCY_ADDRESS, STATE_EMERGENCY_COUNT } from "./layout";
import { saveState, setStateU32, stateU32 } from "./state";

/** Where detail `index` (0-based, below EMERGENCY_SLOTS) lies. */
export function emergencyDetailAddress(index: u32): u32 {
  return NVM_EMERGENCY_ADDRESS + index * EMERGENCY_DETAIL_STRIDE;
}

/** True when the next opening gets a detail slot (its page write is part of the commit's price). */
export function emergencyDetailFree(): bool {
  return stateU32(STATE_EMERGENCY_COUNT) < EMERGENCY_SLOTS;
}

/** Writes the detail (while a slot is free), then the state with the count; false when NVM failed. */
export function recordEmergency(day: u32, minuteOfDay: u32, keyId: u32): bool {
  const count = stateU32(STATE_EMERGENCY_COUNT);
  if (count < EMERGENCY_SLOTS) {
    store<u16>(MAC_OUT, <u16>day);
    store<u16>(MAC_OUT + 2, <u16>minuteOfDay);
    store<u32>(MAC_OUT + 4, keyId);
    if (!nvmWrite(emergencyDetailAddress(count), MAC_OUT, EMERGENCY_RECORD_BYTES)) return false;
  }
  setStateU32(STATE_EMERGENCY_COUNT, count + 1);
  return saveState();
}
