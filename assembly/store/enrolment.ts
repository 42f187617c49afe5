/** Keys waiting for enrolment at a private lock (PROTOCOL.md §9.2), kept in NVM. */
import { ENROLMENT_PLACES } from "../../firmware/protocol";
import { ENROLMENT_RECORD } from "../ram";
import { nvmRead, nvmWrite } from "./nvm";
import { ENROLMENT_RECORD_BYTES, NVM_ENROLMENT_ADDRESS } from "./layout";

/** The record in RAM: count u8, keyIds u32. */
const RECORD: usize = ENROLMENT_RECORD;

function readRecord(): bool {
  if (!nvmRead(NVM_ENROLMENT_ADDRESS, RECORD, ENROLMENT_RECORD_BYTES)) return false;
  // A blank NVM (erased to 0x00 or 0xFF) reads as an empty list.
  if (<u32>load<u8>(RECORD) > <u32>ENROLMENT_PLACES) store<u8>(RECORD, 0);
  return true;
}

function writeRecord(): bool {
  return nvmWrite(NVM_ENROLMENT_ADDRESS, RECORD, ENROLMENT_RECORD_BYTES);
}

function count(): u32 {
  return <u32>load<u8>(RECORD);
}

function keyAt(index: u32): u32 {
  return load<u32>(RECORD + 1 + (<usize>index << 2));
}

function indexOf(keyId: u32): i32 {
  for (let index: u32 = 0; index < count(); index++) if (keyAt(index) == keyId) return <i32>index;
  return -1;
}

/** Result of adding: the list's length after (bits 0-7), bit 8 full, bit 9 NVM failed. */
export const ENROL_FULL: u32 = 0x100;
export const ENROL_FAILED: u32 = 0x200;

export function enrolmentAdd(keyId: u32): u32 {
  if (!readRecord()) return ENROL_FAILED;
  if (indexOf(keyId) >= 0) return count();
  if (count() >= <u32>ENROLMENT_PLACES) return ENROL_FULL | count();
  store<u32>(RECORD + 1 + (<usize>count() << 2), keyId);
  store<u8>(RECORD, <u8>(count() + 1));
  return writeRecord() ? count() : ENROL_FAILED;
}

/** Whether `keyId` waits for enrolment; -1 when NVM cannot be read. */
export function enrolmentWaiting(keyId: u32): i32 {
  if (!readRecord()) return -1;
  return indexOf(keyId) >= 0 ? 1 : 0;
}

/** Removes `keyId` (keeping the others' order). False on NVM failure. */
export function enrolmentRemove(keyId: u32): bool {
  if (!readRecord()) return false;
  const index = indexOf(keyId);
  if (index < 0) return true;
  const last = count() - 1;
  for (let i = <u32>index; i < last; i++) store<u32>(RECORD + 1 + (<usize>i << 2), keyAt(i + 1));
  store<u8>(RECORD, <u8>last);
  return writeRecord();
}

/** Empties the list (a tenant change, a rotation). False on NVM failure. */
export function enrolmentClear(): bool {
  memory.fill(RECORD, 0, ENROLMENT_RECORD_BYTES);
  return writeRecord();
}
