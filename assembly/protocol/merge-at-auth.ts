/**
 * PROTOCOL.md §7.6 step 6 and §8: before the blocklist lookup of an authenticated AUTH, the merge in
 * progress goes on with what the power-up has to spare beyond the largest commit this decision can
 * still make (§7.10), so that a merge completes without further deltas and no decision is starved
 * by it. The mark step 5 moved is not written by a merge step: the stored one is, as before.
 */
import { GENERATION_MOVE_ENTRIES, WRITE_GENERATION_ENTRY_BYTES, WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES } from "../../firmware/protocol";
import { pagesFor } from "../energy";
import { SESSION_STORED_MARK } from "../ram";
import { blocklistLookup, Listed } from "../store/blocklist";
import { generationCapacity, privateDwelling } from "../store/config";
import { STATE_GENERATION_COUNT, STATE_MARK_DAY } from "../store/layout";
import { runMergeSteps } from "../store/merge";
import { stagedCount } from "../store/staging";
import { setStateU16, stateU16 } from "../store/state";
import { logEntryPages } from "./logging";

/**
 * §7.10: the page writes of the largest commit a decision can make from step 6 on, and `logPages`
 * for its log entry: at a private lock a tenant change replacing a pending T (the state, T_auth's schedule,
 * the state); at a common lock the generation table grown by one entry (up to its capacity), copied
 * in writes of up to 16 entries, then the state.
 */
export function largestCommitPages(logPages: u32): u32 {
  const state = pagesFor(<u32>WRITE_STATE_BYTES);
  const commit = privateDwelling() != 0
    ? 2 * state + pagesFor(<u32>WRITE_TENANT_SCHEDULE_BYTES)
    : state + tablePages(min<u32>(stateU16(STATE_GENERATION_COUNT) + 1, generationCapacity()));
  return commit + logPages;
}

/** §7.10: `entries` generation-table entries copied in writes of up to GENERATION_MOVE_ENTRIES. */
function tablePages(entries: u32): u32 {
  const full = entries / <u32>GENERATION_MOVE_ENTRIES;
  const rest = entries % <u32>GENERATION_MOVE_ENTRIES;
  return full * pagesFor(<u32>GENERATION_MOVE_ENTRIES * <u32>WRITE_GENERATION_ENTRY_BYTES) + (rest != 0 ? pagesFor(rest * <u32>WRITE_GENERATION_ENTRY_BYTES) : 0);
}

/** Merge steps (when deltas are staged), then the lookup of `keyId` (store/blocklist.ts). */
export function lookupAfterMergeSteps(keyId: u32): Listed {
  if (stagedCount() > 0) {
    const moved = stateU16(STATE_MARK_DAY);
    setStateU16(STATE_MARK_DAY, load<u32>(SESSION_STORED_MARK));
    runMergeSteps(largestCommitPages(logEntryPages()));
    setStateU16(STATE_MARK_DAY, moved);
  }
  return blocklistLookup(keyId);
}
