/**
 * The access log (R-PRV-4; docs/STORAGE.md, "Access log"). A ring of `logPages()` pages of
 * LOG_PAGE_ENTRIES entries; entries are numbered from 0 for the lock's life, entry n lies in page
 * n / 7, slot n % 7, and page L in pair L mod logPages(). Each pair holds two copies of its page:
 * header u32 (page number bits 0-23, entries in it bits 24-31) ‖ 7 entries ‖ CRC-32 of the 60 bytes
 * before it. An append writes the page with one more entry into the copy that is not the newest, so
 * a cut tears that copy only: the page as it was stays readable. Nothing here runs with the log
 * off, and the release-nolog image has none of it (build-flags.ts).
 */
import {
  LOG_CODE_READOUT_DETAIL, LOG_CODE_SHIFT, LOG_ENTRY_BYTES, LOG_FLAG_HOLD, LOG_FLAG_ON, LOG_PAGE_ENTRIES, LOG_RETENTION_DAYS, WRITE_LOG_PAGE_BYTES,
} from "../../firmware/protocol";
import { LOG_FIRST_RETAINED, LOG_NEXT, LOG_NEXT_KNOWN, LOG_PAGE_OUT, LOG_PAIR } from "../ram";
import { blocklistCapacity, generationCapacity, logPages } from "./config";
import { crc32 } from "./crc32";
import { LOG_COPY_BYTES, LOG_PAIR_BYTES, logPairAddress, STATE_LOG_FLAGS, STATE_LOG_START, STATE_MARK_DAY } from "./layout";
import { nvmRead, nvmWrite } from "./nvm";
import { stateU16, stateU32, stateU8 } from "./state";

const HEADER_PAGE_MASK: u32 = 0x00ff_ffff;
const HEADER_COUNT_SHIFT: u32 = 24;
const ENTRIES_AT: usize = 4;
const CHECK_AT: usize = 60;
/** No copy of a pair is valid. */
const NO_COPY: u32 = 2;

function pairAddress(pair: u32): u32 {
  return logPairAddress(pair, blocklistCapacity(), generationCapacity());
}

function copyValid(copy: usize): bool {
  const count = load<u32>(copy) >> HEADER_COUNT_SHIFT;
  return count >= 1 && count <= <u32>LOG_PAGE_ENTRIES && crc32(copy, <u32>CHECK_AT) == load<u32>(copy + CHECK_AT);
}

/** Page number and count as one ordered key: (page << 3) | count. */
function copyKey(copy: usize): u32 {
  const header = load<u32>(copy);
  return ((header & HEADER_PAGE_MASK) << 3) | (header >> HEADER_COUNT_SHIFT);
}

/** Reads pair `pair` into LOG_PAIR and returns its newest valid copy (0 or 1), or NO_COPY; u32.MAX_VALUE when NVM failed. */
function readPair(pair: u32): u32 {
  if (!nvmRead(pairAddress(pair), LOG_PAIR, LOG_PAIR_BYTES)) return u32.MAX_VALUE;
  const second = LOG_PAIR + <usize>LOG_COPY_BYTES;
  const firstValid = copyValid(LOG_PAIR);
  const secondValid = copyValid(second);
  if (firstValid && secondValid) return copyKey(second) > copyKey(LOG_PAIR) ? 1 : 0;
  if (firstValid) return 0;
  return secondValid ? 1 : NO_COPY;
}

function copyAt(copy: u32): usize {
  return LOG_PAIR + <usize>(copy * LOG_COPY_BYTES);
}

/** The lock keeps a log: compiled in (checked by the caller), a private lock, pages provisioned. */
export function logPresent(privateLock: bool): bool {
  return privateLock && logPages() > 1;
}

/** True while the log is on. */
export function logOn(): bool {
  return (stateU8(STATE_LOG_FLAGS) & <u32>LOG_FLAG_ON) != 0;
}

/** No valid copy of this layout's in the pair; NVM failed. */
const KEY_NONE: i64 = -1;
const KEY_FAILED: i64 = -2;

/** The (page << 3 | count) key of pair `pair`'s newest valid copy, if it is this pair's page. */
function pairKey(pair: u32, pages: u32): i64 {
  const copy = readPair(pair);
  if (copy == u32.MAX_VALUE) return KEY_FAILED;
  if (copy == NO_COPY) return KEY_NONE;
  // A copy in the wrong pair is not this layout's (never written by it): ignore it.
  if ((load<u32>(copyAt(copy)) & HEADER_PAGE_MASK) % pages != pair) return KEY_NONE;
  return <i64>copyKey(copyAt(copy));
}

/**
 * The number of the next entry (the newest valid page copy's, + 1), found once per session; u32.MAX_VALUE
 * when NVM failed. Pairs 0..h hold consecutive pages, the newest at h; the pairs after h hold the
 * previous round's older pages, or nothing yet. So "the pair's key is at least pair 0's" holds
 * exactly for 0..h, and a binary search finds h in log2(pages) + 1 reads (STORAGE.md, "Finding the head").
 */
export function logNext(): u32 {
  if (load<u32>(LOG_NEXT_KNOWN) != 0) return load<u32>(LOG_NEXT);
  const pages = logPages();
  const first = pairKey(0, pages);
  if (first == KEY_FAILED) return u32.MAX_VALUE;
  let next: u32 = 0;
  if (first != KEY_NONE) {
    let newest = first;
    let low: u32 = 0;
    let high: u32 = pages;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      const key = pairKey(middle, pages);
      if (key == KEY_FAILED) return u32.MAX_VALUE;
      if (key >= first) {
        low = middle;
        newest = key;
      } else {
        high = middle;
      }
    }
    next = <u32>(newest >> 3) * <u32>LOG_PAGE_ENTRIES + <u32>(newest & 7);
  }
  store<u32>(LOG_NEXT, next);
  store<u32>(LOG_NEXT_KNOWN, 1);
  return next;
}

