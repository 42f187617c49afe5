/**
 * Relay (PROTOCOL.md §7.6 step 5a): an attacker near the door with a reader, another near the key
 * (in a bag, on a phone), carrying the CHALLENGE to the key and its AUTH back. The key's MACs are
 * genuine; only the time is wrong: the relay's link adds its latency. A relay of an AES-authenticated
 * card over Bluetooth took several hundred milliseconds (Silberschneider, Korak, Hutter, TU Graz);
 * a fast local link a few milliseconds. The lock times the answer and refuses what is later than
 * the relay bound for the key's type allows.
 */
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { StepTimer } from '../../hil/device/step-inputs.js';
import { relayAllowances, relayAllowanceUs } from '../../link/relay-allowance.js';
import { encodeAuth } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, FRONT_DOOR } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession } from '../by-hand.js';

const KEY_ID = 31;
const PHONE_KEY_ID = 32;
/** us the relay adds to the key's answer: a fast local link, a slower one, and a Bluetooth relay (the paper's). */
const RELAY_LATENCIES_US = [2_000, 20_000, 60_000, 300_000] as const;
const ATTEMPTS_PER_LATENCY = 5;

export const relayedResponseAttack: Attack = {
  name: 'relayed response',
  description:
    "a genuine key's AUTH carried over a relay adding 2 ms to 300 ms beyond the bound for its key type (contact 1 ms, phone 50 ms on the reference profile; PROTOCOL.md §7.6 step 5a): ResponseTooLate. A relay within the bound looks like a slow key and is not stopped (docs/SECURITY.md)",
  run(context) {
    const timer = new StepTimer();
    const site = attackSite(context, 'relayed response');
    const door = site.makeLock({ lockId: 0x0a77_0031, privateDwelling: 0, groups: [FRONT_DOOR] }, { timer });
    const allowances = relayAllowances(context.profile);
    const nonces = new SeededEntropy(`${context.seed} relayed response key nonces`);
    const tally = new AttackTally();
    for (const [keyId, phone] of [[KEY_ID, false], [PHONE_KEY_ID, true]] as const) {
      const kKey = site.management.keyKeyFor(keyId);
      const credential = site.makeKey({ keyId, phone }).credential;
      const boundUs = phone ? context.profile.link.relayBoundPhoneUs.value : context.profile.link.relayBoundContactUs.value;
      for (const latencyUs of RELAY_LATENCIES_US.filter((us) => us > boundUs)) {
        for (let i = 0; i < ATTEMPTS_PER_LATENCY; i++) {
          timer.us = 0;
          const session = openSession(door.target, keyId, keyNonceFrom(nonces));
          const auth = encodeAuth({ credential }, session, kKey);
          // The genuine key's answer arrives after the link's own time; the relay adds its latency to that.
          const linkUs = relayAllowanceUs(phone ? allowances.phone : allowances.contact, auth.length) - boundUs;
          timer.us = linkUs + latencyUs;
          const outcome = attempt(door, () => answerOf(door.target.receive(auth), session, kKey));
          tally.record(outcome.granted, outcome.reason);
        }
      }
    }
    return tally.row(this.name);
  },
};
