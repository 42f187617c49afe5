/**
 * An access-log entry (PROTOCOL.md §9.4): keyId u32 ‖ day u16 ‖ word u16, word = minute of day
 * (bits 0-10) | code << 11. A decision's entry carries its reason (0: granted); a read-out takes
 * two entries with the same day and minute, LOG_CODE_READOUT (keyId: the reader) and
 * LOG_CODE_READOUT_DETAIL (in place of the keyId: entries found u16 ‖ why u8 ‖ 0).
 */
import { REASON_COUNT, type Reason } from '../../../firmware/abi.js';
import {
  LOG_CODE_READOUT,
  LOG_CODE_READOUT_DETAIL,
  LOG_CODE_SHIFT,
  LOG_ENTRY_BYTES,
  LOG_MINUTE_MASK,
  LOG_READ_ENTRIES_MAX,
  LOG_READ_WHY_SHIFT,
  LOG_WHY_MAX,
  MINUTES_PER_DAY,
} from '../../../firmware/protocol.js';
import { getU16, getU32, setU16, setU32 } from '../bytes.js';
import { malformed } from '../frame-error.js';

/** `why` of a read-out, given with LOG_READ and LOG_READ_OWN (§9.4). */
export enum ReadoutWhy {
  OwnOpenings = 0,
  TenantReview = 1,
  Incident = 2,
  PoliceRequest = 3,
}

export type LogEntry =
  | { kind: 'decision'; keyId: number; day: number; minuteOfDay: number; reason: Reason }
  | { kind: 'readout'; readerKeyId: number; day: number; minuteOfDay: number }
  | { kind: 'readout-detail'; found: number; why: ReadoutWhy; day: number; minuteOfDay: number };

export function encodeLogEntry(entry: LogEntry): Uint8Array {
  const bytes = new Uint8Array(LOG_ENTRY_BYTES);
  switch (entry.kind) {
    case 'decision':
      setU32(bytes, 0, entry.keyId);
      setU16(bytes, 4, entry.day);
      setU16(bytes, 6, entry.minuteOfDay | (entry.reason << LOG_CODE_SHIFT));
      break;
    case 'readout':
      setU32(bytes, 0, entry.readerKeyId);
      setU16(bytes, 4, entry.day);
      setU16(bytes, 6, entry.minuteOfDay | (LOG_CODE_READOUT << LOG_CODE_SHIFT));
      break;
    case 'readout-detail':
      setU16(bytes, 0, Math.min(entry.found, 0xffff));
      bytes[2] = entry.why;
      setU16(bytes, 4, entry.day);
      setU16(bytes, 6, entry.minuteOfDay | (LOG_CODE_READOUT_DETAIL << LOG_CODE_SHIFT));
      break;
  }
  return bytes;
}

/** One entry; throws FrameError (Malformed) for a code no entry has or a minute past the day. */
export function decodeLogEntry(bytes: Uint8Array): LogEntry {
  if (bytes.length !== LOG_ENTRY_BYTES) throw malformed(`log entry: expected ${LOG_ENTRY_BYTES} bytes, got ${bytes.length}`);
  const word = getU16(bytes, 6);
  const code = word >>> LOG_CODE_SHIFT;
  const minuteOfDay = word & LOG_MINUTE_MASK;
  if (minuteOfDay >= MINUTES_PER_DAY) throw malformed(`log entry: minute ${minuteOfDay} is past the day`);
  if (code === LOG_CODE_READOUT) return { kind: 'readout', readerKeyId: getU32(bytes, 0), day: getU16(bytes, 4), minuteOfDay };
  if (code === LOG_CODE_READOUT_DETAIL) {
    if (bytes[2]! > LOG_WHY_MAX || bytes[3] !== 0) throw malformed(`log entry: read-out detail with why ${bytes[2]} and byte 3 = ${bytes[3]}`);
    return { kind: 'readout-detail', found: getU16(bytes, 0), why: bytes[2]!, day: getU16(bytes, 4), minuteOfDay };
  }
  if (code >= REASON_COUNT) throw malformed(`log entry: code ${code} is neither a reason nor a read-out`);
  return { kind: 'decision', keyId: getU32(bytes, 0), day: getU16(bytes, 4), minuteOfDay, reason: code };
}

/** LOG_READ's and LOG_READ_OWN's argument: from u16 ‖ why u8 ‖ 0. */
export function logReadArgument(from: number, why: ReadoutWhy): number {
  if (!Number.isInteger(from) || from < 0 || from > 0xffff) throw new RangeError(`from: expected 0..65535, got ${from}`);
  if (!Number.isInteger(why) || why < 0 || why > LOG_WHY_MAX) throw new RangeError(`why: expected 0..${LOG_WHY_MAX}, got ${why}`);
  return from | (why << LOG_READ_WHY_SHIFT);
}

/** The argument is one LOG_READ takes: bits 24-31 zero, why known. */
export function logReadArgumentValid(argument: number): boolean {
  return argument >>> 24 === 0 && ((argument >>> LOG_READ_WHY_SHIFT) & 0xff) <= LOG_WHY_MAX;
}

/** The entries of a LOG_READ's answer: n u8 ‖ n entries, n <= LOG_READ_ENTRIES_MAX. */
export function encodeLogEntries(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length > LOG_READ_ENTRIES_MAX) throw new RangeError(`at most ${LOG_READ_ENTRIES_MAX} entries per answer, got ${entries.length}`);
  const bytes = new Uint8Array(1 + entries.length * LOG_ENTRY_BYTES);
  bytes[0] = entries.length;
  entries.forEach((entry, i) => bytes.set(entry, 1 + i * LOG_ENTRY_BYTES));
  return bytes;
}

export function decodeLogEntries(parts: Uint8Array): LogEntry[] {
  const count = parts[0] ?? 0;
  if (parts.length === 0 || count > LOG_READ_ENTRIES_MAX || parts.length !== 1 + count * LOG_ENTRY_BYTES) {
    throw malformed(`log entries: ${parts.length} bytes do not hold n u8 ‖ n entries of ${LOG_ENTRY_BYTES} (n <= ${LOG_READ_ENTRIES_MAX})`);
  }
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(decodeLogEntry(parts.subarray(1 + i * LOG_ENTRY_BYTES, 1 + (i + 1) * LOG_ENTRY_BYTES)));
  return entries;
}
