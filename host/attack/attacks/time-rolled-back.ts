/**
 * Time rolled back (PROTOCOL.md §3, §7.5): the front door's mark stands at START_DAY + 10. A key
 * that expired on START_DAY + 5 tries to make the lock believe in an earlier day: with its own old
 * issue time, with a genuine voucher from a back door whose mark is older, and with a voucher whose
 * MAC it made up. Nothing moves the mark back: Expired, and the mark stays.
 */
import { Reason } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeVoucher } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, FRONT_DOOR, minutesAt, START_DAY, type AttackSite } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession, reasonName } from '../by-hand.js';

const MARK_DAY = START_DAY + 10;
const EXPIRED_KEY = 41;
const BACK_DOOR_LOCK_ID = 0x0a77_0006;

const kKeyOf = (site: AttackSite, keyId: number) => site.management.keyKeyFor(keyId);

export const timeRolledBackAttack: Attack = {
  name: 'time rolled back',
  description: 'an expired key presents an older issue time, a genuine voucher from a door whose mark is older, and a made-up voucher (PROTOCOL.md §3, §7.5): Expired, and the mark never goes back',
  run(context) {
    const site = attackSite(context, 'time rolled back');
    const lock = site.common;
    const backDoor = site.makeLock({ lockId: BACK_DOOR_LOCK_ID, privateDwelling: 0, groups: [FRONT_DOOR] });
    if (site.makeKey({ keyId: 51, issuedAtMinutes: minutesAt(MARK_DAY, 480) }).insert(lock.target).markDay !== MARK_DAY) throw new Error('the mark did not move to MARK_DAY');
    const expired = site.makeKey({ keyId: EXPIRED_KEY, issuedAtMinutes: minutesAt(START_DAY - 100), validUntilMinutes: minutesAt(START_DAY + 5) });
    // The back door's mark is START_DAY: the key still opens it (what an offline lock cannot know, §3) and takes its voucher.
    if (expired.insert(backDoor.target).decision !== 'grant' || !expired.voucher) throw new Error('the back door gave no voucher');
    const oldVoucher = expired.voucher;
    // A voucher for an earlier day whose MAC the key made up (under a key of its own choosing).
    const madeUp = encodeVoucher({ day: START_DAY - 50, lockId: BACK_DOOR_LOCK_ID }, kKeyOf(site, EXPIRED_KEY));
    const kKey = kKeyOf(site, EXPIRED_KEY);
    const nonces = new SeededEntropy(`${context.seed} time rolled back nonces`);

    const tally = new AttackTally();
    for (const voucher of [undefined, oldVoucher, madeUp]) {
      let markAfter = 0;
      const outcome = attempt(lock, () => {
        const session = openSession(lock.target, EXPIRED_KEY, keyNonceFrom(nonces));
        const answer = answerOf(lock.target.receive(encodeAuth({ credential: expired.credential, ...(voucher ? { voucher } : {}) }, session, kKey)), session, kKey);
        markAfter = answer.result?.markDay ?? 0;
        return answer;
      });
      const markKept = markAfter === MARK_DAY && openSession(lock.target, EXPIRED_KEY, keyNonceFrom(nonces)).markDay === MARK_DAY;
      tally.record(outcome.granted || !markKept || outcome.reason !== reasonName(Reason.Expired), markKept ? `${outcome.reason}, mark kept` : `${outcome.reason}, mark moved to ${markAfter}`);
    }
    return tally.row(this.name);
  },
};
