import { EMERGENCY_DETAIL_SLOTS, STAGED_DELTAS_MAX, WRITE_EMERGENCY_BYTES, WRITE_GENERATION_ENTRY_BYTES, WRITE_STAGED_DELTA_BYTES, WRITE_STATE_BYTES } from "../../firmware/protocol";

/**
 * Where the lock keeps its state in NVM (docs/STORAGE.md, "Layout"). Every structure that must
 * survive a power cut starts on a 64-byte boundary and owns its pages whole (pages of at most 64
 * bytes), so that a torn page never belongs to two structures.
 */

/** The layout's page granule, bytes: the largest NVM page it supports (PROTOCOL.md §9.1 pageShift <= 6). */
export const NVM_GRANULE: u32 = 64;

/**
 * The provisioning record, then, in a page of its own, a magic word written last (the commit of
 * provisioning): a cut that tears the magic's page cannot tear the record with it.
 */
export const NVM_CONFIG_ADDRESS: u32 = 0x0000;
export const NVM_MAGIC_ADDRESS: u32 = 0x0080;
/** "CYL1", little-endian. */
export const NVM_MAGIC: u32 = 0x314c5943;
/** Record and magic are read in one transfer of this many bytes, from NVM_CONFIG_ADDRESS. */
export const CONFIG_READ_BYTES: u32 = NVM_MAGIC_ADDRESS + 4 - NVM_CONFIG_ADDRESS;

/** Ready key schedules (round keys + CMAC subkeys, 208 bytes each) of the lock's own keys. */
export const NVM_SCHEDULES_ADDRESS: u32 = 0x00c0;
export const SCHEDULE_ISS: u32 = 0;
export const SCHEDULE_KM: u32 = 1;
export const SCHEDULE_TIME: u32 = 2;
export const SCHEDULE_PROG: u32 = 3;

/** The state journal: two slots of STATE_SLOT_BYTES, 128 bytes apart. */
export const NVM_STATE_ADDRESS: u32 = 0x0400;
export const STATE_SLOT_STRIDE: u32 = 128;
export const STATE_SLOT_BYTES: u32 = <u32>WRITE_STATE_BYTES;
/** A slot: seq u32, the state's payload, CRC-32 of everything before it. */
export const SLOT_SEQ: usize = 0;
export const SLOT_PAYLOAD: usize = 4;
export const STATE_BYTES: u32 = 96;
export const SLOT_CHECK: usize = SLOT_PAYLOAD + <usize>STATE_BYTES;

/** The state's fields: offsets into the payload (and into the RAM copy, STATE_CACHE). */
export const STATE_MARK_DAY: usize = 0; // u16
export const STATE_GENERATION: usize = 2; // u16, private lock
export const STATE_CHANGE_DAY: usize = 4; // u16, private lock
export const STATE_CONSENT_EPOCH: usize = 6; // u16, private lock
export const STATE_BLOCKLIST_VERSION: usize = 8; // u32
export const STATE_BLOCKLIST_COUNT: usize = 12; // u32
export const STATE_BLOCKLIST_AREA: usize = 16; // u8: 0 or 1
export const STATE_GENERATION_AREA: usize = 17; // u8: 0 or 1, common lock
export const STATE_HAS_TENANT: usize = 18; // u8
export const STATE_SCHEDULE_SLOT: usize = 19; // u8: 0 or 1, T_auth's schedule slot (the pending T's is the other)
export const STATE_GENERATION_COUNT: usize = 20; // u16, common lock
export const STATE_ENROLMENT_COUNT: usize = 22; // u8, 0..ENROLMENT_PLACES
export const STATE_TENANT_FLAGS: usize = 23; // u8: TENANT_FLAG_PENDING
export const STATE_EMERGENCY_COUNT: usize = 24; // u32
export const STATE_EMERGENCY_ACKED: usize = 28; // u32: the count the tenant acknowledged (§9.2)
export const STATE_TENANT_SECRET: usize = 32; // 16 bytes: T
export const STATE_ENROLMENT_KEYS: usize = 48; // 4 x u32
export const STATE_LOG_FLAGS: usize = 64; // u8: LOG_FLAG_ON | LOG_FLAG_HOLD
export const STATE_LOG_START: usize = 68; // u32: entries numbered below it were wiped (a tenant change)
/** The blocklist's staging (docs/STORAGE.md, "Blocklist"): STAGING_START_MASK | count << STAGING_COUNT_SHIFT | merged << STAGING_MERGED_SHIFT. */
export const STATE_STAGING: usize = 72; // u8
export const STATE_MERGE_TAKEN: usize = 73; // u8: entries of the merge's combined staged deltas it has passed
export const STATE_MERGE_DAY: usize = 74; // u16: the mark the merge in progress drops retired entries by, frozen at its first step
export const STATE_MERGE_WRITTEN: usize = 76; // u16: entries of the merged list written into the other area
export const STATE_MERGE_READ: usize = 78; // u16: entries of the active list the merge has passed
export const STATE_PENDING_SECRET: usize = 80; // 16 bytes: the pending T (PROTOCOL.md §4.2), zero when none

