/**
 * The blocklist in NVM (PROTOCOL.md §8): entries (keyId u32, retireDay u16) sorted by keyId, in
 * one of two areas. A delta is merged from the active area into the other one, and committed by
 * the state record naming the other area, so a refused delta changes nothing. The merge is priced
 * by the energy rule (§7.10) before its first write.
 */
import { DELTA_ENTRIES, DELTA_ENTRY_BYTES, DELTA_OP_ADD, WRITE_STATE_BYTES } from "../../firmware/protocol";
import { holdsFor, pagesFor } from "../energy";
import { Reason, RX_OFFSET } from "../../firmware/abi";
import { DELTA_SORTED, MAC_INPUT, MAC_INPUT_BYTES, MERGE_BUFFER, MERGE_BUFFER_BYTES } from "../ram";
import { blocklistCapacity, generationCapacity } from "./config";
import { nvmRead, nvmWrite } from "./nvm";
import { BLOCKLIST_ENTRY_BYTES, blocklistAreaAddress, STATE_BLOCKLIST_AREA, STATE_BLOCKLIST_COUNT, STATE_BLOCKLIST_VERSION, STATE_MARK_DAY } from "./layout";
import { saveState, setStateU32, setStateU8, stateU16, stateU32, stateU8 } from "./state";

/** Lookup result: the key is listed, is not, or NVM could not be read. */
export enum Listed {
  No = 0,
  Yes = 1,
  Unreadable = 2,
}

function activeArea(): u32 {
  return blocklistAreaAddress(stateU8(STATE_BLOCKLIST_AREA), blocklistCapacity(), generationCapacity());
}

/**
 * Entries per NVM read of the lookup: 15 (90 bytes). They are placed in MERGE_BUFFER at the NVM
 * address's offset within a 32-bit word (up to 3 bytes), so that a transfer moves whole words on
 * both sides.
 */
const WINDOW_ENTRIES: u32 = <u32>((MERGE_BUFFER_BYTES - 3) / <usize>BLOCKLIST_ENTRY_BYTES);
/** keyIds are u32: the exclusive upper bound of the range while no entry above it has been read. */
const KEY_LIMIT: u64 = <u64>1 << 32;
/** Reads placed by interpolation before the search falls back to halving the range. */
const INTERPOLATED_READS: u32 = 4;

/**
 * Searches the active area for `keyId` by reading windows of WINDOW_ENTRIES entries. A window is
 * centred where the key would lie if the keys were evenly spread: between the nearest keys read
 * so far, and, past a window the key was not in, at the spacing of that window's keys (whichever
 * lands further from that window). A window that holds the key's place ends the search; otherwise
 * the range shrinks to one side of it. After INTERPOLATED_READS such reads, each window sits in the
 * middle of what is left, so no spread of keys costs more than INTERPOLATED_READS + log2(n / 15)
 * + 1 reads (13 for 3,000 entries). For 3,000 random keyIds a lookup takes 1.7 reads on average,
 * for consecutive keyIds 2, where a binary search took 9.
 */
export function blocklistLookup(keyId: u32): Listed {
  const base = activeArea();
  let low: u32 = 0;
  let high = stateU32(STATE_BLOCKLIST_COUNT);
  // Every entry before `low` is below keyId, every entry from `high` on above it; `floor` and
  // `limit` are the keys just past those entries read so far (floor <= keyId < limit).
  const key = <u64>keyId;
  let floor: u64 = 0;
  let limit: u64 = KEY_LIMIT;
  let interpolated: u32 = 0;
  // The last window the key was not in: on which side of the range it lies, and its key spread.
  let after = false;
  let before = false;
  let spreadKeys: u64 = 0;
  let spreadEntries: u64 = 0;
  while (low < high) {
    const span = high - low;
    let start = low;
    let count = span;
    if (span > WINDOW_ENTRIES) {
      count = WINDOW_ENTRIES;
      let offset = span >> 1;
      if (interpolated < INTERPOLATED_READS && key >= floor && key < limit) {
        interpolated++;
        offset = <u32>(((key - floor) * <u64>span) / (limit - floor));
        if (spreadKeys != 0) {
          if (after) {
            const past = (key - floor) * spreadEntries / spreadKeys;
            if (past > <u64>offset) offset = <u32>min<u64>(past, <u64>(span - 1));
          } else if (before) {
            const short = (limit - key) * spreadEntries / spreadKeys;
            const at: u32 = short >= <u64>span ? 0 : span - 1 - <u32>short;
            if (at < offset) offset = at;
          }
        }
      }
      const half = WINDOW_ENTRIES >> 1;
      start = offset > half ? low + offset - half : low;
      if (start > high - WINDOW_ENTRIES) start = high - WINDOW_ENTRIES;
    }
    const address = base + start * BLOCKLIST_ENTRY_BYTES;
    const window = MERGE_BUFFER + <usize>(address & 3);
    if (!nvmRead(address, window, count * BLOCKLIST_ENTRY_BYTES)) return Listed.Unreadable;
    const lastAt = window + <usize>((count - 1) * BLOCKLIST_ENTRY_BYTES);
    const first = load<u32>(window);
    const last = load<u32>(lastAt);
    spreadKeys = last > first ? <u64>(last - first) : 0;
    spreadEntries = <u64>(count - 1);
    if (keyId < first) {
      high = start;
      limit = <u64>first;
      before = true;
      after = false;
    } else if (keyId > last) {
      low = start + count;
      floor = <u64>last + 1;
      after = true;
      before = false;
    } else {
      for (let at = window; at <= lastAt; at += <usize>BLOCKLIST_ENTRY_BYTES) {
        if (load<u32>(at) == keyId) return Listed.Yes;
      }
      return Listed.No;
    }
  }
  return Listed.No;
}

