/** The factory provisioning record, 120 bytes (PROTOCOL.md §9.1). */
import { NO_RELAY_BOUND, type RelayAllowances } from '../../link/relay-allowance.js';
import { AES_KEY_BYTES } from '../../../firmware/abi.js';
import {
  GENERATION_CAPACITY_MAX,
  LOCK_GROUPS_MAX,
  PROTOCOL_VERSION,
  PROV_BLOCKLIST_CAPACITY,
  PROV_GENERATION_CAPACITY,
  PROV_GROUP_COUNT,
  PROV_GROUPS,
  PROV_K_ISS,
  PROV_K_KM,
  PROV_K_PROG,
  PROV_K_TIME,
  PROV_LOCK_ID,
  PROV_MARK_DAY,
  PAGE_SHIFT_MAX,
  PROV_PAGE_SHIFT,
  PROV_PAGE_WRITE_UJ,
  PROV_PRIVATE_DWELLING,
  PROV_RELEASE_UJ,
  PROV_LOG_PAGES,
  LOG_PAGE_ENTRIES,
  PROV_RELAY_CONTACT_BASE_US,
  PROV_RELAY_CONTACT_PER_BYTE_NS,
  PROV_RELAY_PHONE_BASE_US,
  PROV_RELAY_PHONE_PER_BYTE_NS,
  PROV_SITE_ID,
  PROV_TIME_STEP_DAYS,
  PROV_VERSION,
  PROVISION_BYTES,
  TIME_STEP_DAYS_MAX,
} from '../../../firmware/protocol.js';
import { getU16, getU32, setU16, setU32, setU8 } from '../bytes.js';
import { malformed, unsupportedVersion } from '../frame-error.js';
import type { SiteKeys } from '../key-hierarchy.js';

export interface ProvisioningFields {
  siteId: number;
  lockId: number;
  /** 0: a common lock. */
  privateDwelling: number;
  /** 1..8 group ids the lock opens for. */
  groups: readonly number[];
  keys: SiteKeys;
  markDay: number;
  /** 1..65535. */
  blocklistCapacity: number;
  /** 1..1024. */
  generationTableCapacity: number;
  /** 1..366. */
  timeStepMaxDays: number;
  /** The energy rule's prices (§7.10); all 0: a lock on a supply, no budget. */
  energy: EnergyPrices;
  /** Pages of LOG_PAGE_ENTRIES entries in the log's ring: 0 (no log, the default) or 2..255 (logPagesFor). */
  logPages?: number;
  /** §7.6 step 5a: the relay bound per key type (host/link/relay-allowance.ts); none by default. */
  relay?: RelayAllowances;
  /** Defaults to 1; another value only to test a lock's refusal. */
  version?: number;
}

/** §7.10: what the lock's hardware pays for a commit. */
export interface EnergyPrices {
  /** One release with the MCU awake through it and the RESULT sent, uJ, 0..65535. */
  releaseUj: number;
  /** One NVM page erased and programmed with the MCU awake, uJ, 0..65535. */
  pageWriteUj: number;
  /** log2 of the NVM page size, 0..15. */
  pageShift: number;
}

export const NO_ENERGY_BUDGET: EnergyPrices = { releaseUj: 0, pageWriteUj: 0, pageShift: 0 };

export interface ProvisioningRecord extends ProvisioningFields {
  groups: number[];
  logPages: number;
  relay: RelayAllowances;
}

/**
 * The pages a log of at least `entries` visible entries needs (STORAGE.md, "Access log"): one more
 * than ceil(entries / LOG_PAGE_ENTRIES), since the page being filled overwrites the oldest.
 */
export function logPagesFor(entries: number): number {
  if (entries === 0) return 0;
  const pages = Math.ceil(entries / LOG_PAGE_ENTRIES) + 1;
  if (pages > LOG_PAGES_MAX) throw new RangeError(`a log of ${entries} entries needs ${pages} pages; the record holds at most ${LOG_PAGES_MAX}`);
  return pages;
}

