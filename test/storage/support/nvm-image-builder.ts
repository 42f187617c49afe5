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
}

/** A slot of the state journal, 88 bytes, its check the CRC-32 of its first 84 (STORAGE.md, "The state journal"). */
export function encodeSlot(fields: SlotFields): Uint8Array {
  const slot = new Uint8Array(88);
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
  view.setUint32(84, crc32(slot.subarray(0, 84)), true);
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
