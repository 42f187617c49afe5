/**
 * The landlord's management system: holds K_site and the site id, issues credentials (§6) and
 * blocklist deltas (§8), makes the provisioning records of new locks (§9.1) and gives each key its
 * K_key (§4.1). It never learns a tenant secret (§4.2).
 */
import type { Role } from '../../firmware/abi.js';
import { GENERATION_CAPACITY_MAX, TIME_STEP_DAYS_MAX } from '../../firmware/protocol.js';
import type { HardwareProfile } from '../profile/schema.js';
import { nobleBackend, type CryptoBackend } from '../protocol/crypto-backend.js';
import { keyKey, siteKeys, type SiteKeys } from '../protocol/key-hierarchy.js';
import { encodeCredential } from '../protocol/frames/credential.js';
import { encodeDelta, type DeltaEntry } from '../protocol/frames/delta.js';
import { encodeProvisioningRecord, logPagesFor, type EnergyPrices } from '../protocol/frames/provisioning-record.js';
import { energyPrices } from '../physics/energy-prices.js';
import { relayAllowances, type RelayAllowances } from '../link/relay-allowance.js';

export interface CredentialRequest {
  role: Role;
  keyId: number;
  /** The group id of the holder's dwelling door; 0 = none. */
  dwellingId: number;
  generation: number;
  validFromMinutes: number;
  /** Exclusive. */
  validUntilMinutes: number;
  issuedAtMinutes: number;
  groups: readonly number[];
  phone?: boolean;
}

export interface LockRequest {
  lockId: number;
  /** The dwelling whose own door (or storage room) this is; 0: a common lock. */
  privateDwelling: number;
  groups: readonly number[];
  /** The time mark the lock starts from. */
  markDay: number;
  /** Blocklist, generation-table, log and time-step capacities, and the energy prices (§7.10), come from the profile. */
  profile: HardwareProfile;
  /** Overrides the prices the profile gives (NO_ENERGY_BUDGET: a lock on a bench supply). */
  energy?: EnergyPrices;
  /** Overrides the relay bound the profile gives (NO_RELAY_BOUND: none). */
  relay?: RelayAllowances;
}

export class ManagementSystem {
  readonly siteId: number;
  private readonly keys: SiteKeys;
  private readonly backend: CryptoBackend;
  /** Every delta issued, in order: deltas[v − 1] takes a lock from v − 1 to v. */
  private readonly deltas: Uint8Array[] = [];

  constructor(options: { siteKey: Uint8Array; siteId: number; backend?: CryptoBackend }) {
    this.siteId = options.siteId;
    this.backend = options.backend ?? nobleBackend;
    this.keys = siteKeys(options.siteKey, options.siteId, this.backend);
  }

  /** The credential's bytes, with the issuer MAC under K_iss (§6). */
  issueCredential(request: CredentialRequest): Uint8Array {
    return encodeCredential({ ...request, siteId: this.siteId, phone: request.phone ?? false }, this.keys.kIss, this.backend);
  }

  /** The key's own K_key = Div(K_km, "K" ‖ keyId) (§4.1), written into the key when it is made. */
  keyKeyFor(keyId: number): Uint8Array {
    return keyKey(this.keys.kKm, keyId, this.backend);
  }

  /** The current blocklist version: the number of deltas issued (a new lock starts at 0). */
  get blocklistVersion(): number {
    return this.deltas.length;
  }

  /** One change of the blocklist, from the current version v − 1 to v (§8). */
  issueBlocklistDelta(entries: readonly DeltaEntry[]): Uint8Array {
    const delta = encodeDelta({ siteId: this.siteId, fromVersion: this.deltas.length, entries }, this.keys.kIss, this.backend);
    this.deltas.push(delta);
    return delta;
  }

  /** The deltas a lock at `blocklistVersion` lacks, in order. */
  deltasSince(blocklistVersion: number): Uint8Array[] {
    return this.deltas.slice(blocklistVersion);
  }

  /** The 120-byte factory provisioning record of a new lock (§9.1). */
  makeProvisioningRecord(request: LockRequest): Uint8Array {
    const { capacities } = request.profile;
    const generationTableCapacity = capacities.generationTableEntries.value;
    const timeStepMaxDays = capacities.timeStepMaxDays.value;
    if (generationTableCapacity > GENERATION_CAPACITY_MAX) {
      throw new RangeError(`the profile's generationTableEntries ${generationTableCapacity} exceeds what the record holds (${GENERATION_CAPACITY_MAX})`);
    }
    if (timeStepMaxDays > TIME_STEP_DAYS_MAX) throw new RangeError(`the profile's timeStepMaxDays ${timeStepMaxDays} exceeds ${TIME_STEP_DAYS_MAX}`);
    return encodeProvisioningRecord({
      siteId: this.siteId,
      lockId: request.lockId,
      privateDwelling: request.privateDwelling,
      groups: request.groups,
      keys: this.keys,
      markDay: request.markDay,
      blocklistCapacity: capacities.blocklistEntries.value,
      generationTableCapacity,
      timeStepMaxDays,
      energy: request.energy ?? energyPrices(request.profile),
      logPages: logPagesFor(capacities.logEntries.value),
      relay: request.relay ?? relayAllowances(request.profile),
    });
  }
}
