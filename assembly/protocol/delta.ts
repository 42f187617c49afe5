/** DELTA in, DELTA_ACK out (PROTOCOL.md §8). */
import { Reason, RX_OFFSET, TX_OFFSET } from "../../firmware/abi";
import {
  DELTA_ACK_BYTES, DELTA_COUNT, DELTA_ENTRIES, DELTA_ENTRIES_MAX, DELTA_ENTRY_BYTES, DELTA_FIXED_BYTES,
  DELTA_FROM_VERSION, DELTA_OP_ADD, DELTA_OP_REMOVE, DELTA_SITE_ID, FrameType, LABEL_DLT, WRITE_LOG_PAGE_BYTES, WRITE_STAGED_DELTA_BYTES, WRITE_STATE_BYTES,
} from "../../firmware/protocol";
import { holdsFor, pagesFor } from "../energy";
import { runMergeSteps } from "../store/merge";
import { largestCommitPages } from "./merge-at-auth";
import { MAC_INPUT, SCHED_LOADED } from "../ram";
import { blocklistCapacity, siteId } from "../store/config";
import { SCHEDULE_ISS, STAGING_SLOTS, STATE_BLOCKLIST_COUNT, STATE_BLOCKLIST_VERSION } from "../store/layout";
import { scanStaged, stageDelta, stagedCount } from "../store/staging";
import { stateU32 } from "../store/state";
import { loadSchedule, mac8Matches, putBytes, putLabel } from "./mac";
import { errorFrame } from "./reply";

const RX: usize = <usize>RX_OFFSET;
const TX: usize = <usize>TX_OFFSET;

function ack(reason: Reason): u32 {
  store<u8>(TX, <u8>FrameType.DeltaAck);
  store<u8>(TX + 1, <u8>reason);
  store<u32>(TX + 2, stateU32(STATE_BLOCKLIST_VERSION));
  return <u32>DELTA_ACK_BYTES;
}

export function handleDelta(length: u32): u32 {
  if (length < <u32>DELTA_FIXED_BYTES + <u32>DELTA_ENTRY_BYTES) return errorFrame(Reason.Malformed);
  const count = <u32>load<u8>(RX + <usize>DELTA_COUNT);
  if (count < 1 || count > <u32>DELTA_ENTRIES_MAX || length != <u32>DELTA_FIXED_BYTES + count * <u32>DELTA_ENTRY_BYTES) return errorFrame(Reason.Malformed);
  let adds: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const op = <u32>load<u8>(RX + <usize>DELTA_ENTRIES + <usize>(i * <u32>DELTA_ENTRY_BYTES));
    if (op != <u32>DELTA_OP_ADD && op != <u32>DELTA_OP_REMOVE) return errorFrame(Reason.Malformed);
    if (op == <u32>DELTA_OP_ADD) adds++;
  }
  if (<u32>load<u16>(RX + <usize>DELTA_SITE_ID) != siteId()) return ack(Reason.WrongSite);
  // MAC8(K_iss, "DLT" ‖ bytes[1, 8 + 7n))
  const macAt = length - 8;
  let at = putLabel(MAC_INPUT, LABEL_DLT);
  at = putBytes(at, RX + 1, <usize>(macAt - 1));
  if (!loadSchedule(SCHEDULE_ISS, SCHED_LOADED)) return ack(Reason.StorageFailure);
  if (!mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(at - MAC_INPUT), RX + <usize>macAt)) return ack(Reason.DeltaBadMac);
  const fromVersion = load<u32>(RX + <usize>DELTA_FROM_VERSION);
  const version = stateU32(STATE_BLOCKLIST_VERSION);
  if (fromVersion < version) return ack(Reason.DeltaStale);
  if (fromVersion > version) return ack(Reason.DeltaGap);
  return ack(stage(count, adds, fromVersion + 1));
}

/** §7.10: staging a delta writes its slot, then the state. */
function stagingPages(): u32 {
  return pagesFor(<u32>WRITE_STAGED_DELTA_BYTES) + pagesFor(<u32>WRITE_STATE_BYTES);
}

/**
 * §8: stages the delta in RX (`count` entries, `adds` of them add entries) as `toVersion`: DeltaBusy while every slot is taken, InsufficientEnergy,
 * BlocklistFull when the active list, the staged add entries and the delta's could exceed the
 * capacity, StorageFailure; nothing changes but with Ok. The merge runs at the AUTH (merge-at-auth.ts),
 * and here when every slot is taken.
 */
function stage(count: u32, adds: u32, toVersion: u32): Reason {
  if (stagedCount() >= STAGING_SLOTS) {
    // A merge step first, keeping the session's AUTH (its largest commit and a log entry) and this staging.
    runMergeSteps(largestCommitPages(pagesFor(<u32>WRITE_LOG_PAGE_BYTES)) + stagingPages());
    if (stagedCount() >= STAGING_SLOTS) return Reason.DeltaBusy;
  }
  if (!holdsFor(stagingPages(), false)) return Reason.InsufficientEnergy;
  const staged = scanStaged(0);
  if (staged < 0) return Reason.StorageFailure;
  if (stateU32(STATE_BLOCKLIST_COUNT) + <u32>(staged & 0xffff) + adds > blocklistCapacity()) return Reason.BlocklistFull;
  return stageDelta(count, toVersion) ? Reason.Ok : Reason.StorageFailure;
}
