/**
 * Reads the access log's ring and the failed-MAC counter out of a lock's NVM image, by
 * docs/STORAGE.md ("Access log", "The failed-MAC counter") alone:
 *
 * - a pair holds two 64-byte copies of one page; a copy is valid when its check is the CRC-32 of
 *   the 60 bytes before it and its count is 1..7; the newest of two valid copies has the greater
 *   (page number, count);
 * - the head (the next entry's number) is 7 L + count for the greatest (L, count) over the pairs'
 *   newest copies, 0 for an empty log; the ring holds pages L - P + 1 .. L;
 * - the counter is the largest value of a valid cell (value, then its complement), 0 with none.
 *
 * What the lock could not have written throws NvmImageError: a valid copy in a pair its page does
 * not belong to, two valid copies of the same page and count that differ, a page of the ring that
 * is missing or short of entries while a later one exists, entry slots beyond the count that are
 * not zero, or an entry that is none (PROTOCOL.md §9.4).
 */
import { crc32 } from 'node:zlib';
import { FrameError } from '../protocol/frame-error.js';
import { decodeLogEntry, type LogEntry } from '../protocol/frames/log-entry.js';
import { NvmImageError } from './nvm-image-error.js';
import {
  FAILED_MAC_CELLS,
  failedMacCellAddress,
  LOG_COPY,
  LOG_COPY_BYTES,
  LOG_ENTRY_BYTES,
  LOG_HEADER_COUNT_SHIFT,
  LOG_HEADER_PAGE_MASK,
  LOG_PAGE_ENTRIES,
  logPairAddress,
} from './nvm-layout.js';

/** What places the log and the counter: the record's capacities and its logPages (P). */
export interface LogGeometry {
  blocklistCapacity: number;
  generationTableCapacity: number;
  logPages: number;
}

/** One copy of a pair as stored. */
export interface LogCopy {
  valid: boolean;
  /** The header's page number and count (meaningful when valid). */
  page: number;
  count: number;
}

/** A pair's two copies, and the index of its newest valid one (null: neither is valid). */
export interface LogPair {
  pair: number;
  copies: [LogCopy, LogCopy];
  newest: 0 | 1 | null;
}

/** An entry of the ring, with its number in the lock's life (entry n: page n / 7, slot n mod 7). */
export type LoggedEntry = LogEntry & { number: number };

export interface AccessLog {
  /** The number of the next entry: entries 0 .. head - 1 have been written (0: an empty log). */
  head: number;
  /** The entries the ring holds (pages L - P + 1 .. L, L the newest copy's page), oldest first; what a read shows is narrower (logStart, retention). */
  entries: LoggedEntry[];
}

/** A failed-MAC counter cell as stored. */
export interface CounterCell {
  cell: number;
  value: number;
  valid: boolean;
}

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function copyAddress(geometry: LogGeometry, pair: number, copy: number): number {
  return logPairAddress(pair, geometry.blocklistCapacity, geometry.generationTableCapacity) + copy * LOG_COPY_BYTES;
}

function copyBytes(image: Uint8Array, geometry: LogGeometry, pair: number, copy: number): Uint8Array {
  const start = copyAddress(geometry, pair, copy);
  return image.subarray(start, start + LOG_COPY_BYTES);
}

function readCopy(image: Uint8Array, data: DataView, at: number): LogCopy {
  const header = data.getUint32(at + LOG_COPY.header, true);
  const count = header >>> LOG_HEADER_COUNT_SHIFT;
  // The count first: an erased copy (count 0 or 255) needs no CRC.
  const valid = count >= 1 && count <= LOG_PAGE_ENTRIES && crc32(image.subarray(at, at + LOG_COPY.check)) === data.getUint32(at + LOG_COPY.check, true);
  return { valid, page: header & LOG_HEADER_PAGE_MASK, count };
}

