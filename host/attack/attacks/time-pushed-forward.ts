/**
 * Time pushed far forward (PROTOCOL.md §3, §7.5): whoever holds K_iss and K_time (the landlord's
 * side, PROTOCOL.md §4.1) sends a credential issued on the last day the protocol knows and a voucher
 * for that day, each time in an AUTH the lock refuses. One message moves the mark by at most the
 * profile's timeStepMaxDays, so a resident whose credential runs a year still opens afterwards: the
 * lock does not expire every key at once. The attack wins an attempt whose message moved the mark
 * further than one step, or after which the resident is refused.
 */
import { Role } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeVoucher } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, minutesAt, START_DAY, STORAGE_ROOM } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';

/** The last day a time can name (PROTOCOL.md §3: days are u16). */
const LAST_DAY = 0xffff;
const PUSHES_PER_KIND = 2;
const PUSHER = 61;
const RESIDENT = 62;

export const timePushedForwardAttack: Attack = {
  name: 'time pushed far forward',
  description: "a credential issued on the last day and a voucher for it, made with the landlord's K_iss and K_time (PROTOCOL.md §3, §7.5): the mark moves by at most the profile's step per message, and a resident valid for a year still opens",
  run(context) {
    const site = attackSite(context, 'time pushed forward');
    const lock = site.common;
    const stepDays = context.profile.capacities.timeStepMaxDays.value;
    // A storage-room credential: the front door refuses it (NoAccessGroup) after taking its time.
    const far = { role: Role.Contractor, dwellingId: 0, generation: 0, groups: [STORAGE_ROOM], validUntilMinutes: minutesAt(LAST_DAY) };
    const farIssued = site.management.issueCredential({ ...far, keyId: PUSHER, validFromMinutes: 0, issuedAtMinutes: minutesAt(LAST_DAY, 1439) });
    const plainIssued = site.management.issueCredential({ ...far, keyId: PUSHER, validFromMinutes: 0, issuedAtMinutes: minutesAt(START_DAY - 1) });
    const farVoucher = encodeVoucher({ day: LAST_DAY, lockId: lock.lockId }, site.landlordKeys.kTime);
    const kKey = site.management.keyKeyFor(PUSHER);
    const nonces = new SeededEntropy(`${context.seed} time pushed forward nonces`);
    const resident = site.makeKey({ keyId: RESIDENT });

    const tally = new AttackTally();
    const pushes = [...Array<{ credential: Uint8Array; voucher?: Uint8Array }>(PUSHES_PER_KIND).fill({ credential: farIssued }), ...Array(PUSHES_PER_KIND).fill({ credential: plainIssued, voucher: farVoucher })];
    for (const push of pushes) {
      let moved = 0;
      const outcome = attempt(lock, () => {
        const session = openSession(lock.target, PUSHER, keyNonceFrom(nonces));
        const answer = answerOf(lock.target.receive(encodeAuth(push, session, kKey)), session, kKey);
        moved = (answer.result?.markDay ?? session.markDay) - session.markDay;
        return answer;
      });
      const residentOpens = resident.insert(lock.target).decision === 'grant';
      tally.record(outcome.granted || moved > stepDays || !residentOpens, `${outcome.reason}, mark +${moved} days${residentOpens ? ', resident still opens' : ', resident refused'}`);
    }
    const markDay = openSession(lock.target, PUSHER, keyNonceFrom(nonces)).markDay;
    return tally.row(this.name, `mark day ${START_DAY} → ${markDay} after ${pushes.length} messages (step ${stepDays} days)`);
  },
};
