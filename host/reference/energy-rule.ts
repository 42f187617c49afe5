/**
 * §7.10, the energy rule: a commit (NVM writes, and for a grant the release) starts only when the
 * lock holds what it costs at the provisioned prices. A write of n bytes costs ceil(n / page) + 1
 * page writes.
 */
import {
  EMERGENCY_DETAIL_SLOTS, GENERATION_MOVE_ENTRIES, WRITE_COUNTER_CELL_BYTES, WRITE_EMERGENCY_BYTES, WRITE_GENERATION_ENTRY_BYTES,
  WRITE_LOG_PAGE_BYTES, WRITE_STAGED_DELTA_BYTES, WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES,
} from '../../firmware/protocol.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import type { EnergyPrices } from '../protocol/frames/provisioning-record.js';
import type { TenantState } from './lock-memory.js';

const NJ_PER_UJ = 1_000;
/** The HAL's energyNj() is a u32 of nanojoules (firmware/abi.ts). */
const GAUGE_MAX_NJ = 0xffff_ffff;

/** The sizes of the writes of each kind of commit, in bytes (docs/STORAGE.md, "How each update is made"). */
export const WRITES = {
  /** One slot of the state journal: the mark, an enrolment, a consent epoch, an acknowledgement. */
  state: [WRITE_STATE_BYTES],
  /** A tenant change with no pending T kept (§7.8): T_auth's schedule into the slot the state does not name, then the state with the pending T and the generation. */
  tenantChange: [WRITE_TENANT_SCHEDULE_BYTES, WRITE_STATE_BYTES],
  /** The enrolled key leaves the list: the state. */
  enrolment: [WRITE_STATE_BYTES],
  /** §9.2 ROTATE with no pending T kept: T_auth's schedule into the slot the state does not name, then the state. */
  rotation: [WRITE_TENANT_SCHEDULE_BYTES, WRITE_STATE_BYTES],
  /** One access-log entry: its page copy (§9.4). */
  logEntry: [WRITE_LOG_PAGE_BYTES],
  /** A read-out's record: two entries, each its page copy (§9.4). */
  readout: [WRITE_LOG_PAGE_BYTES, WRITE_LOG_PAGE_BYTES],
  /** One failed MAC counted: a counter cell (§9.5). */
  failedMac: [WRITE_COUNTER_CELL_BYTES],
} as const;

/**
 * A new pending T (a tenant change, the tenant change's key again, ROTATE; §4.2): the state without
 * the pending T already kept, if one is (docs/STORAGE.md: no schedule a committed state names is
 * overwritten), T_auth's schedule into the slot the state does not name, then the state.
 */
export function newPendingSecretWrites(tenant: TenantState): number[] {
  return tenant.pendingSecret !== null ? [WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES, WRITE_STATE_BYTES] : [WRITE_TENANT_SCHEDULE_BYTES, WRITE_STATE_BYTES];
}

/** An emergency opening: its detail while a detail slot is free (the first EMERGENCY_DETAIL_SLOTS openings), then the state. */
export function emergencyWrites(countBefore: number): number[] {
  return countBefore < EMERGENCY_DETAIL_SLOTS ? [WRITE_EMERGENCY_BYTES, WRITE_STATE_BYTES] : [WRITE_STATE_BYTES];
}

/** A change of the generation table: the table after it, copied into the other area GENERATION_MOVE_ENTRIES per write, then the state. */
export function generationTableWrites(entriesAfter: number): number[] {
  const writes: number[] = [];
  for (let left = entriesAfter; left > 0; left -= GENERATION_MOVE_ENTRIES) writes.push(Math.min(left, GENERATION_MOVE_ENTRIES) * WRITE_GENERATION_ENTRY_BYTES);
  return [...writes, WRITE_STATE_BYTES];
}

/** Staging a blocklist delta (§8): its slot, then the state. */
export const STAGING_WRITES = [WRITE_STAGED_DELTA_BYTES, WRITE_STATE_BYTES] as const;

export function pagesFor(bytes: number, pageShift: number): number {
  return Math.ceil(bytes / 2 ** pageShift) + 1;
}

/** True when the gauge shows the cost of `writes` (their sizes) and, with `release`, the release. */
export function holdsFor(gauge: EnergyGauge, prices: EnergyPrices, writes: readonly number[], release: boolean): boolean {
  const pages = writes.reduce((sum, bytes) => sum + pagesFor(bytes, prices.pageShift), 0);
  const needUj = pages * prices.pageWriteUj + (release ? prices.releaseUj : 0);
  if (needUj === 0) return true;
  const availableNj = Math.min(Math.floor(gauge.availableNj()), GAUGE_MAX_NJ);
  return availableNj >= needUj * NJ_PER_UJ;
}

/** The page writes the gauge pays for beyond `reserveUj` (Infinity when pages cost nothing). */
export function spareWritePages(gauge: EnergyGauge, prices: EnergyPrices, reserveUj: number): number {
  if (prices.pageWriteUj === 0) return Infinity;
  const availableNj = Math.min(Math.floor(gauge.availableNj()), GAUGE_MAX_NJ);
  const reserveNj = reserveUj * NJ_PER_UJ;
  return availableNj <= reserveNj ? 0 : Math.floor((availableNj - reserveNj) / (prices.pageWriteUj * NJ_PER_UJ));
}
