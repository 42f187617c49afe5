/** §7.8: a resident credential of a newer generation raises a private lock's generation. */
import type { LockMemory, TenantState } from './lock-memory.js';

/**
 * Wipes the previous tenant's state (T, consent epoch back to 0; consent tokens are void with T;
 * the keys waiting for enrolment), records the change, and installs the new T drawn by the caller.
 * The emergency count, records and acknowledged count are kept (§9.3). The access log is wiped:
 * every entry so far falls below its start, and it is off with no hold (§9.4).
 */
export function changeTenant(memory: LockMemory, tenant: TenantState, newGeneration: number, sessionDay: number, newTenantSecret: Uint8Array): void {
  memory.tenantChanges.push({ day: sessionDay, oldGeneration: tenant.generation, newGeneration });
  tenant.generation = newGeneration;
  tenant.tenantSecret = newTenantSecret;
  tenant.changeDay = sessionDay;
  tenant.consentEpoch = 0;
  tenant.enrolment = [];
  memory.log.start = memory.log.entries.length;
  memory.log.on = false;
  memory.log.hold = false;
}
