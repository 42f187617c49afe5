/**
 * The log's commands and the attestation (PROTOCOL.md §9.4, §9.5), after the MAC held: LOG_SWITCH,
 * LOG_HOLD, LOG_READ (the tenant), LOG_READ_OWN (any key whose key MAC held) and ATTEST (the tenant).
 */
import { Reason, TX_OFFSET } from "../../firmware/abi";
import {
  ATT_EMERGENCY_ACKED, ATT_EMERGENCY_COUNT, ATT_FAILED_MACS, ATT_FEATURES, ATT_LOG_ENTRIES, ATT_LOG_FLAGS, ATT_MAC,
  ATTESTATION_BYTES, Command, COMMAND_RESULT_PARTS, LABEL_ATT, LOG_CODE_READOUT, LOG_CODE_READOUT_DETAIL, LOG_ENTRY_BYTES,
  LOG_FLAG_HOLD, LOG_FLAG_ON, LOG_READ_ENTRIES_MAX, LOG_READ_WHY_SHIFT, MINUTES_PER_DAY, WRITE_LOG_PAGE_BYTES, WRITE_STATE_BYTES,
} from "../../firmware/protocol";
import { imageFeatures, LOG_COMPILED_IN } from "../build-flags";
import { holdsFor, pagesFor } from "../energy";
import { halMeasurement } from "../hal";
import { LOG_FIRST_RETAINED, MAC_INPUT, SCHED_LOADED, SESSION_KEY_ID, SESSION_MINUTES, SESSION_READOUT_DONE } from "../ram";
import { privateDwelling } from "../store/config";
import { failedMacCount } from "../store/failed-macs";
import { STATE_EMERGENCY_ACKED, STATE_EMERGENCY_COUNT, STATE_LOG_FLAGS, STATE_LOG_START } from "../store/layout";
import { logAppend, logCollect, logPresent } from "../store/log";
import { saveState, setStateU32, setStateU8, stateU32, stateU8 } from "../store/state";
import { commandResult } from "./command";
import { mac8To, putBytes } from "./mac";
import { sessionMacPrefix } from "./session-mac";
import { loadTenantAttestationSchedule } from "./tenant";

const PARTS: usize = <usize>TX_OFFSET + <usize>COMMAND_RESULT_PARTS;

function logKept(): bool {
  return LOG_COMPILED_IN && logPresent(privateDwelling() != 0);
}

export function logCommand(command: u32, argument: u32): u32 {
  if (command == <u32>Command.Attest) return attest();
  if (!logKept()) return commandResult(Reason.LogAbsent, 0, 0);
  if (command == <u32>Command.LogSwitch) return setFlag(<u32>LOG_FLAG_ON, argument);
  if (command == <u32>Command.LogHold) return setFlag(<u32>LOG_FLAG_HOLD, argument);
  return readLog(command == <u32>Command.LogReadOwn, argument);
}

/**
 * LOG_SWITCH, LOG_HOLD: the flag set (1) or cleared (0), committed with the state; value: the log
 * flags after. A hold keeps what is retained when it is set: the log start moves past what the mark
 * has purged already, so the hold brings none of it back (R-PRV-4).
 */
function setFlag(flag: u32, argument: u32): u32 {
  const before = stateU8(STATE_LOG_FLAGS);
  const after = argument != 0 ? before | flag : before & ~flag;
  if (after == before) return commandResult(Reason.Ok, after, 0);
  if (!holdsFor(pagesFor(<u32>WRITE_STATE_BYTES), false)) return commandResult(Reason.InsufficientEnergy, before, 0);
  if ((after & ~before) == <u32>LOG_FLAG_HOLD) {
    if (logCollect(false, 0, 0, 0, PARTS) == u64.MAX_VALUE) return commandResult(Reason.StorageFailure, before, 0);
    setStateU32(STATE_LOG_START, load<u32>(LOG_FIRST_RETAINED));
  }
  setStateU8(STATE_LOG_FLAGS, after);
  if (!saveState()) return commandResult(Reason.StorageFailure, before, 0);
  return commandResult(Reason.Ok, after, 0);
}

