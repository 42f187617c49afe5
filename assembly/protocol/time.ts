/** The session's time (PROTOCOL.md §3): candidates clamped to the mark plus the allowed step. */
import { MINUTES_PER_DAY } from "../../firmware/protocol";

/**
 * `candidateMinutes` limited to the last minute of day `markDay + stepDays`, so that one session
 * moves the mark forward by at most `stepDays` days.
 */
export function clampCandidate(candidateMinutes: u32, markDay: u32, stepDays: u32): u32 {
  const limit = (<u64>markDay + <u64>stepDays + 1) * <u64>MINUTES_PER_DAY - 1;
  return <u32>min<u64>(min<u64>(<u64>candidateMinutes, limit), LAST_MINUTE_OF_LAST_DAY);
}

/** `day` is a u16 (§3): no time goes past the last minute of day 65535, or the mark would wrap. */
const LAST_MINUTE_OF_LAST_DAY: u64 = 65536 * <u64>MINUTES_PER_DAY - 1;

export function dayOf(minutes: u32): u32 {
  return minutes / <u32>MINUTES_PER_DAY;
}
