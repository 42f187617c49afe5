/**
 * A dwelling's history the generation attacks start from: the first tenant (generation 1) moves in
 * at the private door with key 201, enrols an extra key 202, and both open the front door; a
 * housemate's key 203 opens the front door only. Then the landlord hands the dwelling to a new
 * tenant (generation 2, key 211) on CHANGE_DAY, and the new key opens both doors.
 */
import { Command } from '../../../firmware/protocol.js';
import { Role } from '../../../firmware/abi.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { SessionOutcome } from '../../keys/session-outcome.js';
import { minutesAt, START_DAY, type AttackSite } from '../attack-site.js';

export const FIRST_TENANT = 201;
export const EXTRA_KEY = 202;
export const HOUSEMATE = 203;
export const NEW_TENANT = 211;
/** The day the landlord makes the tenant change (the new key's issue time moves the marks there). */
export const CHANGE_DAY = START_DAY + 3;

export interface TenantHistory {
  /** The previous generation's keys, holding T of the private door where they had it. */
  firstTenant: KeyDevice;
  extraKey: KeyDevice;
  housemate: KeyDevice;
  newTenant: KeyDevice;
}

function expectGrant(outcome: SessionOutcome, what: string): void {
  if (outcome.decision !== 'grant') throw new Error(`${what}: refused where the history needs a grant`);
}

/** The history up to the first tenant's time; `change` then makes the tenant change. */
export function firstTenancy(site: AttackSite): Omit<TenantHistory, 'newTenant'> {
  const firstTenant = site.makeKey({ keyId: FIRST_TENANT });
  expectGrant(firstTenant.insert(site.private.target), 'the first tenant moves in');
  expectGrant(firstTenant.insert(site.private.target, { commands: [{ command: Command.Enrol, argument: EXTRA_KEY }] }), 'the tenant enrols a key');
  const extraKey = site.makeKey({ keyId: EXTRA_KEY, role: Role.ExtraKey });
  expectGrant(extraKey.insert(site.private.target), 'the extra key collects T');
  const housemate = site.makeKey({ keyId: HOUSEMATE });
  for (const key of [firstTenant, extraKey, housemate]) expectGrant(key.insert(site.common.target), `key ${key.keyId} at the front door`);
  return { firstTenant, extraKey, housemate };
}

/** The landlord's tenant change: the new generation's first key at both doors. */
export function changeTenant(site: AttackSite): KeyDevice {
  const newTenant = site.makeKey({ keyId: NEW_TENANT, generation: 2, issuedAtMinutes: minutesAt(CHANGE_DAY, 600) });
  const moveIn = newTenant.insert(site.private.target);
  if (moveIn.decision !== 'grant' || !moveIn.tenantSecretReceived) throw new Error('the new tenant did not move in');
  expectGrant(newTenant.insert(site.common.target), 'the new tenant at the front door');
  return newTenant;
}

export function tenantHistory(site: AttackSite): TenantHistory {
  const first = firstTenancy(site);
  return { ...first, newTenant: changeTenant(site) };
}