// Sorted delta entries in RAM: op u8, keyId u32, retireDay u16 (the wire's 7-byte layout).
// @ts-ignore: decorator
@inline function sortedKey(index: u32): u32 {
  return load<u32>(DELTA_SORTED + <usize>index * <usize>DELTA_ENTRY_BYTES + 1);
}

/**
 * Copies the delta's n entries from RX into DELTA_SORTED, sorted by keyId; where a keyId appears
 * more than once, only its last entry is kept (applying entries in order, the last one wins).
 * Returns the number of entries kept.
 */
function sortDeltaEntries(count: u32): u32 {
  let kept: u32 = 0;
  const entryBytes = <usize>DELTA_ENTRY_BYTES;
  for (let i: u32 = 0; i < count; i++) {
    const entry = <usize>RX_OFFSET + <usize>DELTA_ENTRIES + <usize>i * entryBytes;
    const keyId = load<u32>(entry + 1);
    // A later entry for a keyId already kept replaces it.
    let position: u32 = 0;
    while (position < kept && sortedKey(position) < keyId) position++;
    if (position < kept && sortedKey(position) == keyId) {
      memory.copy(DELTA_SORTED + <usize>position * entryBytes, entry, entryBytes);
      continue;
    }
    memory.copy(DELTA_SORTED + <usize>(position + 1) * entryBytes, DELTA_SORTED + <usize>position * entryBytes, <usize>(kept - position) * entryBytes);
    memory.copy(DELTA_SORTED + <usize>position * entryBytes, entry, entryBytes);
    kept++;
  }
  return kept;
}

/**
 * The merge reads the active list in chunks of READ_ENTRIES entries (48, 288 bytes) into MAC_INPUT,
 * which is free once the delta's MAC has been checked; it assembles the merged list in MERGE_BUFFER.
 * Chunks start at multiples of 288 bytes into the 64-byte-aligned area, so each transfer moves
 * whole words on both sides.
 */
const READ_WINDOW: usize = MAC_INPUT;
const READ_ENTRIES: u32 = <u32>(MAC_INPUT_BYTES / <usize>BLOCKLIST_ENTRY_BYTES);

/** Entries per write of the merged list: the merge buffer's 96 bytes, 16 entries of 6. */
const MOVE_ENTRIES: u32 = <u32>(MERGE_BUFFER_BYTES / <usize>BLOCKLIST_ENTRY_BYTES);

/** The number of the sorted delta's `deltaCount` entries that add a keyId (one per keyId: the last one kept). */
function sortedAdds(deltaCount: u32): u32 {
  let adds: u32 = 0;
  for (let i: u32 = 0; i < deltaCount; i++) {
    if (<u32>load<u8>(DELTA_SORTED + <usize>i * <usize>DELTA_ENTRY_BYTES) == <u32>DELTA_OP_ADD) adds++;
  }
  return adds;
}

/**
 * §7.10: the page writes of a merge that leaves at most `entries` entries: the list in writes of
 * up to MOVE_ENTRIES entries into the other area, then the state.
 */
function mergePages(entries: u32): u32 {
  let pages = pagesFor(<u32>WRITE_STATE_BYTES);
  for (let left = entries; left > 0; left -= min<u32>(left, MOVE_ENTRIES)) {
    pages += pagesFor(min<u32>(left, MOVE_ENTRIES) * BLOCKLIST_ENTRY_BYTES);
  }
  return pages;
}

