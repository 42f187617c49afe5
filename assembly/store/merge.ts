/**
 * The blocklist merge (PROTOCOL.md §7.10, §8; docs/STORAGE.md "Blocklist"): the staged deltas are
 * merged with the active list into the other area in steps, each paid from the energy a power-up
 * has to spare. A step writes the next chunks of the merged list and then the state with its
 * progress; the last step writes the state naming the other area, its count, and the staging
 * without the merged deltas. A cut loses at most the step it falls in.
 */
import { BLOCKLIST_MOVE_ENTRIES, DELTA_ENTRIES_MAX, DELTA_OP_REMOVE, MERGE_DELTAS_MAX, WRITE_STATE_BYTES } from "../../firmware/protocol";
import { pagesFor, spareWritePages } from "../energy";
import { MERGE_BUFFER, MERGE_UNION, MERGE_UNION_BYTES, MERGE_WINDOW, MERGE_WINDOW_BYTES } from "../ram";
import { blocklistCapacity, generationCapacity, pageWriteUj, releaseUj } from "./config";
import { nvmRead, nvmWrite } from "./nvm";
import {
  BLOCKLIST_ENTRY_BYTES, blocklistAreaAddress, STAGING_SLOTS, STATE_BLOCKLIST_AREA, STATE_BLOCKLIST_COUNT, STATE_MARK_DAY,
  STATE_MERGE_DAY, STATE_MERGE_READ, STATE_MERGE_TAKEN, STATE_MERGE_WRITTEN,
} from "./layout";
import { mergedCount, readStaged, setStaging, stagedCount, stagedEntryAt, stagingStart } from "./staging";
import { saveState, setStateU16, setStateU32, setStateU8, stateU16, stateU32, stateU8 } from "./state";

const ENTRY: usize = <usize>BLOCKLIST_ENTRY_BYTES;
/** The active list is read this many entries at a time (34: 204 bytes). */
const READ_ENTRIES: u32 = <u32>(MERGE_WINDOW_BYTES / ENTRY);
/** A merge takes in at most MERGE_DELTAS_MAX staged deltas: their entries, combined, fill MERGE_UNION. */
const UNION_FITS: bool = <usize>MERGE_DELTAS_MAX * <usize>DELTA_ENTRIES_MAX * ENTRY <= MERGE_UNION_BYTES;

function unionKey(i: u32): u32 {
  return load<u32>(MERGE_UNION + <usize>i * ENTRY);
}

/**
 * Combines the first `merged` staged deltas into MERGE_UNION, sorted by keyId, applying their
 * entries in order (the last one for a keyId wins); a removal is kept as an entry retired on day 0,
 * which the merge drops like any retired entry, after it replaced the listed one. Their count, or
 * -1 when one cannot be read.
 */
function combineStaged(merged: u32): i32 {
  let count: u32 = 0;
  for (let index: u32 = 0; index < merged; index++) {
    const entries = readStaged(index, MERGE_WINDOW);
    if (entries < 0) return -1;
    for (let i: u32 = 0; i < <u32>entries; i++) {
      const entry = stagedEntryAt(MERGE_WINDOW, i);
      const keyId = load<u32>(entry + 1);
      let at: u32 = 0;
      while (at < count && unionKey(at) < keyId) at++;
      const slot = MERGE_UNION + <usize>at * ENTRY;
      if (at == count || unionKey(at) != keyId) {
        memory.copy(slot + ENTRY, slot, <usize>(count - at) * ENTRY);
        count++;
      }
      store<u32>(slot, keyId);
      store<u16>(slot + 4, <u32>load<u8>(entry) == <u32>DELTA_OP_REMOVE ? 0 : load<u16>(entry + 5));
    }
  }
  return <i32>count;
}

/**
 * §7.10: merge steps with what the gauge shows beyond the session's own commit: the release and
 * `reservePages` page writes. One gauge reading; each step pays for the chunks it writes and the
 * state after them. A failed NVM access ends them: the merge stays where its last step left it.
 */
export function runMergeSteps(reservePages: u32): void {
  const statePages = pagesFor(<u32>WRITE_STATE_BYTES);
  let left = spareWritePages(releaseUj() + reservePages * pageWriteUj());
  while (stagedCount() > 0 && left >= statePages) {
    const spent = mergeStep(left, statePages);
    if (spent == 0) return;
    left -= spent;
  }
}

/**
 * One step within `pages`: the chunks it can pay for, then the state. The pages it spent when the
 * merge committed (another may follow), else 0 (it progressed, could not pay for a chunk, or failed).
 */