/** (page number, count) as one number in the same order: count is 1..7, so 7 page + count (also the next entry's number). */
const copyOrder = (copy: LogCopy): number => LOG_PAGE_ENTRIES * copy.page + copy.count;

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** Every pair of the ring, with its newest valid copy. */
export function readLogPairs(image: Uint8Array, geometry: LogGeometry): LogPair[] {
  const data = view(image);
  return Array.from({ length: geometry.logPages }, (_, pair): LogPair => {
    const copies: [LogCopy, LogCopy] = [readCopy(image, data, copyAddress(geometry, pair, 0)), readCopy(image, data, copyAddress(geometry, pair, 1))];
    copies.forEach((copy, index) => {
      if (copy.valid && copy.page % geometry.logPages !== pair) {
        throw new NvmImageError(`log pair ${pair}, copy ${index}: a valid copy of page ${copy.page}, which belongs in pair ${copy.page % geometry.logPages}`);
      }
    });
    const [first, second] = copies;
    if (first.valid && second.valid) {
      if (copyOrder(first) === copyOrder(second) && !sameBytes(copyBytes(image, geometry, pair, 0), copyBytes(image, geometry, pair, 1))) {
        throw new NvmImageError(`log pair ${pair}: both copies hold page ${first.page} with ${first.count} entries, and they differ`);
      }
      return { pair, copies, newest: copyOrder(second) > copyOrder(first) ? 1 : 0 };
    }
    return { pair, copies, newest: first.valid ? 0 : second.valid ? 1 : null };
  });
}

/** The entries of a valid copy, numbered; its unused slots must be zero. */
function copyEntries(bytes: Uint8Array, copy: LogCopy, where: string): LoggedEntry[] {
  const slots = bytes.subarray(LOG_COPY.entries, LOG_COPY.check);
  if (!slots.subarray(copy.count * LOG_ENTRY_BYTES).every((byte) => byte === 0)) {
    throw new NvmImageError(`${where}: the entry slots after its ${copy.count} entries are not zero`);
  }
  return Array.from({ length: copy.count }, (_, slot) => {
    const number = LOG_PAGE_ENTRIES * copy.page + slot;
    try {
      return { number, ...decodeLogEntry(slots.slice(slot * LOG_ENTRY_BYTES, (slot + 1) * LOG_ENTRY_BYTES)) };
    } catch (error) {
      if (error instanceof FrameError) throw new NvmImageError(`${where}, entry ${number}: ${error.message}`);
      throw error;
    }
  });
}

export function decodeAccessLog(image: Uint8Array, geometry: LogGeometry): AccessLog {
  const pairs = readLogPairs(image, geometry);
  const newest = pairs.flatMap((pair) => (pair.newest === null ? [] : [{ pair: pair.pair, index: pair.newest, copy: pair.copies[pair.newest] }]));
  if (newest.length === 0) return { head: 0, entries: [] };
  const top = newest.reduce((best, candidate) => (copyOrder(candidate.copy) > copyOrder(best.copy) ? candidate : best));
  const headPage = top.copy.page;
  const entries: LoggedEntry[] = [];
  for (let page = Math.max(0, headPage - geometry.logPages + 1); page <= headPage; page++) {
    const pair = pairs[page % geometry.logPages]!;
    const held = pair.newest === null ? undefined : pair.copies[pair.newest];
    if (!held || held.page !== page) {
      throw new NvmImageError(`log page ${page} is missing from pair ${pair.pair} (${held ? `it holds page ${held.page}` : 'no valid copy'}), while the head is in page ${headPage}`);
    }
    if (page < headPage && held.count < LOG_PAGE_ENTRIES) {
      throw new NvmImageError(`log page ${page} holds ${held.count} entries, short of ${LOG_PAGE_ENTRIES}, while page ${headPage} follows it`);
    }
    entries.push(...copyEntries(copyBytes(image, geometry, pair.pair, pair.newest!), held, `log page ${page} (pair ${pair.pair}, copy ${pair.newest})`));
  }
  return { head: copyOrder(top.copy), entries };
}

export function readFailedMacCells(image: Uint8Array, geometry: LogGeometry): CounterCell[] {
  const data = view(image);
  return Array.from({ length: FAILED_MAC_CELLS }, (_, cell) => {
    const at = failedMacCellAddress(cell, geometry.logPages, geometry.blocklistCapacity, geometry.generationTableCapacity);
    const value = data.getUint32(at, true);
    return { cell, value, valid: data.getUint32(at + 4, true) === (~value >>> 0) };
  });
}

/** The failed MACs counted: the largest valid cell's value, 0 when no cell is valid. */
export function decodeFailedMacCount(image: Uint8Array, geometry: LogGeometry): number {
  return readFailedMacCells(image, geometry).reduce((count, cell) => (cell.valid && cell.value > count ? cell.value : count), 0);
}