/**
 * Applies the delta whose entries are in RX (already authenticated and in sequence) and commits
 * version `toVersion`. Entries retired before the mark are dropped. Returns Ok, InsufficientEnergy,
 * BlocklistFull or StorageFailure; on anything but Ok the active blocklist is untouched.
 *
 * §7.10: the merge is priced before its first write as if it left every entry and added every
 * keyId the delta adds, up to the capacity (min(count + adds, capacity) entries): the merged list
 * can be no longer, and a merge refused for capacity stops before it writes more than that.
 */
export function applyDelta(count: u32, toVersion: u32): Reason {
  const deltaCount = sortDeltaEntries(count);
  const capacity = blocklistCapacity();
  const oldCount = stateU32(STATE_BLOCKLIST_COUNT);
  if (!holdsFor(mergePages(min<u32>(oldCount + sortedAdds(deltaCount), capacity)), false)) return Reason.InsufficientEnergy;
  const otherArea = 1 - stateU8(STATE_BLOCKLIST_AREA);
  const source = activeArea();
  const target = blocklistAreaAddress(otherArea, capacity, generationCapacity());
  const mark = stateU16(STATE_MARK_DAY);
  const entryBytes = <usize>BLOCKLIST_ENTRY_BYTES;

  let written: u32 = 0;
  let buffered: u32 = 0;
  let oldIndex: u32 = 0;
  // The active list's entries [windowStart, windowEnd) are in READ_WINDOW.
  let windowStart: u32 = 0;
  let windowEnd: u32 = 0;
  let deltaIndex: u32 = 0;
  let oldKey: u32 = 0;
  let oldRetire: u32 = 0;
  let haveOld = false;
  while (true) {
    if (!haveOld && oldIndex < oldCount) {
      if (oldIndex >= windowEnd) {
        const chunk = min<u32>(READ_ENTRIES, oldCount - oldIndex);
        if (!nvmRead(source + oldIndex * BLOCKLIST_ENTRY_BYTES, READ_WINDOW, chunk * BLOCKLIST_ENTRY_BYTES)) return Reason.StorageFailure;
        windowStart = oldIndex;
        windowEnd = oldIndex + chunk;
      }
      const entry = READ_WINDOW + <usize>(oldIndex - windowStart) * entryBytes;
      oldKey = load<u32>(entry);
      oldRetire = <u32>load<u16>(entry + 4);
      haveOld = true;
    }
    const haveDelta = deltaIndex < deltaCount;
    if (!haveOld && !haveDelta) break;
    let key: u32;
    let retire: u32;
    let keep: bool;
    if (haveDelta && (!haveOld || sortedKey(deltaIndex) <= oldKey)) {
      const entry = DELTA_SORTED + <usize>deltaIndex * <usize>DELTA_ENTRY_BYTES;
      key = load<u32>(entry + 1);
      retire = <u32>load<u16>(entry + 5);
      keep = <u32>load<u8>(entry) == <u32>DELTA_OP_ADD;
      if (haveOld && oldKey == key) {
        haveOld = false; // the delta's entry replaces (or removes) the old one
        oldIndex++;
      }
      deltaIndex++;
    } else {
      key = oldKey;
      retire = oldRetire;
      keep = true;
      haveOld = false;
      oldIndex++;
    }
    if (!keep || retire < mark) continue;
    if (written + buffered >= capacity) return Reason.BlocklistFull;
    const slot = MERGE_BUFFER + <usize>buffered * entryBytes;
    store<u32>(slot, key);
    store<u16>(slot + 4, <u16>retire);
    buffered++;
    if (buffered == MOVE_ENTRIES) {
      if (!nvmWrite(target + written * BLOCKLIST_ENTRY_BYTES, MERGE_BUFFER, buffered * BLOCKLIST_ENTRY_BYTES)) return Reason.StorageFailure;
      written += buffered;
      buffered = 0;
    }
  }
  if (buffered > 0) {
    if (!nvmWrite(target + written * BLOCKLIST_ENTRY_BYTES, MERGE_BUFFER, buffered * BLOCKLIST_ENTRY_BYTES)) return Reason.StorageFailure;
    written += buffered;
  }
  setStateU8(STATE_BLOCKLIST_AREA, otherArea);
  setStateU32(STATE_BLOCKLIST_COUNT, written);
  setStateU32(STATE_BLOCKLIST_VERSION, toVersion);
  return saveState() ? Reason.Ok : Reason.StorageFailure; // a failed save restores the state
}
