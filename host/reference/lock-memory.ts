/**
 * What the reference lock keeps in NVM, as plain objects: its configuration from the provisioning
 * record (PROTOCOL.md §9.1), the time mark (§3), the blocklist (§8), the private door's tenant
 * state (§4.2, §7.8) or the common door's generation table (§2), and the emergency records (§7.6).
 */
import type { SiteKeys } from '../protocol/key-hierarchy.js';
import type { DeltaEntry } from '../protocol/frames/delta.js';
import { freshAccessLog, type AccessLog } from './access-log.js';
import type { RelayAllowances } from '../link/relay-allowance.js';
import type { EnergyPrices, ProvisioningRecord } from '../protocol/frames/provisioning-record.js';

export interface LockConfig {
  siteId: number;
  lockId: number;
  /** 0: a common lock. */
  privateDwelling: number;
  groups: number[];
  keys: SiteKeys;
  blocklistCapacity: number;
  generationTableCapacity: number;
  timeStepMaxDays: number;
  /** §7.10: what a commit costs on the lock's hardware. */
  energy: EnergyPrices;
  /** §7.6 step 5a: the relay bound per key type. */
  relay: RelayAllowances;
}

export interface BlocklistEntry {
  keyId: number;
  retireDay: number;
}

/** A private lock's tenant (§4.2, §7.8). */
export interface TenantState {
  generation: number;
  /** The current T; null until a key first proves a pending one, and again from a tenant change until then. */
  tenantSecret: Uint8Array | null;
  /** A new T drawn (a tenant change, ROTATE) and enclosed for a key, current once a key proves it (§4.2); null when none. */
  pendingSecret: Uint8Array | null;
  /** The day of the last tenant change (0 before the first). */
  changeDay: number;
  consentEpoch: number;
  /**
   * §9.2: keyIds waiting for enrolment, in the order ENROL added them (ENROLMENT_PLACES at most);
   * from a tenant change until a pending T is proved, the change's key alone (§7.8).
   */
  enrolment: number[];
}

/** §7.8: "records the change (day, old and new generation)". */
export interface TenantChangeRecord {
  day: number;
  oldGeneration: number;
  newGeneration: number;
}

/**
 * A common lock's generation table entry (§2, §7.6 step 10). The day the lock raised it is kept
 * too, so that a TenantChanged refusal can enclose "the day of the change" (§7.7).
 */
export interface GenerationEntry {
  generation: number;
  changeDay: number;
}

/** §7.6 step 11: an emergency opening at a private lock. */
export interface EmergencyRecord {
  day: number;
  minuteOfDay: number;
  keyId: number;
}

export interface LockMemory {
  config: LockConfig;
  markDay: number;
  /** Sorted by keyId: the active list (the staged deltas not merged into it yet). */
  blocklist: BlocklistEntry[];
  /** The newest delta's version: the last staged one's, else the list's. */
  blocklistVersion: number;
  /** §8: deltas staged, oldest first, not merged yet (at most STAGED_DELTAS_MAX). */
  staging: StagedDelta[];
  /** The merge in progress of the first `deltas` staged deltas, null when none is. */
  merge: MergeProgress | null;
  /** Private locks only. */
  tenant: TenantState | null;
  tenantChanges: TenantChangeRecord[];
  /** Common locks only: dwellingId → newest generation seen, and the day it was raised. */
  generationTable: Map<number, GenerationEntry>;
  /** Every emergency opening, oldest first; the newest is the last (§9.3). */
  emergencyRecords: EmergencyRecord[];
  emergencyCount: number;
  /** §9.2 ACK_EMERGENCY: the count the tenant has acknowledged; kept across tenant changes (§9.3). */
  emergencyAcknowledged: number;
  /** §9.4: a private lock's access log (pages 0 at a common lock). */
  log: AccessLog;
  /** §9.5: failed issuer, key and command MACs, at most one per power-up. */
  failedMacs: number;
}

/** A staged delta: its version and its entries in the order the delta carried them. */
export interface StagedDelta {
  version: number;
  entries: DeltaEntry[];
}

/** A merge in progress (docs/STORAGE.md, "Blocklist"). */
export interface MergeProgress {
  /** The staged deltas it takes in, from the oldest. */
  deltas: number;
  /** The mark it drops retired entries by, frozen at its first step. */
  day: number;
  /** Entries of the merged list written so far. */
  written: number;
}

export function isPrivateLock(config: LockConfig): boolean {
  return config.privateDwelling !== 0;
}

/**
 * A freshly provisioned lock: blocklist empty at version 0 (§9.1 gives no version: the first
 * delta is 0 → 1); a private lock at generation 0 without a tenant secret.
 */
export function freshMemory(record: ProvisioningRecord): LockMemory {
  const config: LockConfig = {
    siteId: record.siteId,
    lockId: record.lockId,
    privateDwelling: record.privateDwelling,
    groups: [...record.groups],
    keys: record.keys,
    blocklistCapacity: record.blocklistCapacity,
    generationTableCapacity: record.generationTableCapacity,
    timeStepMaxDays: record.timeStepMaxDays,
    energy: { ...record.energy },
    relay: structuredClone(record.relay),
  };
  return {
    config,
    markDay: record.markDay,
    blocklist: [],
    blocklistVersion: 0,
    staging: [],
    merge: null,
    tenant: isPrivateLock(config) ? { generation: 0, tenantSecret: null, pendingSecret: null, changeDay: 0, consentEpoch: 0, enrolment: [] } : null,
    tenantChanges: [],
    generationTable: new Map(),
    emergencyRecords: [],
    emergencyCount: 0,
    emergencyAcknowledged: 0,
    log: freshAccessLog(isPrivateLock(config) ? record.logPages : 0),
    failedMacs: 0,
  };
}
