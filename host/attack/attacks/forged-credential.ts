/**
 * A forged or altered credential (PROTOCOL.md §6, §7.6 steps 1-3): the holder of a contractor's
 * key, expired and for the storage room only, alters each field towards what would open the front
 * door and sends it with a valid key MAC. The issuer MAC covers every field: refused, each with the
 * reason of the first check it fails.
 */
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth } from '../../protocol/frames.js';
import type { Attack, AttackContext } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession, type AttemptOutcome } from '../by-hand.js';
import { credentialForgeries, forgerRequest, type CredentialForgery } from './credential-forgeries.js';

const FORGER_KEY_ID = 301;

/** Each forgery sent to the front door, and what the lock answered. */
export function runCredentialForgeries(context: AttackContext): { forgery: CredentialForgery; outcome: AttemptOutcome }[] {
  const site = attackSite(context, 'forged credential');
  const kKey = site.management.keyKeyFor(FORGER_KEY_ID);
  const forger = { keyId: FORGER_KEY_ID, credential: site.management.issueCredential(forgerRequest(FORGER_KEY_ID)), kKey };
  const nonces = new SeededEntropy(`${context.seed} forged credential nonces`);
  const lock = site.common;
  return credentialForgeries(forger).map((forgery) => {
    const outcome = attempt(lock, () => {
      const session = openSession(lock.target, forgery.helloKeyId, keyNonceFrom(nonces));
      return answerOf(lock.target.receive(encodeAuth({ credential: forgery.credential }, session, kKey)));
    });
    return { forgery, outcome };
  });
}

export const forgedCredentialAttack: Attack = {
  name: 'forged or altered credential',
  description: 'each credential field (role, keyId, site, dwelling, generation, validity window, issue time, flags, groups, issuer MAC) altered by the holder of an expired storage-room key (PROTOCOL.md §6, §7.6 steps 1-3)',
  run(context) {
    const tally = new AttackTally();
    for (const { outcome } of runCredentialForgeries(context)) tally.record(outcome.granted, outcome.reason);
    return tally.row(this.name);
  },
};
