/**
 * Reads a lock's NVM image (docs/STORAGE.md) into a plain logical state: provisioned or not, the
 * provisioning record, the newest valid slot of the state journal, what that state names (T_auth's
 * schedule slot, the emergency details, the active generation and blocklist areas), the access
 * log's ring and the failed-MAC count (nvm-log-image.ts). Physical choices (which slot, its seq,
 * which area, which copy of a log page, which counter cell) are left out of the state: two images
 * that the lock reads alike decode alike. readJournal() and readLogPairs() show them.
 *
 * An image the lock could not be holding (a record that is not one, a state naming an area count
 * beyond its capacity, tables out of order, a log ring the lock could not have written) throws
 * NvmImageError.
 */
import { crc32 } from 'node:zlib';
import { FrameError } from '../protocol/frame-error.js';
import { decodeProvisioningRecord } from '../protocol/frames/provisioning-record.js';
import { PROVISION_BYTES } from '../../firmware/protocol.js';
import { NvmImageError } from './nvm-image-error.js';
import { decodeAccessLog, decodeFailedMacCount, type AccessLog } from './nvm-log-image.js';
import { decodeStaging, type Staging } from './nvm-staging-image.js';
import {
  blocklistAreaAddress,
  BLOCKLIST_ENTRY_BYTES,
  EMERGENCY_DETAIL_SLOTS,
  EMERGENCY_DETAIL_STRIDE,
  EMERGENCY_DETAILS_ADDRESS,
  ENROLMENT_PLACES,
  generationAreaAddress,
  GENERATION_ENTRY_BYTES,
  JOURNAL_ADDRESS,
  KEY_SCHEDULE_NAMES,
  KEY_SCHEDULES_ADDRESS,
  layoutBytes,
  LOG_FLAG_HOLD,
  LOG_FLAG_ON,
  MAGIC,
  MAGIC_ADDRESS,
  RECORD_ADDRESS,
  RESERVED69_BYTES,
  SCHEDULE_BYTES,
  SLOT,
  SLOT_BYTES,
  SLOT_COUNT,
  SLOT_STRIDE,
  TENANT_SCHEDULE_STRIDE,
  TENANT_SCHEDULES_ADDRESS,
  TENANT_FLAG_PENDING,
  TENANT_SECRET_BYTES,
} from './nvm-layout.js';

export { NvmImageError };
export type { AccessLog, LoggedEntry } from './nvm-log-image.js';
export type { MergeInProgress, StagedDelta, Staging } from './nvm-staging-image.js';

/** The provisioning record's fields; keys as hex. */
export interface ProvisionedConfig {
  siteId: number;
  lockId: number;
  privateDwelling: number;
  groups: number[];
  keys: { kIss: string; kKm: string; kProg: string; kTime: string };
  markDay: number;
  blocklistCapacity: number;
  generationTableCapacity: number;
  timeStepMaxDays: number;
  releaseUj: number;
  pageWriteUj: number;
  pageShift: number;
  /** Pages of the access log's ring (P; 0: no log). */
  logPages: number;
}

/** The state journal's newest valid slot, its physical fields left out (all zero when no slot is valid). */
export interface JournalState {
  markDay: number;
  generation: number;
  changeDay: number;
  consentEpoch: number;
  blocklistVersion: number;
  blocklistCount: number;
  hasTenant: boolean;
  generationCount: number;
  emergencyCount: number;
  emergencyAcked: number;
  /** T, hex; zeros until the first tenant. */
  tenantSecret: string;
  /** The pending T (tenantFlags bit 0), hex; null when none is kept. */
  pendingTenantSecret: string | null;
  /** The keyIds waiting for enrolment, in the order added. */
  enrolment: number[];
  /** logFlags bit 0: the log is on. */
  logOn: boolean;
  /** logFlags bit 1: an incident hold. */
  logHold: boolean;
  /** Log entries numbered below it are wiped (a tenant change) or were purged before a hold. */
  logStart: number;
}

export interface EmergencyDetail {
  day: number;
  minuteOfDay: number;
  keyId: number;
}

export interface GenerationEntry {
  dwellingId: number;
  generation: number;
  firstSeenDay: number;
}

export interface BlocklistEntry {
  keyId: number;
  retireDay: number;
}

export interface UnprovisionedImage {
  provisioned: false;
}

