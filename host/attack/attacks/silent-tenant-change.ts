/**
 * A tenant change the previous tenant's keys would not see (DESIGN.md, "Tenant change ... is never
 * silent"; PROTOCOL.md §7.7, §7.8, §9.3): after an emergency opening the first tenant has not
 * acknowledged, the landlord hands the dwelling to a new tenant. Every key of the previous
 * generation must be refused with an authenticated TenantChanged carrying the day of the change,
 * and at the private door, within 28 days, the unacknowledged emergency opening. The attack wins an
 * attempt where an old key is let in, or refused without being told.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { PREVIOUS_TENANT_NOTICE_DAYS } from '../../../firmware/protocol.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_A, minutesAt, START_DAY } from '../attack-site.js';
import { attempt, reasonName } from '../by-hand.js';
import { CHANGE_DAY, changeTenant, firstTenancy } from './tenant-history.js';

const EMERGENCY_KEY = 901;

export const silentTenantChangeAttack: Attack = {
  name: 'tenant change unseen by old keys',
  description: "the landlord's tenant change, after an unacknowledged emergency opening: every key of the previous generation, at the private and the front door, must be told (PROTOCOL.md §7.7, §7.8, §9.3): TenantChanged with the change day and the emergency notice",
  run(context) {
    const site = attackSite(context, 'silent tenant change');
    const first = firstTenancy(site);
    const emergency = site.makeKey({ keyId: EMERGENCY_KEY, role: Role.Emergency, dwellingId: 0, generation: 0, groups: [DWELLING_A], issuedAtMinutes: minutesAt(START_DAY + 1, 180) });
    if (emergency.insert(site.private.target).decision !== 'grant') throw new Error('the emergency key was refused');
    changeTenant(site);

    const tally = new AttackTally();
    for (const lock of [site.private, site.common]) {
      for (const key of [first.firstTenant, first.extraKey, first.housemate]) {
        let told = false;
        const outcome = attempt(lock, () => {
          const session = key.insert(lock.target);
          const noticeDue = lock === site.private && (session.markDay ?? 0) < CHANGE_DAY + PREVIOUS_TENANT_NOTICE_DAYS;
          told = session.authenticated && session.reason === Reason.TenantChanged && session.changeDay === CHANGE_DAY && (!noticeDue || session.emergencyNotice?.newest.keyId === EMERGENCY_KEY);
          return { granted: session.decision === 'grant', reason: session.reason };
        });
        const label = told ? `${outcome.reason}, day of the change told${lock === site.private ? ', emergency opening shown' : ''}` : `${outcome.reason}, not told`;
        tally.record(outcome.granted || !told, outcome.granted ? reasonName(Reason.Ok) : label);
      }
    }
    return tally.row(this.name);
  },
};
