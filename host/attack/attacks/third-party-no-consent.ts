/**
 * A contractor or care worker in a dwelling without consent (R-KEY-4, R-PRV-3; PROTOCOL.md §6.2,
 * §7.6 step 11): no token; a token the tenant made for another key, or for another door; a token
 * whose window it altered; a token of the previous tenant after a tenant change: NoConsent.
 */
import { CONSENT_VALID_UNTIL } from '../../../firmware/protocol.js';
import { setU32 } from '../../protocol/bytes.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, minutesAt, PRIVATE_LOCK_ID, START_DAY } from '../attack-site.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeConsentToken } from '../../protocol/frames.js';
import { tenantKeys } from '../../protocol/key-hierarchy.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';
import { CONSENT_WINDOW, consentFor, movedInTenant, thirdParty, THIRD_PARTY_ROLES } from './third-parties.js';

const NEW_TENANT = 211;
/** Another door of the tenant's (a storage room of dwelling A). */
const OTHER_DOOR_LOCK_ID = 0x0a77_0102;

export const thirdPartyNoConsentAttack: Attack = {
  name: 'contractor or care worker without consent',
  description: "at the private door with no token, a token for another key or door, an altered token, the previous tenant's token (R-KEY-4, R-PRV-3; PROTOCOL.md §6.2, §7.6 step 11): NoConsent",
  run(context) {
    const site = attackSite(context, 'third party no consent');
    const tenant = movedInTenant(site);
    const tally = new AttackTally();
    const lock = site.private;
    const nonces = new SeededEntropy(`${context.seed} third party no consent nonces`);
    const tryKey = (key: ReturnType<typeof thirdParty>) => {
      const outcome = attempt(lock, () => {
        const session = key.insert(lock.target);
        return { granted: session.decision === 'grant', reason: session.reason };
      });
      tally.record(outcome.granted, outcome.reason);
    };
    const previousTenantTokens: ReturnType<typeof thirdParty>[] = [];
    let keyId = 320;
    for (const role of THIRD_PARTY_ROLES) {
      tryKey(thirdParty(site, ++keyId, role));

      const forOther = thirdParty(site, ++keyId, role);
      forOther.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, forOther.keyId + 1000, ...CONSENT_WINDOW, 0));
      tryKey(forOther);

      // A token for this key at another door of the tenant's (its storage room, say), shown here as it is.
      const otherDoor = thirdParty(site, ++keyId, role);
      const fields = { keyId: otherDoor.keyId, lockId: OTHER_DOOR_LOCK_ID, validFromMinutes: CONSENT_WINDOW[0], validUntilMinutes: CONSENT_WINDOW[1], consentEpoch: 0 };
      const elsewhere = encodeConsentToken(fields, tenantKeys(tenant.tenantSecretFor(PRIVATE_LOCK_ID)!, OTHER_DOOR_LOCK_ID).tCons);
      const outcome = attempt(lock, () => {
        const session = openSession(lock.target, otherDoor.keyId, keyNonceFrom(nonces));
        const kKey = site.management.keyKeyFor(otherDoor.keyId);
        return answerOf(lock.target.receive(encodeAuth({ credential: otherDoor.credential, consentToken: elsewhere }, session, kKey)), session, kKey);
      });
      tally.record(outcome.granted, outcome.reason);

      const altered = thirdParty(site, ++keyId, role);
      const token = consentFor(tenant, altered);
      setU32(token, CONSENT_VALID_UNTIL, minutesAt(START_DAY + 365));
      altered.receiveConsentToken(token);
      tryKey(altered);

      const previous = thirdParty(site, ++keyId, role);
      previous.receiveConsentToken(consentFor(tenant, previous));
      previousTenantTokens.push(previous);
    }
    const newTenant = site.makeKey({ keyId: NEW_TENANT, generation: 2 });
    if (newTenant.insert(lock.target).decision !== 'grant') throw new Error('the tenant change failed');
    previousTenantTokens.forEach(tryKey);
    return tally.row(this.name);
  },
};
