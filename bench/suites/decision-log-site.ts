/**
 * The "log on" locks of the "decision" suite: a site set up as the "log off" one, then the log
 * switched on at each door where that is possible (log-switch.ts). A door, or one implementation
 * at it, where it is not possible is named with the reason: its rows are absent.
 */
import type { Implementation } from '../types.js';
import type { DecisionLockOptions } from './decision-locks.js';
import { createDecisionSite, doorOf, IMPLEMENTATIONS, type DecisionSite } from './decision-site.js';
import { DOORS, type BlocklistPlan, type Door } from './decision-site-plan.js';
import { logOnPlan, switchLogOn } from './log-switch.js';

export interface LogOnSite {
  /** Undefined when the log can be switched on at no door: nothing was built. */
  site: DecisionSite | undefined;
  /** Why a door's row of an implementation is absent; undefined where the log is on. */
  absent: Record<Door, Record<Implementation, string | undefined>>;
}

const everyImplementation = (reason: string | undefined): Record<Implementation, string | undefined> => ({ wasm: reason, noble: reason, node: reason });

/**
 * `logOff`, the same plan's site with the log off, lends its firmware doors: the new site's are
 * copies of their NVM (filling 65,535 entries again would take seconds).
 */
export function createLogOnSite(seed: string, plan: BlocklistPlan, logOff: DecisionSite, options: Omit<DecisionLockOptions, 'firmwareFrom'> = {}): LogOnSite {
  const plans = { dwelling: logOnPlan('dwelling'), common: logOnPlan('common') };
  const absent: LogOnSite['absent'] = {
    dwelling: everyImplementation(plans.dwelling.available ? undefined : plans.dwelling.reason),
    common: everyImplementation(plans.common.available ? undefined : plans.common.reason),
  };
  if (DOORS.every((door) => !plans[door].available)) return { site: undefined, absent };
  const site = createDecisionSite(seed, plan, { ...options, firmwareFrom: logOff });
  for (const door of DOORS) {
    const doorPlan = plans[door];
    if (!doorPlan.available) continue;
    for (const implementation of IMPLEMENTATIONS) {
      absent[door][implementation] = switchLogOn(site.firstKeys[implementation], doorOf(site.locks, implementation, door), doorPlan.command);
    }
  }
  return { site, absent };
}
