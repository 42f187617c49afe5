/**
 * A contractor or care worker outside its window (R-KEY-4: temporary access; PROTOCOL.md §7.6 step
 * 9, step 11): its credential not yet valid or expired, at the front door and at the private door
 * with the tenant's consent; and a consent token not yet valid or expired: NotYetValid, Expired,
 * ConsentExpired.
 */
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, minutesAt, START_DAY } from '../attack-site.js';
import { attempt } from '../by-hand.js';
import { consentFor, movedInTenant, thirdParty, THIRD_PARTY_ROLES } from './third-parties.js';

export const thirdPartyWindowAttack: Attack = {
  name: 'contractor or care worker outside its window',
  description: 'credentials not yet valid or expired, and consent tokens not yet valid or expired, at the front and the private door (R-KEY-4; PROTOCOL.md §6.2, §7.6 steps 9, 11): NotYetValid, Expired, ConsentExpired',
  run(context) {
    const site = attackSite(context, 'third party window');
    const tenant = movedInTenant(site);
    const tally = new AttackTally();
    let keyId = 300;
    for (const role of THIRD_PARTY_ROLES) {
      const early = thirdParty(site, ++keyId, role, { validFromMinutes: minutesAt(START_DAY + 2) });
      const late = thirdParty(site, ++keyId, role, { validFromMinutes: minutesAt(START_DAY - 30), validUntilMinutes: minutesAt(START_DAY) });
      const earlyConsent = thirdParty(site, ++keyId, role);
      const lateConsent = thirdParty(site, ++keyId, role);
      for (const key of [early, late]) key.receiveConsentToken(consentFor(tenant, key));
      earlyConsent.receiveConsentToken(consentFor(tenant, earlyConsent, 0, [minutesAt(START_DAY + 2), minutesAt(START_DAY + 3)]));
      lateConsent.receiveConsentToken(consentFor(tenant, lateConsent, 0, [minutesAt(START_DAY - 3), minutesAt(START_DAY)]));
      const tries = [
        [early, site.common],
        [early, site.private],
        [late, site.common],
        [late, site.private],
        [earlyConsent, site.private],
        [lateConsent, site.private],
      ] as const;
      for (const [key, lock] of tries) {
        const outcome = attempt(lock, () => {
          const session = key.insert(lock.target);
          return { granted: session.decision === 'grant', reason: session.reason };
        });
        tally.record(outcome.granted, outcome.reason);
      }
    }
    return tally.row(this.name);
  },
};