/** STATE_STAGING: bits 0-1 the staged ring's first slot, bits 2-4 the slots staged (0..4), bits 5-7 how many of them, from the first, the merge in progress takes in (0: none in progress). */
export const STAGING_START_MASK: u32 = 3;
export const STAGING_COUNT_SHIFT: u32 = 2;
export const STAGING_MERGED_SHIFT: u32 = 5;
export const STAGING_FIELD_MASK: u32 = 7;

/** STATE_TENANT_FLAGS bit 0: a pending T is kept at STATE_PENDING_SECRET, its T_auth schedule in the slot STATE_SCHEDULE_SLOT does not name. */
export const TENANT_FLAG_PENDING: u32 = 1;

/** T_auth's ready schedule (208 bytes), two slots; the state names the current one. */
export const NVM_TENANT_SCHEDULES_ADDRESS: u32 = 0x0500;
export const TENANT_SCHEDULE_STRIDE: u32 = 256;

/** Emergency details (day u16, minute of day u16, keyId u32), one per 64-byte page, written once. */
export const NVM_EMERGENCY_ADDRESS: u32 = 0x0700;
export const EMERGENCY_DETAIL_STRIDE: u32 = NVM_GRANULE;
export const EMERGENCY_RECORD_BYTES: u32 = <u32>WRITE_EMERGENCY_BYTES;
export const EMERGENCY_SLOTS: u32 = <u32>EMERGENCY_DETAIL_SLOTS;

/** Generation table of a common lock, two areas: entries (dwellingId u16, generation u16, day u16), sorted. */
export const NVM_GENERATION_ADDRESS: u32 = 0x0900;
export const GENERATION_ENTRY_BYTES: u32 = <u32>WRITE_GENERATION_ENTRY_BYTES;

/** Blocklist after the generation areas, two areas: entries (keyId u32, retireDay u16), sorted by keyId. */
export const BLOCKLIST_ENTRY_BYTES: u32 = 6;

/**
 * The blocklist's staging after the blocklist areas: STAGING_SLOTS slots of 128 bytes (two pages of
 * 64), each a staged delta: toVersion u32, count u8, 3 zero bytes, entries (op u8, keyId u32,
 * retireDay u16) in the delta's order, the rest zero, CRC-32 of the 120 bytes before it.
 */
export const STAGING_SLOTS: u32 = <u32>STAGED_DELTAS_MAX;
export const STAGED_SLOT_STRIDE: u32 = 2 * NVM_GRANULE;
export const STAGED_SLOT_BYTES: u32 = <u32>WRITE_STAGED_DELTA_BYTES;
export const STAGED_VERSION: usize = 0; // u32
export const STAGED_COUNT: usize = 4; // u8
export const STAGED_ENTRIES: usize = 8; // 16 x 7 bytes
export const STAGED_CHECK: usize = 120; // u32: CRC-32 of bytes [0, 120)

/**
 * The access log after the staging: `logPages` pairs of 64-byte page copies (docs/STORAGE.md,
 * "Access log"), then the failed-MAC counter's cells, one per page.
 */
export const LOG_COPY_BYTES: u32 = NVM_GRANULE;
export const LOG_PAIR_BYTES: u32 = 2 * NVM_GRANULE;
export const FAILED_MAC_CELLS: u32 = 8;

/** An area of `entries` entries of `entryBytes`, rounded up to whole granules. */
export function areaStride(entries: u32, entryBytes: u32): u32 {
  return (entries * entryBytes + NVM_GRANULE - 1) & ~(NVM_GRANULE - 1);
}

export function generationAreaAddress(area: u32, generationCapacity: u32): u32 {
  return NVM_GENERATION_ADDRESS + area * areaStride(generationCapacity, GENERATION_ENTRY_BYTES);
}

/** Area 2 is the end of the layout (the NVM must hold it). */
export function blocklistAreaAddress(area: u32, blocklistCapacity: u32, generationCapacity: u32): u32 {
  return generationAreaAddress(2, generationCapacity) + area * areaStride(blocklistCapacity, BLOCKLIST_ENTRY_BYTES);
}

export function stateSlotAddress(slot: u32): u32 {
  return NVM_STATE_ADDRESS + slot * STATE_SLOT_STRIDE;
}

export function tenantScheduleAddress(slot: u32): u32 {
  return NVM_TENANT_SCHEDULES_ADDRESS + slot * TENANT_SCHEDULE_STRIDE;
}

export function stagedSlotAddress(slot: u32, blocklistCapacity: u32, generationCapacity: u32): u32 {
  return blocklistAreaAddress(2, blocklistCapacity, generationCapacity) + slot * STAGED_SLOT_STRIDE;
}

export function logPairAddress(pair: u32, blocklistCapacity: u32, generationCapacity: u32): u32 {
  return stagedSlotAddress(STAGING_SLOTS, blocklistCapacity, generationCapacity) + pair * LOG_PAIR_BYTES;
}

/** The failed-MAC counter's cell `cell`, after the log's `logPages` pairs; cell FAILED_MAC_CELLS is the layout's end. */
export function failedMacCellAddress(cell: u32, logPages: u32, blocklistCapacity: u32, generationCapacity: u32): u32 {
  return logPairAddress(logPages, blocklistCapacity, generationCapacity) + cell * NVM_GRANULE;
}
