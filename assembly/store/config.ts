/** The provisioning record (PROTOCOL.md §9.1), cached in RAM for the session. */
import {
  PROV_BLOCKLIST_CAPACITY, PROV_GENERATION_CAPACITY, PROV_GROUP_COUNT, PROV_GROUPS, PROV_LOCK_ID,
  PROV_LOG_PAGES, PROV_PAGE_SHIFT, PROV_RELAY_CONTACT_BASE_US, PROV_RELAY_CONTACT_PER_BYTE_NS, PROV_RELAY_PHONE_BASE_US, PROV_RELAY_PHONE_PER_BYTE_NS, PROV_PAGE_WRITE_UJ, PROV_PRIVATE_DWELLING, PROV_RELEASE_UJ, PROV_SITE_ID, PROV_TIME_STEP_DAYS, PROVISION_BYTES,
} from "../../firmware/protocol";
import { CONFIG_CACHE, CONFIG_MAGIC } from "../ram";
import { nvmRead } from "./nvm";
import { CONFIG_READ_BYTES, NVM_CONFIG_ADDRESS, NVM_MAGIC } from "./layout";

/**
 * Reads the record and the magic word in one transfer (they lie 128 bytes apart in NVM and in RAM).
 * False when the lock was never provisioned or NVM failed.
 */
export function loadConfig(): bool {
  return nvmRead(NVM_CONFIG_ADDRESS, CONFIG_CACHE, CONFIG_READ_BYTES) && load<u32>(CONFIG_MAGIC) == NVM_MAGIC;
}

export function siteId(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_SITE_ID);
}
export function lockId(): u32 {
  return load<u32>(CONFIG_CACHE + <usize>PROV_LOCK_ID);
}
export function privateDwelling(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_PRIVATE_DWELLING);
}
export function groupCount(): u32 {
  return <u32>load<u8>(CONFIG_CACHE + <usize>PROV_GROUP_COUNT);
}
export function groupAt(index: u32): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_GROUPS + (<usize>index << 1));
}
export function blocklistCapacity(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_BLOCKLIST_CAPACITY);
}
export function generationCapacity(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_GENERATION_CAPACITY);
}
export function timeStepDays(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_TIME_STEP_DAYS);
}
/** §7.10: one release, uJ (0 with pageWriteUj 0: the lock runs from a supply, no budget). */
export function releaseUj(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_RELEASE_UJ);
}
/** §7.10: one NVM page write, uJ. */
export function pageWriteUj(): u32 {
  return <u32>load<u16>(CONFIG_CACHE + <usize>PROV_PAGE_WRITE_UJ);
}
/** §7.10: log2 of the NVM page size. */
export function pageShift(): u32 {
  return <u32>load<u8>(CONFIG_CACHE + <usize>PROV_PAGE_SHIFT);
}
/** Pages of the log's ring (0: no log provisioned). */
export function logPages(): u32 {
  return <u32>load<u8>(CONFIG_CACHE + <usize>PROV_LOG_PAGES);
}
/**
 * §7.6 step 5a: the longest wait the lock accepts for an AUTH of `length` bytes from a phone key or
 * a contact key, us; u32.MAX_VALUE when no bound is provisioned (base 0).
 */
export function relayAllowanceUs(phone: bool, length: u32): u32 {
  const base = load<u32>(CONFIG_CACHE + <usize>(phone ? PROV_RELAY_PHONE_BASE_US : PROV_RELAY_CONTACT_BASE_US));
  if (base == 0) return u32.MAX_VALUE;
  const perByteNs = load<u32>(CONFIG_CACHE + <usize>(phone ? PROV_RELAY_PHONE_PER_BYTE_NS : PROV_RELAY_CONTACT_PER_BYTE_NS));
  const allowance = <u64>base + (<u64>length * <u64>perByteNs) / 1000;
  return allowance > <u64>u32.MAX_VALUE ? u32.MAX_VALUE : <u32>allowance;
}
