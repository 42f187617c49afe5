/**
 * The landlord forges consent (R-PRV-3: the landlord cannot consent on the tenant's behalf;
 * PROTOCOL.md §4.2, §6.2): a contractor it sends to the dwelling carries tokens MACed under every
 * T_cons the landlord can derive from its site key, at the lock's current consent epoch, and one
 * with a MAC made up: NoConsent.
 */
import { Role } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeConsentToken } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_A, FRONT_DOOR } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';
import { landlordGuesses } from './landlord-keys.js';
import { CONSENT_WINDOW, movedInTenant } from './third-parties.js';

const CONTRACTOR = 351;

export const landlordForgesConsentAttack: Attack = {
  name: 'landlord forges consent',
  description: "consent tokens made by the site key holder under every T_cons derivable from the site key, and under a key of its own (R-PRV-3; PROTOCOL.md §4.2, §6.2): NoConsent",
  run(context) {
    const site = attackSite(context, 'landlord forges consent');
    movedInTenant(site);
    const lock = site.private;
    const nonces = new SeededEntropy(`${context.seed} landlord forges consent nonces`);
    const contractor = site.makeKey({ keyId: CONTRACTOR, role: Role.Contractor, dwellingId: 0, generation: 0, groups: [DWELLING_A, FRONT_DOOR] });
    const kKey = site.management.keyKeyFor(CONTRACTOR);
    const fields = { keyId: CONTRACTOR, lockId: lock.lockId, validFromMinutes: CONSENT_WINDOW[0], validUntilMinutes: CONSENT_WINDOW[1], consentEpoch: 0 };
    const tokens = [...landlordGuesses(site, lock.lockId).map((guess) => encodeConsentToken(fields, guess.tCons)), encodeConsentToken(fields, kKey)];
    const tally = new AttackTally();
    for (const consentToken of tokens) {
      const outcome = attempt(lock, () => {
        const session = openSession(lock.target, CONTRACTOR, keyNonceFrom(nonces));
        return answerOf(lock.target.receive(encodeAuth({ credential: contractor.credential, consentToken }, session, kKey)), session, kKey);
      });
      tally.record(outcome.granted, outcome.reason);
    }
    return tally.row(this.name);
  },
};
