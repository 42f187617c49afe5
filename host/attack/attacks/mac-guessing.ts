/**
 * Guessing the key MAC (DESIGN.md: MACs on the wire are at least 64 bits, so guessing is hopeless
 * and no lock-out is needed; PROTOCOL.md §1, §7.6 step 4): someone who copied a resident's
 * credential (it is carried opaque) but lacks its K_key inserts it again and again with a random
 * key MAC. Each insertion draws a new nonce, so each guess is a fresh 2^-64 chance: the expected
 * number of insertions to succeed is 2^64, and an insertion gets one guess (a second AUTH in the
 * session is UnexpectedFrame). There is no lock-out: the genuine key opens right after.
 */
import { Reason } from '../../../firmware/abi.js';
import { FrameType, MAC_BYTES } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { concat } from '../../protocol/bytes.js';
import { encodeHello } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite } from '../attack-site.js';
import { answerOf, attempt, reasonName } from '../by-hand.js';

/** Random MACs tried (one insertion each). */
export const MAC_GUESSES = 10_000;
const RESIDENT = 11;
const KEY_NONCE_BYTES = 8;

/** 2^(8 × MAC_BYTES): each insertion succeeds with probability 2^-64, so 2^64 are expected (a geometric trial). */
export function expectedInsertionsToGuess(): string {
  return `2^${8 * MAC_BYTES}`;
}

export const macGuessingAttack: Attack = {
  name: 'guessing the key MAC',
  description: `${MAC_GUESSES.toLocaleString('en-US')} insertions of a copied credential with random key MACs, then the genuine key (DESIGN.md; PROTOCOL.md §1, §7.6 step 4): BadKeyMac, no lock-out`,
  run(context) {
    const site = attackSite(context, 'mac guessing');
    const lock = site.common;
    const genuine = site.makeKey({ keyId: RESIDENT });
    const random = new Uint8Array(MAC_GUESSES * (MAC_BYTES + KEY_NONCE_BYTES));
    new SeededEntropy(`${context.seed} mac guessing`).fill(random);
    const covered = concat(Uint8Array.of(FrameType.Auth, 0), genuine.credential);
    const tally = new AttackTally();
    let secondGuess: Reason | undefined;
    for (let i = 0; i < MAC_GUESSES; i++) {
      const at = i * (MAC_BYTES + KEY_NONCE_BYTES);
      const guess = concat(covered, random.subarray(at, at + MAC_BYTES));
      const outcome = attempt(lock, () => {
        lock.target.powerUp();
        lock.target.receive(encodeHello({ keyId: RESIDENT, keyNonce: random.subarray(at + MAC_BYTES, at + MAC_BYTES + KEY_NONCE_BYTES), keyFlags: 0 }));
        return answerOf(lock.target.receive(guess));
      });
      tally.record(outcome.granted, outcome.reason);
      // The same insertion cannot guess twice.
      if (i === 0) secondGuess = answerOf(lock.target.receive(guess)).reason;
    }
    // A lock-out, or a second guess on the same nonce, would be the attack's gain.
    const genuineAfter = genuine.insert(lock.target);
    if (genuineAfter.decision !== 'grant') tally.succeeded(`genuine key locked out (${reasonName(genuineAfter.reason)})`);
    if (secondGuess !== Reason.UnexpectedFrame) tally.succeeded(`a second guess in one insertion (${reasonName(secondGuess ?? Reason.Ok)})`);
    const note = [
      `expected insertions to succeed ${expectedInsertionsToGuess()}`,
      `genuine key right after: ${genuineAfter.decision}`,
      `a second guess in one insertion: ${reasonName(secondGuess ?? Reason.Ok)}`,
    ].join('; ');
    return tally.row(this.name, note, {
      expectedInsertionsToSucceed: expectedInsertionsToGuess(),
      genuineKeyRightAfter: genuineAfter.decision,
      secondGuessInOneInsertion: reasonName(secondGuess ?? Reason.Ok),
    });
  },
};
