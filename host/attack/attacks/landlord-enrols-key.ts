/**
 * The landlord enrols a key (PROTOCOL.md §9.2: only a key that holds T can enrol another): its
 * minted resident's session and its emergency key's grant, each followed by ENROL with a MAC made
 * from every key the landlord derives from its site key (UnexpectedFrame: no tenant proof in the
 * session); then the key it meant to enrol comes to collect T: NoTenantProof.
 */
import { Command } from '../../../firmware/protocol.js';
import { Role } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeCommand } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_A } from '../attack-site.js';
import { answerOf, attempt, commandAnswerOf, keyNonceFrom, openSession, reasonName } from '../by-hand.js';
import { landlordGuesses } from './landlord-keys.js';
import { movedInTenant } from './third-parties.js';

const MINTED_RESIDENT = 601;
const EMERGENCY_KEY = 901;
/** The key the landlord wants enrolled. */
const CANDIDATE = 603;

export const landlordEnrolsKeyAttack: Attack = {
  name: 'landlord enrols a key',
  description: "ENROL sent by the site key holder after its minted key's refusal and after its emergency grant, with MACs from every key derived from the site key; then the candidate collects T (PROTOCOL.md §9.2): UnexpectedFrame, NoTenantProof",
  run(context) {
    const site = attackSite(context, 'landlord enrols key');
    movedInTenant(site);
    const lock = site.private;
    const nonces = new SeededEntropy(`${context.seed} landlord enrols key nonces`);
    const tally = new AttackTally();
    for (const [keyId, request] of [
      [MINTED_RESIDENT, {}],
      [EMERGENCY_KEY, { role: Role.Emergency, dwellingId: 0, generation: 0, groups: [DWELLING_A] }],
    ] as const) {
      const credential = site.makeKey({ keyId, ...request }).credential;
      const kKey = site.management.keyKeyFor(keyId);
      for (const guess of landlordGuesses(site, lock.lockId)) {
        const session = openSession(lock.target, keyId, keyNonceFrom(nonces));
        answerOf(lock.target.receive(encodeAuth({ credential }, session, kKey)), session, kKey);
        const answer = commandAnswerOf(lock.target.receive(encodeCommand({ command: Command.Enrol, argument: CANDIDATE }, session, guess.tAuth)));
        tally.record(answer.done, `ENROL: ${reasonName(answer.reason)}`);
      }
    }
    const candidate = site.makeKey({ keyId: CANDIDATE, role: Role.ExtraKey });
    const outcome = attempt(lock, () => {
      const session = candidate.insert(lock.target);
      return { granted: session.decision === 'grant' || session.tenantSecretReceived, reason: session.reason };
    });
    tally.record(outcome.granted, outcome.reason);
    return tally.row(this.name);
  },
};
