/**
 * NVM images made by hand, byte by byte from STORAGE.md's tables (not from host/storage/nvm-layout.ts,
 * so that the decoder's layout is checked against the document too).
 */
import { crc32 } from 'node:zlib';
import type { NvmGeometry } from '../../../host/storage/nvm-geometry.js';

/** STORAGE.md, "Layout". */
const RECORD_ADDRESS = 0x0000;
const JOURNAL_ADDRESS = 0x0400;
const SLOT_STRIDE = 128;
const TENANT_SCHEDULES_ADDRESS = 0x0500;
const TENANT_SCHEDULE_STRIDE = 256;
const EMERGENCY_DETAILS_ADDRESS = 0x0700;
const EMERGENCY_DETAIL_STRIDE = 64;
const TABLES_ADDRESS = 0x0900;
/** "CYL1", little-endian. */
const MAGIC = 0x314c5943;
/** The magic word, in a page of its own after the record. */
const MAGIC_ADDRESS = 0x0080;

export interface SlotFields {
  seq: number;
  markDay?: number;
  generation?: number;
  changeDay?: number;
  consentEpoch?: number;
  blocklistVersion?: number;
  blocklistCount?: number;
  blocklistArea?: number;
  generationArea?: number;
  hasTenant?: number;
  scheduleSlot?: number;
  generationCount?: number;
  enrolment?: number[];
  emergencyCount?: number;
  emergencyAcked?: number;
  tenantSecret?: Uint8Array;
  logFlags?: number;
  logStart?: number;
  /** A pending T: tenantFlags bit 0 and the 16 bytes at 84. */
  pendingTenantSecret?: Uint8Array;
}

/** A slot of the state journal, 104 bytes, its check the CRC-32 of its first 100 (STORAGE.md, "The state journal"). */
export function encodeSlot(fields: SlotFields): Uint8Array {
  const slot = new Uint8Array(104);
  const view = new DataView(slot.buffer);
  view.setUint32(0, fields.seq, true);
  view.setUint16(4, fields.markDay ?? 0, true);
  view.setUint16(6, fields.generation ?? 0, true);
  view.setUint16(8, fields.changeDay ?? 0, true);
  view.setUint16(10, fields.consentEpoch ?? 0, true);
  view.setUint32(12, fields.blocklistVersion ?? 0, true);
  view.setUint32(16, fields.blocklistCount ?? 0, true);
  slot[20] = fields.blocklistArea ?? 0;
  slot[21] = fields.generationArea ?? 0;
  slot[22] = fields.hasTenant ?? 0;
  slot[23] = fields.scheduleSlot ?? 0;
  view.setUint16(24, fields.generationCount ?? 0, true);
  slot[26] = fields.enrolment?.length ?? 0;
  view.setUint32(28, fields.emergencyCount ?? 0, true);
  view.setUint32(32, fields.emergencyAcked ?? 0, true);
  slot.set(fields.tenantSecret ?? new Uint8Array(16), 36);
  (fields.enrolment ?? []).forEach((keyId, i) => view.setUint32(52 + 4 * i, keyId, true));
  slot[68] = fields.logFlags ?? 0;
  view.setUint32(72, fields.logStart ?? 0, true);
  if (fields.pendingTenantSecret) {
    slot[27] = 1;
    slot.set(fields.pendingTenantSecret, 84);
  }
  view.setUint32(100, crc32(slot.subarray(0, 100)), true);
  return slot;
}

/** An erased NVM holding the magic word and `record`: a provisioned lock that has written nothing else. */
export function provisionedImage(geometry: NvmGeometry, record: Uint8Array): Uint8Array {
  const image = new Uint8Array(geometry.sizeBytes).fill(geometry.erasedValue);
  new DataView(image.buffer).setUint32(MAGIC_ADDRESS, MAGIC, true);
  image.set(record, RECORD_ADDRESS);
  return image;
}

export function putSlot(image: Uint8Array, slot: 0 | 1, bytes: Uint8Array): void {
  image.set(bytes, JOURNAL_ADDRESS + slot * SLOT_STRIDE);
}

export function putTenantSchedule(image: Uint8Array, slot: 0 | 1, schedule: Uint8Array): void {
  image.set(schedule, TENANT_SCHEDULES_ADDRESS + slot * TENANT_SCHEDULE_STRIDE);
}

export function putEmergencyDetail(image: Uint8Array, n: number, detail: { day: number; minuteOfDay: number; keyId: number }): void {
  const view = new DataView(image.buffer, EMERGENCY_DETAILS_ADDRESS + n * EMERGENCY_DETAIL_STRIDE, 8);
  view.setUint16(0, detail.day, true);
  view.setUint16(2, detail.minuteOfDay, true);
  view.setUint32(4, detail.keyId, true);
}

/** An area's bytes: 6 per entry, rounded up to whole 64-byte granules. */
const areaBytes = (capacity: number): number => Math.ceil((6 * capacity) / 64) * 64;

export function putGenerationEntries(image: Uint8Array, area: 0 | 1, generationCapacity: number, entries: { dwellingId: number; generation: number; firstSeenDay: number }[]): void {
  const view = new DataView(image.buffer, TABLES_ADDRESS + area * areaBytes(generationCapacity));
  entries.forEach((entry, i) => {
    view.setUint16(6 * i, entry.dwellingId, true);
    view.setUint16(6 * i + 2, entry.generation, true);
    view.setUint16(6 * i + 4, entry.firstSeenDay, true);
  });
}

