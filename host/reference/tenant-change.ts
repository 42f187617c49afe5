/**
 * §7.8: a resident credential of a newer generation raises a private lock's generation; §4.2: the
 * new T is kept pending until a key proves it.
 */
import type { LockMemory, TenantState } from './lock-memory.js';

/**
 * Wipes the previous tenant's state (T, consent epoch back to 0; consent tokens are void with T;
 * the keys waiting for enrolment), records the change, and keeps the new T drawn by the caller
 * pending, the change's key waiting for it on the enrolment list. The emergency count, records and
 * acknowledged count are kept (§9.3). The access log is wiped: every entry so far falls below its
 * start, and it is off with no hold (§9.4).
 */
export function changeTenant(memory: LockMemory, tenant: TenantState, keyId: number, newGeneration: number, sessionDay: number, newTenantSecret: Uint8Array): void {
  memory.tenantChanges.push({ day: sessionDay, oldGeneration: tenant.generation, newGeneration });
  tenant.generation = newGeneration;
  tenant.tenantSecret = null;
  tenant.pendingSecret = newTenantSecret;
  tenant.changeDay = sessionDay;
  tenant.consentEpoch = 0;
  tenant.enrolment = [keyId];
  memory.log.start = memory.log.entries.length;
  memory.log.on = false;
  memory.log.hold = false;
}

/** §4.2: a key proved the pending T: it becomes current, the previous T is gone, the enrolment list emptied (§9.2). */
export function makePendingSecretCurrent(tenant: TenantState): void {
  if (tenant.pendingSecret === null) throw new Error('no pending tenant secret to make current');
  tenant.tenantSecret = tenant.pendingSecret;
  tenant.pendingSecret = null;
  tenant.enrolment = [];
}