/**
 * LOG_READ, LOG_READ_OWN: the session's first read records itself in the log (reader, when, why,
 * entries found), or nothing is read (R-PRV-4). Value: the entries found; parts: n u8 ‖ n entries
 * from index `from`, n <= LOG_READ_ENTRIES_MAX.
 */
function readLog(own: bool, argument: u32): u32 {
  const keyId = load<u32>(SESSION_KEY_ID);
  const from = argument & 0xffff;
  const why = (argument >> <u32>LOG_READ_WHY_SHIFT) & 0xff;
  if (load<u32>(SESSION_READOUT_DONE) == 0) {
    const counted = logCollect(own, keyId, 0, 0, PARTS);
    if (counted == u64.MAX_VALUE) return commandResult(Reason.StorageFailure, 0, 0);
    if (!holdsFor(2 * pagesFor(<u32>WRITE_LOG_PAGE_BYTES), false)) return commandResult(Reason.InsufficientEnergy, 0, 0);
    const minutes = load<u32>(SESSION_MINUTES);
    const day = minutes / <u32>MINUTES_PER_DAY;
    if (!logAppend(keyId, day, minutes % <u32>MINUTES_PER_DAY, <u32>LOG_CODE_READOUT)) return commandResult(Reason.StorageFailure, 0, 0);
    store<u32>(SESSION_READOUT_DONE, 1);
    // The detail, same day and minute: found u16 ‖ why u8 ‖ 0 in place of the keyId. A cut here leaves the read-out without it.
    const detail = min<u32>(<u32>(counted >> 8), 0xffff) | (why << 16);
    if (!logAppend(detail, day, minutes % <u32>MINUTES_PER_DAY, <u32>LOG_CODE_READOUT_DETAIL)) return commandResult(Reason.StorageFailure, 0, 0);
  }
  const read = logCollect(own, keyId, from, <u32>LOG_READ_ENTRIES_MAX, PARTS + 1);
  if (read == u64.MAX_VALUE) return commandResult(Reason.StorageFailure, 0, 0);
  const copied = <u32>(read & 0xff);
  store<u8>(PARTS, <u8>copied);
  return commandResult(Reason.Ok, <u32>(read >> 8), 1 + copied * <u32>LOG_ENTRY_BYTES);
}

/**
 * ATTEST (§9.5): what the lock runs and does, MACed under T_att, which only the tenant's keys can
 * derive: the boot ROM's measurement of the image, its features, the log's flags and entries, the
 * failed MACs counted, the emergency count and the count acknowledged.
 */
function attest(): u32 {
  halMeasurement(PARTS);
  store<u8>(PARTS + <usize>ATT_FEATURES, <u8>imageFeatures());
  let entries: u32 = 0;
  if (logKept()) {
    const counted = logCollect(false, 0, 0, 0, PARTS);
    if (counted == u64.MAX_VALUE) return commandResult(Reason.StorageFailure, 0, 0);
    entries = <u32>(counted >> 8);
  }
  const failed = failedMacCount();
  if (failed == u32.MAX_VALUE) return commandResult(Reason.StorageFailure, 0, 0);
  store<u8>(PARTS + <usize>ATT_LOG_FLAGS, <u8>stateU8(STATE_LOG_FLAGS));
  store<u16>(PARTS + <usize>ATT_LOG_ENTRIES, <u16>min<u32>(entries, 0xffff));
  store<u32>(PARTS + <usize>ATT_FAILED_MACS, failed);
  store<u32>(PARTS + <usize>ATT_EMERGENCY_COUNT, stateU32(STATE_EMERGENCY_COUNT));
  store<u32>(PARTS + <usize>ATT_EMERGENCY_ACKED, stateU32(STATE_EMERGENCY_ACKED));
  loadTenantAttestationSchedule();
  const end = putBytes(sessionMacPrefix(LABEL_ATT), PARTS, <usize>ATT_MAC);
  mac8To(SCHED_LOADED, MAC_INPUT, <u32>(end - MAC_INPUT), PARTS + <usize>ATT_MAC);
  return commandResult(Reason.Ok, 0, <u32>ATTESTATION_BYTES);
}
