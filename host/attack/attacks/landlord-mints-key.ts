/**
 * The landlord mints a resident key of the current generation for a dwelling door (R-KEY-5: the
 * landlord holds no key to a dwelling; PROTOCOL.md §4, §7.6 step 11): a resident and an extra key
 * of generation 1, a clone of the tenant's own key (the landlord derives any K_key from K_km), each
 * without a tenant proof and with proofs made from every key the landlord derives from its site
 * key: NoTenantProof.
 */
import { Role } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth } from '../../protocol/frames.js';
import { tenantProof } from '../../protocol/macs.js';
import { nobleBackend } from '../../protocol/crypto-backend.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, residentRequest } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';
import { landlordGuesses } from './landlord-keys.js';
import { movedInTenant, TENANT } from './third-parties.js';

const MINTED_RESIDENT = 601;
const MINTED_EXTRA_KEY = 602;

export const landlordMintsKeyAttack: Attack = {
  name: 'landlord mints a resident key',
  description: "keys the site key holder mints for the dwelling's current generation (a resident, an extra key, a clone of the tenant's key), with no proof or proofs from every key derived from the site key (R-KEY-5; PROTOCOL.md §4, §7.6 step 11): NoTenantProof",
  run(context) {
    const site = attackSite(context, 'landlord mints key');
    movedInTenant(site);
    const lock = site.private;
    const nonces = new SeededEntropy(`${context.seed} landlord mints key nonces`);
    const guesses = [undefined, ...landlordGuesses(site, lock.lockId)];
    const tally = new AttackTally();
    for (const [keyId, role] of [
      [MINTED_RESIDENT, Role.Resident],
      [MINTED_EXTRA_KEY, Role.ExtraKey],
      [TENANT, Role.Resident],
    ] as const) {
      const credential = site.management.issueCredential({ ...residentRequest(keyId), role });
      const kKey = site.management.keyKeyFor(keyId);
      for (const guess of guesses) {
        const outcome = attempt(lock, () => {
          const session = openSession(lock.target, keyId, keyNonceFrom(nonces));
          const proof = guess ? tenantProof(nobleBackend, guess.tAuth, session.lockNonce, keyId) : undefined;
          return answerOf(lock.target.receive(encodeAuth({ credential, ...(proof ? { tenantProof: proof } : {}) }, session, kKey)), session, kKey);
        });
        tally.record(outcome.granted, outcome.reason);
      }
    }
    return tally.row(this.name);
  },
};
