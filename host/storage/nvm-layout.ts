/**
 * The on-NVM format of docs/STORAGE.md ("Layout"), written down here from the document, apart from
 * the firmware's own declaration (assembly/store/layout.ts), so that the decoder checks the
 * firmware instead of repeating it. Addresses are byte offsets into the NVM; integers little-endian.
 */

/** The provisioning record as received (PROTOCOL.md §9.1), 104 bytes. */
export const RECORD_ADDRESS = 0x0000;
/** "CYL1" as a little-endian u32, in a page of its own after the record: the provisioning's commit. */
export const MAGIC_ADDRESS = 0x0080;
export const MAGIC = 0x314c5943;

/** Ready key schedules of the lock's own keys, 208 bytes each (176 of round keys, then K1 and K2). */
export const KEY_SCHEDULES_ADDRESS = 0x00c0;
export const SCHEDULE_BYTES = 208;
/** Their order in NVM. */
export const KEY_SCHEDULE_NAMES = ['kIss', 'kKm', 'kTime', 'kProg'] as const;

/** The state journal: two slots of 104 bytes, 128 bytes apart. */
export const JOURNAL_ADDRESS = 0x0400;
export const SLOT_STRIDE = 128;
export const SLOT_BYTES = 104;
export const SLOT_COUNT = 2;

/** A slot's fields: offsets into the slot (STORAGE.md, "The state journal"). */
export const SLOT = {
  seq: 0, // u32
  markDay: 4, // u16
  generation: 6, // u16
  changeDay: 8, // u16
  consentEpoch: 10, // u16
  blocklistVersion: 12, // u32
  blocklistCount: 16, // u32
  blocklistArea: 20, // u8
  generationArea: 21, // u8
  hasTenant: 22, // u8
  scheduleSlot: 23, // u8
  generationCount: 24, // u16
  enrolmentCount: 26, // u8
  tenantFlags: 27, // u8: bit 0 a pending T is kept
  emergencyCount: 28, // u32
  emergencyAcked: 32, // u32
  tenantSecret: 36, // 16 bytes
  enrolmentKeys: 52, // 4 x u32
  logFlags: 68, // u8: bit 0 the log is on, bit 1 an incident hold
  reserved69: 69, // 3 bytes, zero
  logStart: 72, // u32: log entries numbered below it are wiped or were purged before a hold
  staging: 76, // u8: the staged ring's first slot (bits 0-1), deltas staged (bits 2-4), of them taken in by the merge in progress (bits 5-7)
  mergeTaken: 77, // u8: entries of the merge's combined staged deltas it has passed
  mergeDay: 78, // u16: the mark the merge in progress drops retired entries by
  mergeWritten: 80, // u16: entries of the merged list written into the other area
  mergeRead: 82, // u16: entries of the active list the merge has passed
  pendingTenantSecret: 84, // 16 bytes: the pending T, zero when none
  check: 100, // u32: CRC-32 of bytes [0, 100)
} as const;
export const TENANT_SECRET_BYTES = 16;
export const ENROLMENT_PLACES = 4;
export const RESERVED69_BYTES = 3;
/** The staging byte's fields (STORAGE.md, "The state journal"). */
export const STAGING_START_MASK = 0x03;
export const STAGING_COUNT_SHIFT = 2;
export const STAGING_MERGED_SHIFT = 5;
export const STAGING_FIELD_MASK = 0x07;
/** tenantFlags' bit: a pending T is kept (PROTOCOL.md §4.2), its T_auth schedule in the slot scheduleSlot does not name. */
export const TENANT_FLAG_PENDING = 0x01;
/** logFlags' bits (STORAGE.md, "The state journal"; PROTOCOL.md §9.4). */
export const LOG_FLAG_ON = 0x01;
export const LOG_FLAG_HOLD = 0x02;

/** T_auth's ready schedule, two slots 256 bytes apart. */
export const TENANT_SCHEDULES_ADDRESS = 0x0500;
export const TENANT_SCHEDULE_STRIDE = 256;

/** Emergency details: detail n at 0x0700 + 64 n, 8 bytes (day u16, minute of day u16, keyId u32). */
export const EMERGENCY_DETAILS_ADDRESS = 0x0700;
export const EMERGENCY_DETAIL_STRIDE = 64;
export const EMERGENCY_DETAIL_SLOTS = 8;