/** The u8 field's range. */
const LOG_PAGES_MAX = 255;

function checkKey(key: Uint8Array, name: string): void {
  if (key.length !== AES_KEY_BYTES) throw new RangeError(`${name}: expected ${AES_KEY_BYTES} bytes, got ${key.length}`);
}

export function encodeProvisioningRecord(fields: ProvisioningFields): Uint8Array {
  const groupCount = fields.groups.length;
  if (groupCount < 1 || groupCount > LOCK_GROUPS_MAX) throw new RangeError(`a lock has 1..${LOCK_GROUPS_MAX} groups, got ${groupCount}`);
  const record = new Uint8Array(PROVISION_BYTES);
  setU8(record, PROV_VERSION, fields.version ?? PROTOCOL_VERSION);
  setU16(record, PROV_SITE_ID, fields.siteId);
  setU32(record, PROV_LOCK_ID, fields.lockId);
  setU16(record, PROV_PRIVATE_DWELLING, fields.privateDwelling);
  setU8(record, PROV_GROUP_COUNT, groupCount);
  fields.groups.forEach((group, i) => setU16(record, PROV_GROUPS + 2 * i, group));
  const keys: [Uint8Array, number, string][] = [
    [fields.keys.kIss, PROV_K_ISS, 'K_iss'],
    [fields.keys.kKm, PROV_K_KM, 'K_km'],
    [fields.keys.kProg, PROV_K_PROG, 'K_prog'],
    [fields.keys.kTime, PROV_K_TIME, 'K_time'],
  ];
  for (const [key, offset, name] of keys) {
    checkKey(key, name);
    record.set(key, offset);
  }
  setU16(record, PROV_MARK_DAY, fields.markDay);
  setU16(record, PROV_BLOCKLIST_CAPACITY, fields.blocklistCapacity);
  setU16(record, PROV_GENERATION_CAPACITY, fields.generationTableCapacity);
  setU16(record, PROV_TIME_STEP_DAYS, fields.timeStepMaxDays);
  const { releaseUj, pageWriteUj, pageShift } = fields.energy;
  if (!inRange(pageShift, 0, PAGE_SHIFT_MAX)) throw new RangeError(`pageShift: expected 0..${PAGE_SHIFT_MAX}, got ${pageShift}`);
  setU16(record, PROV_RELEASE_UJ, releaseUj);
  setU16(record, PROV_PAGE_WRITE_UJ, pageWriteUj);
  setU8(record, PROV_PAGE_SHIFT, pageShift);
  const logPages = fields.logPages ?? 0;
  if (!(logPages === 0 || inRange(logPages, 2, LOG_PAGES_MAX))) throw new RangeError(`logPages: expected 0 or 2..${LOG_PAGES_MAX}, got ${logPages}`);
  setU8(record, PROV_LOG_PAGES, logPages);
  const relay = fields.relay ?? NO_RELAY_BOUND;
  for (const [value, offset, name] of [
    [relay.contact.baseUs, PROV_RELAY_CONTACT_BASE_US, 'relay.contact.baseUs'],
    [relay.contact.perByteNs, PROV_RELAY_CONTACT_PER_BYTE_NS, 'relay.contact.perByteNs'],
    [relay.phone.baseUs, PROV_RELAY_PHONE_BASE_US, 'relay.phone.baseUs'],
    [relay.phone.perByteNs, PROV_RELAY_PHONE_PER_BYTE_NS, 'relay.phone.perByteNs'],
  ] as const) {
    if (!Number.isInteger(value) || !inRange(value, 0, 0xffff_ffff)) throw new RangeError(`${name}: expected a u32, got ${value}`);
    setU32(record, offset, value);
  }
  return record;
}

function inRange(value: number, low: number, high: number): boolean {
  return value >= low && value <= high;
}

