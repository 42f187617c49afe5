/**
 * A contractor or care worker after consent was withdrawn (R-PRV-3: consent can be withdrawn at any
 * time; PROTOCOL.md §6.2, §9.2 RAISE_CONSENT_EPOCH): with the tenant's token they open the private
 * door; the tenant raises the consent epoch; the same tokens are refused with ConsentWithdrawn, and
 * a token altered to the new epoch with NoConsent.
 */
import { Command, CONSENT_EPOCH } from '../../../firmware/protocol.js';
import { setU16 } from '../../protocol/bytes.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite } from '../attack-site.js';
import { attempt } from '../by-hand.js';
import { consentFor, movedInTenant, thirdParty, THIRD_PARTY_ROLES } from './third-parties.js';

export const thirdPartyWithdrawnAttack: Attack = {
  name: 'contractor or care worker after consent withdrawn',
  description: "tokens of consent epoch 0 after the tenant's RAISE_CONSENT_EPOCH, and one altered to the new epoch (R-PRV-3; PROTOCOL.md §6.2, §9.2): ConsentWithdrawn, NoConsent",
  run(context) {
    const site = attackSite(context, 'third party withdrawn');
    const tenant = movedInTenant(site);
    const lock = site.private;
    let keyId = 340;
    const keys = THIRD_PARTY_ROLES.flatMap((role) => [thirdParty(site, ++keyId, role), thirdParty(site, ++keyId, role)]);
    keys.forEach((key, i) => {
      const token = consentFor(tenant, key);
      if (i % 2 === 1) setU16(token, CONSENT_EPOCH, 1); // altered to the epoch after the raise
      key.receiveConsentToken(token);
      if (i % 2 === 0 && key.insert(lock.target).decision !== 'grant') throw new Error(`key ${key.keyId} was refused before the withdrawal`);
    });
    const raised = tenant.insert(lock.target, { commands: [{ command: Command.RaiseConsentEpoch, argument: 0 }] }).commands[0];
    if (raised?.value !== 1) throw new Error('the tenant could not raise the consent epoch');

    const tally = new AttackTally();
    for (const key of keys) {
      const outcome = attempt(lock, () => {
        const session = key.insert(lock.target);
        return { granted: session.decision === 'grant', reason: session.reason };
      });
      tally.record(outcome.granted, outcome.reason);
    }
    return tally.row(this.name);
  },
};