/** The bulk tables: two generation areas, then two blocklist areas, each rounded up to whole 64-byte granules. */
export const TABLES_ADDRESS = 0x0900;
export const AREA_GRANULE_BYTES = 64;
/** dwellingId u16, generation u16, day first seen u16. */
export const GENERATION_ENTRY_BYTES = 6;
/** keyId u32, retireDay u16. */
export const BLOCKLIST_ENTRY_BYTES = 6;

/** The bytes of one area of `entries` entries. */
export function areaBytes(entries: number, entryBytes: number): number {
  return Math.ceil((entries * entryBytes) / AREA_GRANULE_BYTES) * AREA_GRANULE_BYTES;
}

export function generationAreaAddress(area: number, generationCapacity: number): number {
  return TABLES_ADDRESS + area * areaBytes(generationCapacity, GENERATION_ENTRY_BYTES);
}

export function blocklistAreaAddress(area: number, blocklistCapacity: number, generationCapacity: number): number {
  return generationAreaAddress(2, generationCapacity) + area * areaBytes(blocklistCapacity, BLOCKLIST_ENTRY_BYTES);
}

/**
 * The blocklist's staging (STORAGE.md, "Blocklist"): after the blocklist areas, 4 slots of 128
 * bytes; a slot: toVersion u32, count u8, 3 zero bytes, 16 entries of 7 bytes (op u8, keyId u32,
 * retireDay u16; the first `count` used, in the delta's order, the rest zero), CRC-32 of the 120 bytes before it.
 */
export const STAGING_SLOTS = 4;
export const STAGED_SLOT_STRIDE = 128;
export const STAGED_SLOT = {
  version: 0, // u32
  count: 4, // u8
  entries: 8, // 16 x 7 bytes
  check: 120, // u32: CRC-32 of bytes [0, 120)
} as const;
export const STAGED_ENTRY_BYTES = 7;
export const STAGED_ENTRIES_MAX = 16;

export function stagedSlotAddress(slot: number, blocklistCapacity: number, generationCapacity: number): number {
  return blocklistAreaAddress(2, blocklistCapacity, generationCapacity) + slot * STAGED_SLOT_STRIDE;
}

/**
 * The access log (STORAGE.md, "Access log"): after the staging, `logPages` pairs of two
 * 64-byte copies of one page; a page holds 7 entries of 8 bytes. A copy: header u32 (page number in
 * bits 0-23, entries in bits 24-31), the entries, CRC-32 of the 60 bytes before it.
 */
export const LOG_COPY_BYTES = 64;
export const LOG_PAIR_BYTES = 2 * LOG_COPY_BYTES;
export const LOG_PAGE_ENTRIES = 7;
export const LOG_ENTRY_BYTES = 8;
export const LOG_COPY = {
  header: 0, // u32
  entries: 4, // 7 x 8 bytes, the first `count` used, the rest zero
  check: 60, // u32: CRC-32 of bytes [0, 60)
} as const;
/** The header's page number: bits 0-23; its count of entries: bits 24-31. */
export const LOG_HEADER_PAGE_MASK = 0x00ff_ffff;
export const LOG_HEADER_COUNT_SHIFT = 24;

export function logPairAddress(pair: number, blocklistCapacity: number, generationCapacity: number): number {
  return stagedSlotAddress(STAGING_SLOTS, blocklistCapacity, generationCapacity) + pair * LOG_PAIR_BYTES;
}

/** The failed-MAC counter (STORAGE.md, "The failed-MAC counter"): 8 cells, one per 64-byte page, value u32 then its complement. */
export const FAILED_MAC_CELLS = 8;
export const FAILED_MAC_CELL_STRIDE = 64;
export const FAILED_MAC_CELL_BYTES = 8;

export function failedMacCellAddress(cell: number, logPages: number, blocklistCapacity: number, generationCapacity: number): number {
  return logPairAddress(logPages, blocklistCapacity, generationCapacity) + cell * FAILED_MAC_CELL_STRIDE;
}

/** The bytes the layout needs: up to the end of the failed-MAC counter's last cell (STORAGE.md: L + 128 P + 512, L the log's address). */
export function layoutBytes(blocklistCapacity: number, generationCapacity: number, logPages: number): number {
  return failedMacCellAddress(FAILED_MAC_CELLS, logPages, blocklistCapacity, generationCapacity);
}
