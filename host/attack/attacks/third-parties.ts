/**
 * Contractors and care workers (R-KEY-4, R-CARE-1; PROTOCOL.md §6.2, §7.6 step 11): keys of roles 3
 * and 4, for dwelling A and the front door, valid from the day before START_DAY for 30 days; the
 * tenant of dwelling A (key 201, generation 1) has moved in, and makes consent tokens.
 */
import { Role } from '../../../firmware/abi.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { CredentialRequest } from '../../management/management-system.js';
import { DWELLING_A, FRONT_DOOR, minutesAt, PRIVATE_LOCK_ID, START_DAY, type AttackSite } from '../attack-site.js';

export const TENANT = 201;
export const THIRD_PARTY_ROLES = [Role.Contractor, Role.CareWorker] as const;
/** A consent token's window around START_DAY: the tenant's consent for the day. */
export const CONSENT_WINDOW = [minutesAt(START_DAY), minutesAt(START_DAY + 1)] as const;

/** The tenant's key, after its move-in at the private door and its first opening since. */
export function movedInTenant(site: AttackSite): KeyDevice {
  return movedInTenantAt(site, site.private.target);
}

/**
 * The tenant's key moved in at `lock` (the tenant change, its T pending) and opened once since, with
 * its proof, which made its T current (PROTOCOL.md §4.2).
 */
export function movedInTenantAt(site: AttackSite, lock: LockTarget): KeyDevice {
  const tenant = site.makeKey({ keyId: TENANT });
  if (!tenant.insert(lock).tenantSecretReceived) throw new Error('the tenant did not move in');
  if (tenant.insert(lock).decision !== 'grant') throw new Error("the tenant's first proof of T was refused");
  return tenant;
}

/** A contractor's or care worker's key, for dwelling A and the front door unless `request` says otherwise. */
export function thirdParty(site: AttackSite, keyId: number, role: Role, request: Partial<CredentialRequest> = {}): KeyDevice {
  return site.makeKey({
    keyId,
    role,
    dwellingId: 0,
    generation: 0,
    validFromMinutes: minutesAt(START_DAY - 1),
    validUntilMinutes: minutesAt(START_DAY + 30),
    groups: [DWELLING_A, FRONT_DOOR],
    ...request,
  });
}

/** The tenant's consent for `key` at the private door, for CONSENT_WINDOW unless given, at `epoch`. */
export function consentFor(tenant: KeyDevice, key: KeyDevice, epoch = 0, window: readonly [number, number] = CONSENT_WINDOW): Uint8Array {
  return tenant.makeConsentToken(PRIVATE_LOCK_ID, key.keyId, window[0], window[1], epoch);
}