function mergeStep(pages: u32, statePages: u32): u32 {
  let merged = mergedCount();
  let mergeDay = stateU16(STATE_MERGE_DAY);
  let written: u32 = stateU16(STATE_MERGE_WRITTEN);
  let oldIndex: u32 = stateU16(STATE_MERGE_READ);
  let unionIndex: u32 = stateU8(STATE_MERGE_TAKEN);
  if (merged == 0) {
    // The merge takes in the deltas staged so far (up to MERGE_DELTAS_MAX), and freezes the day it drops retired entries by.
    if (!UNION_FITS) ERROR("MERGE_UNION cannot hold MERGE_DELTAS_MAX deltas");
    merged = min<u32>(stagedCount(), <u32>MERGE_DELTAS_MAX);
    mergeDay = stateU16(STATE_MARK_DAY);
  }
  const unionCount = combineStaged(merged);
  if (unionCount < 0) return 0;
  const capacity = blocklistCapacity();
  const otherArea = 1 - stateU8(STATE_BLOCKLIST_AREA);
  const source = blocklistAreaAddress(stateU8(STATE_BLOCKLIST_AREA), capacity, generationCapacity());
  const target = blocklistAreaAddress(otherArea, capacity, generationCapacity());
  const oldCount = stateU32(STATE_BLOCKLIST_COUNT);

  let spent: u32 = 0;
  let windowEnd: u32 = 0;
  let windowStart: u32 = 0;
  let passed = oldIndex;
  let taken = unionIndex;
  let done = false;
  while (true) {
    // The next chunk: up to BLOCKLIST_MOVE_ENTRIES entries of the merged list into MERGE_BUFFER.
    let buffered: u32 = 0;
    while (buffered < <u32>BLOCKLIST_MOVE_ENTRIES) {
      const haveOld = oldIndex < oldCount;
      const haveUnion = unionIndex < <u32>unionCount;
      if (!haveOld && !haveUnion) break;
      let oldKey: u32 = 0;
      let at: usize = 0;
      if (haveOld) {
        if (oldIndex >= windowEnd) {
          windowStart = oldIndex;
          windowEnd = min<u32>(oldIndex + READ_ENTRIES, oldCount);
          if (!nvmRead(source + oldIndex * BLOCKLIST_ENTRY_BYTES, MERGE_WINDOW, (windowEnd - oldIndex) * BLOCKLIST_ENTRY_BYTES)) return 0;
        }
        at = MERGE_WINDOW + <usize>(oldIndex - windowStart) * ENTRY;
        oldKey = load<u32>(at);
      }
      if (haveUnion && (!haveOld || unionKey(unionIndex) <= oldKey)) {
        if (haveOld && oldKey == unionKey(unionIndex)) oldIndex++; // the staged entry replaces (or removes) the listed one
        at = MERGE_UNION + <usize>unionIndex * ENTRY;
        unionIndex++;
      } else {
        oldIndex++;
      }
      const retire = <u32>load<u16>(at + 4);
      if (retire == 0 || retire < mergeDay) continue;
      memory.copy(MERGE_BUFFER + <usize>buffered * ENTRY, at, ENTRY);
      buffered++;
    }
    const chunkPages = buffered > 0 ? pagesFor(buffered * BLOCKLIST_ENTRY_BYTES) : 0;
    if (spent + chunkPages + statePages > pages) break;
    if (buffered > 0 && !nvmWrite(target + written * BLOCKLIST_ENTRY_BYTES, MERGE_BUFFER, buffered * BLOCKLIST_ENTRY_BYTES)) return 0;
    spent += chunkPages;
    written += buffered;
    passed = oldIndex;
    taken = unionIndex;
    if (buffered < <u32>BLOCKLIST_MOVE_ENTRIES) {
      done = true;
      break;
    }
  }
  if (spent == 0 && !done) return 0; // no chunk paid for: the merge goes on in a later session
  let start = stagingStart();
  let staged = stagedCount();
  if (done) {
    // The commit: the other area and its count, the staging without the merged deltas.
    setStateU8(STATE_BLOCKLIST_AREA, otherArea);
    setStateU32(STATE_BLOCKLIST_COUNT, written);
    start = (start + merged) % STAGING_SLOTS;
    staged -= merged;
    merged = 0;
    mergeDay = 0;
    written = 0;
    passed = 0;
    taken = 0;
  }
  setStaging(start, staged, merged);
  setStateU16(STATE_MERGE_DAY, mergeDay);
  setStateU16(STATE_MERGE_WRITTEN, written);
  setStateU16(STATE_MERGE_READ, passed);
  setStateU8(STATE_MERGE_TAKEN, taken);
  return saveState() && done ? spent + statePages : 0;
}
