/**
 * Factory provisioning (PROTOCOL.md §9.1): the record is checked, the lock's own keys are stored
 * as ready schedules, the state journal starts fresh, and the magic word is written last.
 */
import { Reason } from "../../firmware/abi";
import {
  GENERATION_CAPACITY_MAX, LOCK_GROUPS_MAX, PROTOCOL_VERSION, PROV_BLOCKLIST_CAPACITY, PROV_GENERATION_CAPACITY,
  PAGE_SHIFT_MAX, PROV_GROUP_COUNT, PROV_GROUPS, PROV_K_ISS, PROV_LOG_PAGES, PROV_PAGE_SHIFT, PROV_K_KM, PROV_K_PROG, PROV_K_TIME, PROV_MARK_DAY, PROV_TIME_STEP_DAYS,
  PROV_VERSION, PROVISION_BYTES, TIME_STEP_DAYS_MAX,
} from "../../firmware/protocol";
import { CONFIG_CACHE, MAC_OUT, SCHED_BYTES, SCHED_LOADED, STATE_CACHE, STATE_CACHE_BYTES } from "../ram";
import { loadConfig } from "../store/config";
import { nvmRead, nvmWrite } from "../store/nvm";
import {
  FAILED_MAC_CELLS, failedMacCellAddress, NVM_CONFIG_ADDRESS, NVM_MAGIC, NVM_MAGIC_ADDRESS,
  NVM_SCHEDULES_ADDRESS, SCHEDULE_ISS, SCHEDULE_KM, SCHEDULE_PROG, SCHEDULE_TIME, STATE_MARK_DAY,
} from "../store/layout";
import { loadState, saveState } from "../store/state";
import { scheduleFromKey } from "./mac";

function fieldU16(record: usize, offset: i32): u32 {
  return <u32>load<u16>(record + <usize>offset);
}

function recordReason(record: usize): Reason {
  if (<u32>load<u8>(record + <usize>PROV_VERSION) != <u32>PROTOCOL_VERSION) return Reason.UnsupportedVersion;
  const groups = <u32>load<u8>(record + <usize>PROV_GROUP_COUNT);
  if (groups < 1 || groups > <u32>LOCK_GROUPS_MAX) return Reason.Malformed;
  // The first g group ids are used (non-zero), the rest and the reserved bytes are zero.
  for (let index: u32 = 0; index < <u32>LOCK_GROUPS_MAX; index++) {
    const used = fieldU16(record, PROV_GROUPS + <i32>(index << 1)) != 0;
    if (used != index < groups) return Reason.Malformed;
  }
  if (fieldU16(record, PROV_BLOCKLIST_CAPACITY) < 1) return Reason.Malformed;
  const generations = fieldU16(record, PROV_GENERATION_CAPACITY);
  if (generations < 1 || generations > <u32>GENERATION_CAPACITY_MAX) return Reason.Malformed;
  const step = fieldU16(record, PROV_TIME_STEP_DAYS);
  if (step < 1 || step > <u32>TIME_STEP_DAYS_MAX) return Reason.Malformed;
  if (<u32>load<u8>(record + <usize>PROV_PAGE_SHIFT) > <u32>PAGE_SHIFT_MAX) return Reason.Malformed;
  if (<u32>load<u8>(record + <usize>PROV_LOG_PAGES) == 1) return Reason.Malformed; // a ring needs two pages, or none

  return Reason.Ok;
}

function storeSchedule(record: usize, keyOffset: i32, index: u32): bool {
  scheduleFromKey(record + <usize>keyOffset, SCHED_LOADED);
  return nvmWrite(NVM_SCHEDULES_ADDRESS + index * <u32>SCHED_BYTES, SCHED_LOADED, <u32>SCHED_BYTES);
}

/** `record` lies in the host window (checked by the caller) and is PROVISION_BYTES long. */
export function provisionFrom(record: usize): Reason {
  if (loadConfig()) return Reason.UnexpectedFrame;
  const reason = recordReason(record);
  if (reason != Reason.Ok) return reason;
  // The NVM must hold the whole layout, the log and the failed-MAC counter last: probe its last byte.
  const layoutEnd = failedMacCellAddress(FAILED_MAC_CELLS, <u32>load<u8>(record + <usize>PROV_LOG_PAGES), fieldU16(record, PROV_BLOCKLIST_CAPACITY), fieldU16(record, PROV_GENERATION_CAPACITY));
  if (!nvmRead(layoutEnd - 1, MAC_OUT, 1)) return Reason.StorageFailure;
  if (!storeSchedule(record, PROV_K_ISS, SCHEDULE_ISS) || !storeSchedule(record, PROV_K_KM, SCHEDULE_KM)
    || !storeSchedule(record, PROV_K_TIME, SCHEDULE_TIME) || !storeSchedule(record, PROV_K_PROG, SCHEDULE_PROG)) {
    return Reason.StorageFailure;
  }
  // The state starts fresh, after whatever an earlier, cut-short provisioning left in its journal.
  if (!loadState()) return Reason.StorageFailure;
  memory.fill(STATE_CACHE, 0, STATE_CACHE_BYTES);
  store<u16>(STATE_CACHE + STATE_MARK_DAY, <u16>fieldU16(record, PROV_MARK_DAY));
  if (!saveState()) return Reason.StorageFailure;
  memory.copy(CONFIG_CACHE, record, <usize>PROVISION_BYTES);
  if (!nvmWrite(NVM_CONFIG_ADDRESS, record, <u32>PROVISION_BYTES)) return Reason.StorageFailure;
  store<u32>(MAC_OUT, NVM_MAGIC);
  return nvmWrite(NVM_MAGIC_ADDRESS, MAC_OUT, 4) ? Reason.Ok : Reason.StorageFailure;
}