export function putBlocklistEntries(
  image: Uint8Array,
  area: 0 | 1,
  capacities: { blocklist: number; generation: number },
  entries: { keyId: number; retireDay: number }[],
): void {
  const view = new DataView(image.buffer, TABLES_ADDRESS + 2 * areaBytes(capacities.generation) + area * areaBytes(capacities.blocklist));
  entries.forEach((entry, i) => {
    view.setUint32(6 * i, entry.keyId, true);
    view.setUint16(6 * i + 4, entry.retireDay, true);
  });
}

/** What places the log and the counter: the record's capacities and logPages (P). */
export interface LogLayout {
  blocklist: number;
  generation: number;
  logPages: number;
}

/** STORAGE.md, "Layout": the staging's 4 slots of 128 bytes after the blocklist areas, then the log at L = 0x0900 + 2G + 2B + 512, pair p at L + 128 p; the counter's cell c at L + 128 P + 64 c. */
const STAGING_BYTES = 4 * 128;
const logAddress = (layout: LogLayout): number => TABLES_ADDRESS + 2 * areaBytes(layout.generation) + 2 * areaBytes(layout.blocklist) + STAGING_BYTES;
export const logCopyAddress = (layout: LogLayout, pair: number, copy: 0 | 1): number => logAddress(layout) + 128 * pair + 64 * copy;
export const counterCellAddress = (layout: LogLayout, cell: number): number => logAddress(layout) + 128 * layout.logPages + 64 * cell;

export interface EntryFields {
  keyId: number;
  day: number;
  minuteOfDay: number;
  /** 0..26 a decision's reason, 31 a read-out, 30 its detail (PROTOCOL.md §9.4). */
  code: number;
}

/** An entry's 8 bytes: keyId u32, day u16, minuteOfDay | code << 11 (PROTOCOL.md §9.4). */
export function encodeEntry(entry: EntryFields): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, entry.keyId, true);
  view.setUint16(4, entry.day, true);
  view.setUint16(6, entry.minuteOfDay | (entry.code << 11), true);
  return bytes;
}

/** A page copy, 64 bytes: header (page in bits 0-23, count in bits 24-31), the entries, zeros, CRC-32 of bytes [0, 60). */
export function encodeLogCopy(page: number, entries: readonly Uint8Array[], count = entries.length): Uint8Array {
  const copy = new Uint8Array(64);
  const view = new DataView(copy.buffer);
  view.setUint32(0, (page | (count << 24)) >>> 0, true);
  entries.forEach((entry, slot) => copy.set(entry, 4 + 8 * slot));
  view.setUint32(60, crc32(copy.subarray(0, 60)), true);
  return copy;
}

export function putLogCopy(image: Uint8Array, layout: LogLayout, pair: number, copy: 0 | 1, bytes: Uint8Array): void {
  image.set(bytes, logCopyAddress(layout, pair, copy));
}

/** A counter cell: value u32, then its complement (STORAGE.md, "The failed-MAC counter"). */
export function putCounterCell(image: Uint8Array, layout: LogLayout, cell: number, value: number, complement = ~value >>> 0): void {
  const view = new DataView(image.buffer, counterCellAddress(layout, cell), 8);
  view.setUint32(0, value, true);
  view.setUint32(4, complement, true);
}

/**
 * Appends entry `number` as STORAGE.md's "Appending" says, on an image whose log holds entries
 * 0 .. number - 1: the pair of page number / 7 is read; unless the entry starts its page, the
 * newest copy's entries are kept; the page with one more entry goes into the copy that is not the
 * newest. Returns the address written.
 */
export function appendEntry(image: Uint8Array, layout: LogLayout, number: number, entry: Uint8Array): number {
  const page = Math.floor(number / 7);
  const slot = number % 7;
  const pair = page % layout.logPages;
  const copies = ([0, 1] as const).map((copy) => {
    const at = logCopyAddress(layout, pair, copy);
    const bytes = image.slice(at, at + 64);
    const view = new DataView(bytes.buffer);
    const header = view.getUint32(0, true);
    const count = header >>> 24;
    const valid = count >= 1 && count <= 7 && crc32(bytes.subarray(0, 60)) === view.getUint32(60, true);
    return { bytes, valid, order: 7 * (header & 0xffffff) + count, page: header & 0xffffff };
  });
  const [first, second] = copies as [(typeof copies)[0], (typeof copies)[0]];
  const newest = first.valid && second.valid ? (second.order > first.order ? 1 : 0) : first.valid ? 0 : second.valid ? 1 : null;
  const kept = slot !== 0 && newest !== null && copies[newest]!.page === page;
  const entries = kept ? Array.from({ length: slot }, (_, i) => copies[newest]!.bytes.slice(4 + 8 * i, 12 + 8 * i)) : [];
  const target = newest === 0 ? 1 : 0;
  const at = logCopyAddress(layout, pair, target);
  image.set(encodeLogCopy(page, [...entries, entry]), at);
  return at;
}
