/**
 * An emergency credential on a door it does not cover (R-EMG-1: the emergency key opens the
 * dwellings it is for; PROTOCOL.md §7.6 steps 8-9): the emergency service's key for dwelling B at
 * dwelling A's door, the one for dwelling A at the front door, and an expired one at dwelling A:
 * NoAccessGroup, Expired. No record is made of a refusal.
 */
import { Role } from '../../../firmware/abi.js';
import { decodeNvmImage } from '../../storage/nvm-image.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_A, DWELLING_B, minutesAt, START_DAY } from '../attack-site.js';
import { attempt } from '../by-hand.js';

const emergencyRequest = { role: Role.Emergency, dwellingId: 0, generation: 0 };

export const emergencyWrongDoorAttack: Attack = {
  name: 'emergency key on a door it does not cover',
  description: "the emergency key of dwelling B at dwelling A's door, dwelling A's at the front door, an expired one at dwelling A (R-EMG-1; PROTOCOL.md §7.6 steps 8-9): NoAccessGroup, Expired, and no emergency record",
  run(context) {
    const site = attackSite(context, 'emergency wrong door');
    const tally = new AttackTally();
    const tries = [
      [site.makeKey({ keyId: 901, ...emergencyRequest, groups: [DWELLING_B] }), site.private],
      [site.makeKey({ keyId: 902, ...emergencyRequest, groups: [DWELLING_A] }), site.common],
      [site.makeKey({ keyId: 903, ...emergencyRequest, groups: [DWELLING_A], validFromMinutes: minutesAt(START_DAY - 60), validUntilMinutes: minutesAt(START_DAY) }), site.private],
    ] as const;
    for (const [key, lock] of tries) {
      const outcome = attempt(lock, () => {
        const session = key.insert(lock.target);
        return { granted: session.decision === 'grant', reason: session.reason };
      });
      tally.record(outcome.granted, outcome.reason);
    }
    const image = decodeNvmImage(site.private.image());
    const recorded = image.provisioned ? image.state.emergencyCount : 0;
    return tally.row(this.name, `emergency count at dwelling A: ${recorded}`);
  },
};
