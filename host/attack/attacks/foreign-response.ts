/**
 * A response made for another session (PROTOCOL.md §7.1, §7.4): the AUTH a key computed for one
 * lock's challenge sent to another lock, even one whose nonce happens to be the same (two locks
 * whose generators were seeded alike), and the AUTH computed for a nonce the lock has since
 * replaced. The key MAC covers the lock's id and nonce: BadKeyMac each time.
 */
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, FRONT_DOOR, type AttackLock } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';

const ATTEMPTS_PER_KIND = 10;
const KEY_ID = 12;
/** Two more front doors whose generators are seeded alike: they draw the same nonces. */
const TWIN_LOCK_IDS = [0x0a77_0002, 0x0a77_0003] as const;

export const foreignResponseAttack: Attack = {
  name: 'response for another lock or nonce',
  description: "an AUTH computed for another lock's challenge (also one with the very same nonce) or for a replaced nonce of the same lock (PROTOCOL.md §7.1, §7.4): BadKeyMac",
  run(context) {
    const site = attackSite(context, 'foreign response');
    const tally = new AttackTally();
    const kKey = site.management.keyKeyFor(KEY_ID);
    const credential = site.makeKey({ keyId: KEY_ID }).credential;
    const nonces = new SeededEntropy(`${context.seed} foreign response key nonces`);
    const twinSeed = `${context.seed} foreign response twin`;
    const first = site.makeLock({ lockId: TWIN_LOCK_IDS[0], privateDwelling: 0, groups: [FRONT_DOOR] }, { entropySeed: twinSeed });
    const twin = site.makeLock({ lockId: TWIN_LOCK_IDS[1], privateDwelling: 0, groups: [FRONT_DOOR] }, { entropySeed: twinSeed });

    const sendTo = (lock: AttackLock, auth: (keyNonce: Uint8Array) => Uint8Array, keyNonce: Uint8Array) => {
      const outcome = attempt(lock, () => answerOf(lock.target.receive(auth(keyNonce))));
      tally.record(outcome.granted, outcome.reason);
    };
    for (let i = 0; i < ATTEMPTS_PER_KIND; i++) {
      // Computed for the private door's challenge, sent to the front door's session.
      const keyNonce = keyNonceFrom(nonces);
      const atPrivate = openSession(site.private.target, KEY_ID, keyNonce);
      openSession(site.common.target, KEY_ID, keyNonce);
      sendTo(site.common, () => encodeAuth({ credential }, atPrivate, kKey), keyNonce);

      // Two doors that drew the same nonce: the response for one, sent to the other.
      const twinNonce = keyNonceFrom(nonces);
      const atFirst = openSession(first.target, KEY_ID, twinNonce);
      const atTwin = openSession(twin.target, KEY_ID, twinNonce);
      if (!Buffer.from(atFirst.lockNonce).equals(Buffer.from(atTwin.lockNonce))) throw new Error('the twin doors drew different nonces');
      sendTo(twin, () => encodeAuth({ credential }, atFirst, kKey), twinNonce);

      // Computed for the nonce of a first HELLO, sent after a second HELLO replaced it.
      const staleNonce = keyNonceFrom(nonces);
      const stale = openSession(site.common.target, KEY_ID, staleNonce);
      openSession(site.common.target, KEY_ID, staleNonce, { powerUp: false });
      sendTo(site.common, () => encodeAuth({ credential }, stale, kKey), staleNonce);
    }
    return tally.row(this.name);
  },
};