/** Appends one entry; false when NVM failed (the log is as it was, or has the entry: never a mix). */
export function logAppend(keyId: u32, day: u32, minuteOfDay: u32, code: u32): bool {
  const next = logNext();
  if (next == u32.MAX_VALUE) return false;
  const page = next / <u32>LOG_PAGE_ENTRIES;
  const slot = next % <u32>LOG_PAGE_ENTRIES;
  const pair = page % logPages();
  const newest = readPair(pair);
  if (newest == u32.MAX_VALUE) return false;
  const keep = slot != 0 && newest != NO_COPY && (load<u32>(copyAt(newest)) & HEADER_PAGE_MASK) == page;
  if (keep) memory.copy(LOG_PAGE_OUT, copyAt(newest), <usize>LOG_COPY_BYTES);
  else memory.fill(LOG_PAGE_OUT, 0, <usize>LOG_COPY_BYTES);
  store<u32>(LOG_PAGE_OUT, (page & HEADER_PAGE_MASK) | ((slot + 1) << HEADER_COUNT_SHIFT));
  const entry = LOG_PAGE_OUT + ENTRIES_AT + <usize>(slot * <u32>LOG_ENTRY_BYTES);
  store<u32>(entry, keyId);
  store<u16>(entry + 4, <u16>day);
  store<u16>(entry + 6, <u16>(minuteOfDay | (code << <u32>LOG_CODE_SHIFT)));
  store<u32>(LOG_PAGE_OUT + CHECK_AT, crc32(LOG_PAGE_OUT, <u32>CHECK_AT));
  const target: u32 = newest == 0 ? 1 : 0;
  if (!nvmWrite(pairAddress(pair) + target * LOG_COPY_BYTES, LOG_PAGE_OUT, <u32>WRITE_LOG_PAGE_BYTES)) return false;
  store<u32>(LOG_NEXT, next + 1);
  return true;
}

/** R-PRV-4: an entry of `day` is still kept (a hold keeps them all). */
function retained(day: u32): bool {
  if (stateU8(STATE_LOG_FLAGS) & <u32>LOG_FLAG_HOLD) return true;
  return day + <u32>LOG_RETENTION_DAYS >= stateU16(STATE_MARK_DAY);
}

/**
 * Visits the visible entries oldest first: not wiped (at or above the state's log start), still in
 * the ring, retained, and with `own` only the openings of `keyId`. Copies those with index in
 * [from, from + limit) to `out`, 8 bytes each. Returns found << 8 | copied (limit <= 255), or
 * u64.MAX_VALUE when NVM failed; LOG_FIRST_RETAINED gets the number of the first retained entry
 * (the next entry's when none is).
 */
export function logCollect(own: bool, keyId: u32, from: u32, limit: u32, out: usize): u64 {
  const next = logNext();
  if (next == u32.MAX_VALUE) return u64.MAX_VALUE;
  const pages = logPages();
  // The ring holds the newest page L (the one entry next - 1 is in) and the pages - 1 before it (STORAGE.md).
  const headPage: u32 = next == 0 ? 0 : (next - 1) / <u32>LOG_PAGE_ENTRIES;
  const ringStart = headPage >= pages - 1 ? (headPage - (pages - 1)) * <u32>LOG_PAGE_ENTRIES : 0;
  const first = max<u32>(ringStart, stateU32(STATE_LOG_START));
  let found: u32 = 0;
  let copied: u32 = 0;
  store<u32>(LOG_FIRST_RETAINED, next);
  let page = first / <u32>LOG_PAGE_ENTRIES;
  while (page * <u32>LOG_PAGE_ENTRIES < next) {
    const copy = readPair(page % pages);
    if (copy == u32.MAX_VALUE) return u64.MAX_VALUE;
    const at = copyAt(copy);
    if (copy != NO_COPY && (load<u32>(at) & HEADER_PAGE_MASK) == page) {
      const count = load<u32>(at) >> HEADER_COUNT_SHIFT;
      for (let slot: u32 = 0; slot < count; slot++) {
        const number = page * <u32>LOG_PAGE_ENTRIES + slot;
        if (number < first) continue;
        const entry = at + ENTRIES_AT + <usize>(slot * <u32>LOG_ENTRY_BYTES);
        if (!retained(<u32>load<u16>(entry + 4))) continue;
        if (number < load<u32>(LOG_FIRST_RETAINED)) store<u32>(LOG_FIRST_RETAINED, number);
        if (own && !ownOpening(entry, keyId)) continue;
        if (found >= from && copied < limit) {
          memory.copy(out + <usize>(copied * <u32>LOG_ENTRY_BYTES), entry, <usize>LOG_ENTRY_BYTES);
          copied++;
        }
        found++;
      }
    }
    page++;
  }
  return (<u64>found << 8) | <u64>copied;
}

/** A decision entry (not a read-out's) of `keyId`. */
function ownOpening(entry: usize, keyId: u32): bool {
  const code = <u32>load<u16>(entry + 6) >> <u32>LOG_CODE_SHIFT;
  return load<u32>(entry) == keyId && code < <u32>LOG_CODE_READOUT_DETAIL;
}
