/** DELTA in, DELTA_ACK out (PROTOCOL.md §8). */
import { Reason, RX_OFFSET, TX_OFFSET } from "../../firmware/abi";
import {
  DELTA_ACK_BYTES, DELTA_COUNT, DELTA_ENTRIES, DELTA_ENTRIES_MAX, DELTA_ENTRY_BYTES, DELTA_FIXED_BYTES,
  DELTA_FROM_VERSION, DELTA_OP_ADD, DELTA_OP_REMOVE, DELTA_SITE_ID, FrameType, LABEL_DLT,
} from "../../firmware/protocol";
import { MAC_INPUT, SCHED_LOADED } from "../ram";
import { applyDelta } from "../store/blocklist";
import { siteId } from "../store/config";
import { SCHEDULE_ISS, STATE_BLOCKLIST_VERSION } from "../store/layout";
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
  for (let i: u32 = 0; i < count; i++) {
    const op = <u32>load<u8>(RX + <usize>DELTA_ENTRIES + <usize>(i * <u32>DELTA_ENTRY_BYTES));
    if (op != <u32>DELTA_OP_ADD && op != <u32>DELTA_OP_REMOVE) return errorFrame(Reason.Malformed);
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
  return ack(applyDelta(count, fromVersion + 1));
}