export interface ProvisionedImage {
  provisioned: true;
  config: ProvisionedConfig;
  /** The ready schedules of K_iss, K_km, K_time and K_prog, hex. */
  keySchedules: { kIss: string; kKm: string; kTime: string; kProg: string };
  state: JournalState;
  /** T_auth's ready schedule in the slot the state names, hex; null without a current T. */
  tenantAuthSchedule: string | null;
  /** The pending T's T_auth schedule, in the slot the state does not name, hex; null without a pending T. */
  pendingTenantAuthSchedule: string | null;
  /** One per counted opening, up to the 8 detail slots. */
  emergencyDetails: EmergencyDetail[];
  generationTable: GenerationEntry[];
  blocklist: BlocklistEntry[];
  /** The deltas staged and not merged yet, oldest first, and the merge in progress (STORAGE.md, "Blocklist"). */
  staging: Staging;
  /** The access log's ring: its head and every entry it holds (whether or not a read would show it). */
  log: AccessLog;
  /** The failed MACs counted (PROTOCOL.md §9.5). */
  failedMacs: number;
}

export type LockImage = UnprovisionedImage | ProvisionedImage;

/** One slot of the journal as stored. */
export interface JournalSlot {
  slot: number;
  seq: number;
  valid: boolean;
}

/** Both slots, and the newest valid one (STORAGE.md, "Reading"); null when neither is valid. */
export interface Journal {
  slots: JournalSlot[];
  newest: number | null;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function slotBytes(image: Uint8Array, slot: number): Uint8Array {
  const start = JOURNAL_ADDRESS + slot * SLOT_STRIDE;
  return image.subarray(start, start + SLOT_BYTES);
}

/** A slot is valid when its check is the CRC-32 of the bytes before it; an erased slot never is. */
function slotValid(slot: Uint8Array): boolean {
  const erased = slot.every((byte) => byte === slot[0]) && (slot[0] === 0x00 || slot[0] === 0xff);
  return !erased && crc32(slot.subarray(0, SLOT.check)) === view(slot).getUint32(SLOT.check, true);
}

export function readJournal(image: Uint8Array): Journal {
  const slots = Array.from({ length: SLOT_COUNT }, (_, slot) => {
    const bytes = slotBytes(image, slot);
    return { slot, seq: view(bytes).getUint32(SLOT.seq, true), valid: slotValid(bytes) };
  });
  // The slot with the greater seq first (slot 0 on a tie), then the other: the first valid one.
  const [a, b] = slots as [JournalSlot, JournalSlot];
  const order = b.seq > a.seq ? [b, a] : [a, b];
  return { slots, newest: order.find((slot) => slot.valid)?.slot ?? null };
}

export function decodeNvmImage(image: Uint8Array): LockImage {
  if (image.length < RECORD_ADDRESS + PROVISION_BYTES) throw new NvmImageError(`an NVM image of ${image.length} bytes holds no provisioning record`);
  if (view(image).getUint32(MAGIC_ADDRESS, true) !== MAGIC) return { provisioned: false };
  const config = decodeConfig(image);
  const needed = layoutBytes(config.blocklistCapacity, config.generationTableCapacity, config.logPages);
  if (image.length < needed) throw new NvmImageError(`the record's capacities need ${needed} bytes of NVM, the image has ${image.length}`);
  const journal = readJournal(image);
  const slot = journal.newest === null ? null : slotBytes(image, journal.newest);
  const state = slot ? decodeState(slot, config) : emptyState();
  const physical = slot ? physicalFields(slot) : { blocklistArea: 0, generationArea: 0, scheduleSlot: 0 };
  return {
    provisioned: true,
    config,
    keySchedules: decodeKeySchedules(image),
    state,
    tenantAuthSchedule: state.hasTenant ? hex(scheduleAt(image, TENANT_SCHEDULES_ADDRESS + physical.scheduleSlot * TENANT_SCHEDULE_STRIDE)) : null,
    pendingTenantAuthSchedule: state.pendingTenantSecret !== null ? hex(scheduleAt(image, TENANT_SCHEDULES_ADDRESS + (1 - physical.scheduleSlot) * TENANT_SCHEDULE_STRIDE)) : null,
    emergencyDetails: decodeEmergencyDetails(image, state.emergencyCount),
    generationTable: decodeGenerationTable(image, generationAreaAddress(physical.generationArea, config.generationTableCapacity), state.generationCount),
    blocklist: decodeBlocklist(image, blocklistAreaAddress(physical.blocklistArea, config.blocklistCapacity, config.generationTableCapacity), state.blocklistCount),
    staging: slot ? decodeStaging(image, slot, { ...config, blocklistArea: physical.blocklistArea, blocklistCount: state.blocklistCount, blocklistVersion: state.blocklistVersion }) : { staged: [], merge: null },
    log: decodeAccessLog(image, config),
    failedMacs: decodeFailedMacCount(image, config),
  };
}

function decodeConfig(image: Uint8Array): ProvisionedConfig {
  let record;
  try {
    record = decodeProvisioningRecord(image.slice(RECORD_ADDRESS, RECORD_ADDRESS + PROVISION_BYTES));
  } catch (error) {
    if (error instanceof FrameError) throw new NvmImageError(`the provisioning record at 0x${RECORD_ADDRESS.toString(16).padStart(4, '0')}: ${error.message}`);
    throw error;
  }
  const { keys, energy } = record;
  return {
    siteId: record.siteId,
    lockId: record.lockId,
    privateDwelling: record.privateDwelling,
    groups: record.groups,
    keys: { kIss: hex(keys.kIss), kKm: hex(keys.kKm), kProg: hex(keys.kProg), kTime: hex(keys.kTime) },
    markDay: record.markDay,
    blocklistCapacity: record.blocklistCapacity,
    generationTableCapacity: record.generationTableCapacity,
    timeStepMaxDays: record.timeStepMaxDays,
    releaseUj: energy.releaseUj,
    pageWriteUj: energy.pageWriteUj,
    pageShift: energy.pageShift,
    logPages: record.logPages,
  };
}

function scheduleAt(image: Uint8Array, address: number): Uint8Array {
  return image.subarray(address, address + SCHEDULE_BYTES);
}

function decodeKeySchedules(image: Uint8Array): ProvisionedImage['keySchedules'] {
  const [kIss, kKm, kTime, kProg] = KEY_SCHEDULE_NAMES.map((_, i) => hex(scheduleAt(image, KEY_SCHEDULES_ADDRESS + i * SCHEDULE_BYTES))) as [string, string, string, string];
  return { kIss, kKm, kTime, kProg };
}

function emptyState(): JournalState {
  return {
    markDay: 0,
    generation: 0,
    changeDay: 0,
    consentEpoch: 0,
    blocklistVersion: 0,
    blocklistCount: 0,
    hasTenant: false,
    generationCount: 0,
    emergencyCount: 0,
    emergencyAcked: 0,
    tenantSecret: hex(new Uint8Array(TENANT_SECRET_BYTES)),
    pendingTenantSecret: null,
    enrolment: [],
    logOn: false,
    logHold: false,
    logStart: 0,
  };
}

function physicalFields(slot: Uint8Array): { blocklistArea: number; generationArea: number; scheduleSlot: number } {
  const blocklistArea = slot[SLOT.blocklistArea]!;
  const generationArea = slot[SLOT.generationArea]!;
  const scheduleSlot = slot[SLOT.scheduleSlot]!;
  for (const [name, value] of [['blocklistArea', blocklistArea], ['generationArea', generationArea], ['scheduleSlot', scheduleSlot]] as const) {
    if (value > 1) throw new NvmImageError(`state: ${name} is ${value}, not 0 or 1`);
  }
  return { blocklistArea, generationArea, scheduleSlot };
}

function decodeState(slot: Uint8Array, config: ProvisionedConfig): JournalState {
  const data = view(slot);
  const u16 = (offset: number) => data.getUint16(offset, true);
  const u32 = (offset: number) => data.getUint32(offset, true);
  const hasTenant = slot[SLOT.hasTenant]!;
  const enrolmentCount = slot[SLOT.enrolmentCount]!;
  const blocklistCount = u32(SLOT.blocklistCount);
  const generationCount = u16(SLOT.generationCount);
  if (hasTenant > 1) throw new NvmImageError(`state: hasTenant is ${hasTenant}, not 0 or 1`);
  if (enrolmentCount > ENROLMENT_PLACES) throw new NvmImageError(`state: enrolmentCount is ${enrolmentCount}, above ${ENROLMENT_PLACES}`);
  if (blocklistCount > config.blocklistCapacity) throw new NvmImageError(`state: blocklistCount ${blocklistCount} exceeds the capacity ${config.blocklistCapacity}`);
  if (generationCount > config.generationTableCapacity) throw new NvmImageError(`state: generationCount ${generationCount} exceeds the capacity ${config.generationTableCapacity}`);
  const logFlags = slot[SLOT.logFlags]!;
  if ((logFlags & ~(LOG_FLAG_ON | LOG_FLAG_HOLD)) !== 0) throw new NvmImageError(`state: logFlags is 0x${logFlags.toString(16).padStart(2, '0')}, with bits other than on (bit 0) and hold (bit 1)`);
  const zero = (offset: number, bytes: number) => slot.subarray(offset, offset + bytes).every((byte) => byte === 0);
  for (const [offset, bytes] of [[SLOT.reserved69, RESERVED69_BYTES]] as const) {
    if (!zero(offset, bytes)) throw new NvmImageError(`state: the reserved bytes [${offset}, ${offset + bytes}) are not zero`);
  }
  const tenantFlags = slot[SLOT.tenantFlags]!;
  if ((tenantFlags & ~TENANT_FLAG_PENDING) !== 0) throw new NvmImageError(`state: tenantFlags is 0x${tenantFlags.toString(16).padStart(2, '0')}, with bits other than pending (bit 0)`);
  const pending = (tenantFlags & TENANT_FLAG_PENDING) !== 0;
  if (!pending && !zero(SLOT.pendingTenantSecret, TENANT_SECRET_BYTES)) throw new NvmImageError('state: a pending tenant secret without its flag (tenantFlags bit 0)');
  return {
    markDay: u16(SLOT.markDay),
    generation: u16(SLOT.generation),
    changeDay: u16(SLOT.changeDay),
    consentEpoch: u16(SLOT.consentEpoch),
    blocklistVersion: u32(SLOT.blocklistVersion),
    blocklistCount,
    hasTenant: hasTenant === 1,
    generationCount,
    emergencyCount: u32(SLOT.emergencyCount),
    emergencyAcked: u32(SLOT.emergencyAcked),
    tenantSecret: hex(slot.subarray(SLOT.tenantSecret, SLOT.tenantSecret + TENANT_SECRET_BYTES)),
    pendingTenantSecret: pending ? hex(slot.subarray(SLOT.pendingTenantSecret, SLOT.pendingTenantSecret + TENANT_SECRET_BYTES)) : null,
    enrolment: Array.from({ length: enrolmentCount }, (_, i) => u32(SLOT.enrolmentKeys + 4 * i)),
    logOn: (logFlags & LOG_FLAG_ON) !== 0,
    logHold: (logFlags & LOG_FLAG_HOLD) !== 0,
    logStart: u32(SLOT.logStart),
  };
}

function decodeEmergencyDetails(image: Uint8Array, emergencyCount: number): EmergencyDetail[] {
  const data = view(image);
  return Array.from({ length: Math.min(emergencyCount, EMERGENCY_DETAIL_SLOTS) }, (_, n) => {
    const at = EMERGENCY_DETAILS_ADDRESS + n * EMERGENCY_DETAIL_STRIDE;
    return { day: data.getUint16(at, true), minuteOfDay: data.getUint16(at + 2, true), keyId: data.getUint32(at + 4, true) };
  });
}

function decodeGenerationTable(image: Uint8Array, address: number, count: number): GenerationEntry[] {
  const data = view(image);
  const entries = Array.from({ length: count }, (_, i) => {
    const at = address + i * GENERATION_ENTRY_BYTES;
    return { dwellingId: data.getUint16(at, true), generation: data.getUint16(at + 2, true), firstSeenDay: data.getUint16(at + 4, true) };
  });
  assertAscending(entries.map((entry) => entry.dwellingId), 'generation table', 'dwellingId');
  return entries;
}

function decodeBlocklist(image: Uint8Array, address: number, count: number): BlocklistEntry[] {
  const data = view(image);
  const entries = Array.from({ length: count }, (_, i) => {
    const at = address + i * BLOCKLIST_ENTRY_BYTES;
    return { keyId: data.getUint32(at, true), retireDay: data.getUint16(at + 4, true) };
  });
  assertAscending(entries.map((entry) => entry.keyId), 'blocklist', 'keyId');
  return entries;
}

/** STORAGE.md: both tables are sorted, each key once. */
function assertAscending(keys: number[], table: string, field: string): void {
  for (let i = 1; i < keys.length; i++) {
    if (keys[i]! <= keys[i - 1]!) throw new NvmImageError(`${table}: entry ${i} (${field} ${keys[i]}) does not sort after entry ${i - 1} (${keys[i - 1]})`);
  }
}