/**
 * The record's fields. Throws FrameError: Malformed for a wrong length, a groupCount outside 1..8,
 * a used group id 0 or an unused one not 0, a capacity out of its range, a pageShift above
 * PAGE_SHIFT_MAX, logPages 1; UnsupportedVersion for a version other than 1.
 */
export function decodeProvisioningRecord(record: Uint8Array): ProvisioningRecord {
  if (record.length !== PROVISION_BYTES) throw malformed(`provisioning record: expected ${PROVISION_BYTES} bytes, got ${record.length}`);
  const version = record[PROV_VERSION]!;
  if (version !== PROTOCOL_VERSION) throw unsupportedVersion(`provisioning record: version ${version} is not ${PROTOCOL_VERSION}`);
  const groupCount = record[PROV_GROUP_COUNT]!;
  if (!inRange(groupCount, 1, LOCK_GROUPS_MAX)) throw malformed(`provisioning record: groupCount ${groupCount} is not 1..${LOCK_GROUPS_MAX}`);
  const groups: number[] = [];
  for (let i = 0; i < LOCK_GROUPS_MAX; i++) {
    const group = getU16(record, PROV_GROUPS + 2 * i);
    if (i < groupCount && group === 0) throw malformed(`provisioning record: group ${i} is 0`);
    if (i >= groupCount && group !== 0) throw malformed(`provisioning record: unused group ${i} is ${group}, not 0`);
    if (i < groupCount) groups.push(group);
  }
  const blocklistCapacity = getU16(record, PROV_BLOCKLIST_CAPACITY);
  const generationTableCapacity = getU16(record, PROV_GENERATION_CAPACITY);
  const timeStepMaxDays = getU16(record, PROV_TIME_STEP_DAYS);
  if (blocklistCapacity < 1) throw malformed('provisioning record: blocklistCapacity is 0');
  if (!inRange(generationTableCapacity, 1, GENERATION_CAPACITY_MAX)) {
    throw malformed(`provisioning record: generationTableCapacity ${generationTableCapacity} is not 1..${GENERATION_CAPACITY_MAX}`);
  }
  if (!inRange(timeStepMaxDays, 1, TIME_STEP_DAYS_MAX)) throw malformed(`provisioning record: timeStepMaxDays ${timeStepMaxDays} is not 1..${TIME_STEP_DAYS_MAX}`);
  const pageShift = record[PROV_PAGE_SHIFT]!;
  if (pageShift > PAGE_SHIFT_MAX) throw malformed(`provisioning record: pageShift ${pageShift} is not 0..${PAGE_SHIFT_MAX}`);
  const logPages = record[PROV_LOG_PAGES]!;
  if (logPages === 1) throw malformed('provisioning record: logPages 1 (a ring needs two pages, or none)');
  const key = (offset: number) => record.slice(offset, offset + AES_KEY_BYTES);
  return {
    version,
    siteId: getU16(record, PROV_SITE_ID),
    lockId: getU32(record, PROV_LOCK_ID),
    privateDwelling: getU16(record, PROV_PRIVATE_DWELLING),
    groups,
    keys: { kIss: key(PROV_K_ISS), kKm: key(PROV_K_KM), kProg: key(PROV_K_PROG), kTime: key(PROV_K_TIME) },
    markDay: getU16(record, PROV_MARK_DAY),
    blocklistCapacity,
    generationTableCapacity,
    timeStepMaxDays,
    energy: { releaseUj: getU16(record, PROV_RELEASE_UJ), pageWriteUj: getU16(record, PROV_PAGE_WRITE_UJ), pageShift },
    logPages,
    relay: {
      contact: { baseUs: getU32(record, PROV_RELAY_CONTACT_BASE_US), perByteNs: getU32(record, PROV_RELAY_CONTACT_PER_BYTE_NS) },
      phone: { baseUs: getU32(record, PROV_RELAY_PHONE_BASE_US), perByteNs: getU32(record, PROV_RELAY_PHONE_PER_BYTE_NS) },
    },
  };
}
