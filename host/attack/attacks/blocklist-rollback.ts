/**
 * Blocklist rollback (PROTOCOL.md §8; R-KEY-2): the finder of a lost key, blocked by delta v0 → v1,
 * tries to bring the lock back to a list without it: older deltas again, a delta of the lock's
 * version with other content (a genuine delta altered, one MACed with the only key the finder has),
 * and a genuine newer delta whose application it interrupts by pulling the key in every page of
 * every write (host/storage's torn NVM). The lock keeps the key blocked throughout.
 */
import { isDeepStrictEqual } from 'node:util';
import { Reason, Role } from '../../../firmware/abi.js';
import { DELTA_ENTRIES, DELTA_FROM_VERSION, MAC_BYTES } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { concat, setU32 } from '../../protocol/bytes.js';
import { decodeDeltaAck, encodeAuth, encodeDelta, type DeltaEntry } from '../../protocol/frames.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, COMMON_LOCK, FRONT_DOOR, START_DAY, type AttackSite } from '../attack-site.js';
import { answerOf, attempt, keyNonceFrom, openSession, reasonName } from '../by-hand.js';
import { cutUpdate } from '../cuts/cut-update.js';
import { insertReplica } from '../key-replica.js';

const LOST_KEY = 21;
const COURIER = 31;
/** Entries of a full delta (PROTOCOL.md §8: 1..16). */
const DELTA_ENTRIES_MAX = 16;
/** Keys blocked besides the lost one start here, apart from every key that comes to the lock. */
const FILLER_BASE = 1_000_000;
const RETIRE_DAY = START_DAY + 365;

const adds = (keyIds: number[]): DeltaEntry[] => keyIds.map((keyId) => ({ op: 'add', keyId, retireDay: RETIRE_DAY }));
const fillers = (from: number, count: number) => Array.from({ length: count }, (_, i) => FILLER_BASE + from + i);

/** v0 → v1 blocks the lost key and 15 others; v1 → v2 and v2 → v3 add 24 more: 40 entries at v3. */
function issueHistory(site: AttackSite): Uint8Array[] {
  return [adds([LOST_KEY, ...fillers(0, DELTA_ENTRIES_MAX - 1)]), adds(fillers(100, DELTA_ENTRIES_MAX)), adds(fillers(200, 8))].map((entries) =>
    site.management.issueBlocklistDelta(entries),
  );
}

/** The delta with the lost key's entry turned into a removal, its MAC left as it was. */
function removingLostKey(delta: Uint8Array): Uint8Array {
  const altered = delta.slice();
  altered[DELTA_ENTRIES] = 2; // op 2: remove (§8)
  return altered;
}

/** The delta with another fromVersion, its MAC left as it was. */
function withFromVersion(delta: Uint8Array, fromVersion: number): Uint8Array {
  const altered = delta.slice();
  setU32(altered, DELTA_FROM_VERSION, fromVersion);
  return altered;
}

export const blocklistRollbackAttack: Attack = {
  name: 'blocklist rollback',
  description: "a blocked key's holder replays older deltas, sends a delta of the lock's version with other content, and interrupts a newer delta in every page of every write (PROTOCOL.md §8, R-KEY-2): DeltaStale, DeltaBadMac, Blocked",
  run(context) {
    const site = attackSite(context, 'blocklist rollback');
    const tally = new AttackTally();
    const lock = site.common;
    const history = issueHistory(site);
    /** A courier of the front door carries the history to `target`. */
    const carryHistory = (target: LockTarget) => {
      const courier = site.makeKey({ keyId: COURIER, role: Role.Contractor, dwellingId: 0, generation: 0, groups: [FRONT_DOOR] });
      history.forEach((delta) => courier.carryDelta(delta));
      const applied = courier.insert(target).deltas.filter((delta) => delta.reason === Reason.Ok).length;
      if (applied !== history.length) throw new Error(`the courier applied ${applied} of ${history.length} deltas`);
    };
    carryHistory(lock.target);

    const kKey = site.management.keyKeyFor(LOST_KEY);
    const lostKey = { keyId: LOST_KEY, kKey, credential: site.makeKey({ keyId: LOST_KEY }).credential };
    const nonces = new SeededEntropy(`${context.seed} blocklist rollback nonces`);
    const version = history.length;
    const otherContent = [
      removingLostKey(history[0]!),
      withFromVersion(history[version - 1]!, version),
      withFromVersion(removingLostKey(history[0]!), version),
      concat(encodeDelta({ siteId: site.management.siteId, fromVersion: version, entries: [{ op: 'remove', keyId: LOST_KEY, retireDay: 0 }] }, kKey).subarray(0, -MAC_BYTES), new Uint8Array(MAC_BYTES)),
      encodeDelta({ siteId: site.management.siteId, fromVersion: version, entries: [{ op: 'remove', keyId: LOST_KEY, retireDay: 0 }] }, kKey),
    ];
    // Each set of deltas in one session of the lost key, then its AUTH.
    for (const deltas of [history, otherContent]) {
      const outcome = attempt(lock, () => {
        const session = openSession(lock.target, LOST_KEY, keyNonceFrom(nonces));
        for (const delta of deltas) {
          const ack = decodeDeltaAck(lock.target.receive(delta));
          tally.record(ack.reason === Reason.Ok, reasonName(ack.reason));
        }
        return answerOf(lock.target.receive(encodeAuth({ credential: lostKey.credential }, session, kKey)), session, kKey);
      });
      tally.record(outcome.granted, outcome.reason);
    }

    // A genuine delta v3 → v4, carried by the lost key itself and cut at every point of its application.
    const next = site.management.issueBlocklistDelta(adds(fillers(300, DELTA_ENTRIES_MAX)));
    const retryNonces = new SeededEntropy(`${context.seed} blocklist rollback retry nonces`);
    const report = cutUpdate({
      site,
      name: 'blocklist rollback interrupted delta',
      door: COMMON_LOCK,
      prepare(prepared) {
        carryHistory(prepared.target);
        const carrier = site.makeKey({ keyId: LOST_KEY });
        carrier.carryDelta(next);
        return (updated) => {
          const outcome = carrier.insert(updated);
          if (!isDeepStrictEqual(outcome.deltas.map((d) => d.reason), [Reason.Ok]) || outcome.reason !== Reason.Blocked) throw new Error('the interrupted delta was not applied cleanly');
        };
      },
      judge(rebooted, observation) {
        const answer = insertReplica(rebooted.target, lostKey, keyNonceFrom(retryNonces));
        if (!observation.intact) return { achieved: true, label: 'blocklist state broken' };
        return { achieved: answer.granted || answer.reason !== Reason.Blocked, label: `${reasonName(answer.reason)} after an interrupted delta` };
      },
    });
    for (const cut of report.cuts) tally.record(cut.achieved, cut.label);
    return tally.row(this.name, `${report.cuts.length.toLocaleString('en-US')} cuts of a delta of ${report.writes} writes`);
  },
};
