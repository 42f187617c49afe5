/**
 * A contractor or care worker outside its groups (DESIGN.md: access groups are ids; PROTOCOL.md
 * §7.6 step 8): a storage-room key at the front door and at dwelling A's door, and a key for
 * dwelling B that carries a consent token of dwelling A's tenant: NoAccessGroup.
 */
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_B, STORAGE_ROOM } from '../attack-site.js';
import { attempt } from '../by-hand.js';
import { consentFor, movedInTenant, thirdParty, THIRD_PARTY_ROLES } from './third-parties.js';

export const thirdPartyGroupsAttack: Attack = {
  name: 'contractor or care worker outside its groups',
  description: "keys for the storage room or for dwelling B, at the front door and at dwelling A's door, with dwelling A's consent (PROTOCOL.md §7.6 step 8): NoAccessGroup",
  run(context) {
    const site = attackSite(context, 'third party groups');
    const tenant = movedInTenant(site);
    const tally = new AttackTally();
    let keyId = 310;
    for (const role of THIRD_PARTY_ROLES) {
      for (const groups of [[STORAGE_ROOM], [DWELLING_B]]) {
        const key = thirdParty(site, ++keyId, role, { groups });
        key.receiveConsentToken(consentFor(tenant, key));
        for (const lock of [site.common, site.private]) {
          const outcome = attempt(lock, () => {
            const session = key.insert(lock.target);
            return { granted: session.decision === 'grant', reason: session.reason };
          });
          tally.record(outcome.granted, outcome.reason);
        }
      }
    }
    return tally.row(this.name);
  },
};
