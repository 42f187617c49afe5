/** Frames the lock sends that carry no MAC, and the session phase. */
import { Reason, TX_OFFSET } from "../../firmware/abi";
import { ERROR_BYTES, FrameType } from "../../firmware/protocol";
import { SESSION_PHASE } from "../ram";

/** PROTOCOL.md §7.9: IDLE, CHALLENGED (after HELLO), DECIDED (after RESULT). */
export enum Phase {
  Idle = 0,
  Challenged = 1,
  Decided = 2,
}

export function phase(): Phase {
  return load<u32>(SESSION_PHASE);
}

export function setPhase(next: Phase): void {
  store<u32>(SESSION_PHASE, next);
}

/** ERROR (§5): `0xBF ‖ reason`; the session is over. Returns the frame's length. */
export function errorFrame(reason: Reason): u32 {
  store<u8>(<usize>TX_OFFSET, <u8>FrameType.Error);
  store<u8>(<usize>TX_OFFSET + 1, <u8>reason);
  setPhase(Phase.Idle);
  return <u32>ERROR_BYTES;
}
