import {
  WRITE_EMERGENCY_BYTES, WRITE_ENROLMENT_BYTES, WRITE_GENERATION_ENTRY_BYTES, WRITE_STATE_BYTES,
} from "../../firmware/protocol";

/**
 * Where the lock keeps its state in NVM. This is the plain layout; docs/STORAGE.md describes it and
 * the journaled, power-cut-safe records that replace it.
 */

/** The provisioning record, preceded by a magic word written last (the commit of provisioning). */
export const NVM_MAGIC_ADDRESS: u32 = 0x0000;
export const NVM_CONFIG_ADDRESS: u32 = 0x0004;
/** "CYL1", little-endian. */
export const NVM_MAGIC: u32 = 0x314c5943;

/** Ready key schedules (round keys + CMAC subkeys, 208 bytes each) of the lock's own keys. */
export const NVM_SCHEDULES_ADDRESS: u32 = 0x0080;
export const SCHEDULE_ISS: u32 = 0;
export const SCHEDULE_KM: u32 = 1;
export const SCHEDULE_TIME: u32 = 2;
export const SCHEDULE_PROG: u32 = 3;

/** The state record (32 bytes). */
export const NVM_STATE_ADDRESS: u32 = 0x0400;
export const STATE_MARK_DAY: usize = 0; // u16
export const STATE_GENERATION: usize = 2; // u16, private lock
export const STATE_CHANGE_DAY: usize = 4; // u16, private lock
export const STATE_CONSENT_EPOCH: usize = 6; // u16, private lock
export const STATE_BLOCKLIST_VERSION: usize = 8; // u32
export const STATE_BLOCKLIST_COUNT: usize = 12; // u32
export const STATE_BLOCKLIST_AREA: usize = 16; // u8: 0 or 1
export const STATE_HAS_TENANT: usize = 17; // u8
export const STATE_GENERATION_COUNT: usize = 18; // u16, common lock
export const STATE_EMERGENCY_COUNT: usize = 20; // u32
export const STATE_EMERGENCY_ACKED: usize = 24; // u32: the count the tenant acknowledged (§9.2)
export const STATE_BYTES: u32 = <u32>WRITE_STATE_BYTES;

/** The tenant secret T (16) and the ready schedule of T_auth (208). */
export const NVM_TENANT_ADDRESS: u32 = 0x0440;
export const NVM_TENANT_AUTH_SCHEDULE: u32 = 0x0450;

/** Keys waiting for enrolment (§9.2): count u8, then 4 keyIds u32 in the order they were added. */
export const NVM_ENROLMENT_ADDRESS: u32 = 0x0520;
export const ENROLMENT_RECORD_BYTES: u32 = <u32>WRITE_ENROLMENT_BYTES;

/** Emergency openings: a ring of 8 records (day u16, minute of day u16, keyId u32). */
export const NVM_EMERGENCY_ADDRESS: u32 = 0x0600;
export const EMERGENCY_RECORD_BYTES: u32 = <u32>WRITE_EMERGENCY_BYTES;
export const EMERGENCY_SLOTS: u32 = 8;

/** Generation table of a common lock: entries (dwellingId u16, generation u16, day u16), sorted. */
export const NVM_GENERATION_ADDRESS: u32 = 0x0800;
export const GENERATION_ENTRY_BYTES: u32 = <u32>WRITE_GENERATION_ENTRY_BYTES;

/** Blocklist: two areas of `capacity` entries (keyId u32, retireDay u16), sorted by keyId. */
export const NVM_BLOCKLIST_ADDRESS: u32 = 0x2000;
export const BLOCKLIST_ENTRY_BYTES: u32 = 6;

export function blocklistAreaAddress(area: u32, capacity: u32): u32 {
  return NVM_BLOCKLIST_ADDRESS + area * capacity * BLOCKLIST_ENTRY_BYTES;
}
