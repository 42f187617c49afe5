/** Emergency openings (R-EMG-2): a ring of the newest records and a count that never stops. */
import { MAC_OUT } from "../ram";
import { nvmWrite } from "./nvm";
import { EMERGENCY_RECORD_BYTES, EMERGENCY_SLOTS, NVM_EMERGENCY_ADDRESS, STATE_EMERGENCY_COUNT } from "./layout";
import { saveState, setStateU32, stateU32 } from "./state";

/** Writes the record, then the count; false when NVM failed (the opening must not proceed). */
export function recordEmergency(day: u32, minuteOfDay: u32, keyId: u32): bool {
  const count = stateU32(STATE_EMERGENCY_COUNT);
  store<u16>(MAC_OUT, <u16>day);
  store<u16>(MAC_OUT + 2, <u16>minuteOfDay);
  store<u32>(MAC_OUT + 4, keyId);
  if (!nvmWrite(NVM_EMERGENCY_ADDRESS + (count % EMERGENCY_SLOTS) * EMERGENCY_RECORD_BYTES, MAC_OUT, EMERGENCY_RECORD_BYTES)) return false;
  setStateU32(STATE_EMERGENCY_COUNT, count + 1);
  if (saveState()) return true;
  setStateU32(STATE_EMERGENCY_COUNT, count);
  return false;
}
