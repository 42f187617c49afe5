/**
 * Erasing or suppressing the emergency record (R-EMG-2: every use is reported to the tenant and no
 * one can erase or suppress the record; PROTOCOL.md §7.6 step 11, §9.3; docs/STORAGE.md, "Emergency
 * details"). The landlord's side tries:
 * - to open with the emergency key while cutting the power in every page of every write of the
 *   opening, at the release and after the answer: an opening without its record would win;
 * - to wipe the count with a tenant change, cut at every point as well: the count must survive and
 *   be shown to the previous tenant's key;
 * - to acknowledge the record itself, after its emergency grant or its own key's refusal: a COMMAND
 *   needs the tenant's proof (§9.2), UnexpectedFrame;
 * - to outnumber the 8 detail slots: the count keeps counting.
 */
import { Command } from '../../../firmware/protocol.js';
import { Reason, Role } from '../../../firmware/abi.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { encodeAuth, encodeCommand } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, DWELLING_A, minutesAt, PRIVATE_LOCK, START_DAY, type AttackSite } from '../attack-site.js';
import { answerOf, commandAnswerOf, keyNonceFrom, openSession, reasonName } from '../by-hand.js';
import { cutUpdate, type CutReport } from '../cuts/cut-update.js';
import { insertReplica, replicaOf, type KeyReplica } from '../key-replica.js';
import { landlordGuesses } from './landlord-keys.js';
import { movedInTenant, movedInTenantAt, TENANT } from './third-parties.js';

const EMERGENCY_KEY = 901;
const NEW_TENANT = 211;
const LANDLORD_RESIDENT = 601;
/** Openings made after the landlord's, beyond the 8 detail slots (docs/STORAGE.md). */
const OPENINGS = 10;

const emergencyKey = (site: AttackSite, keyId: number, minute = 0) =>
  site.makeKey({ keyId, role: Role.Emergency, dwellingId: 0, generation: 0, groups: [DWELLING_A], issuedAtMinutes: minutesAt(START_DAY + 1, 120 + minute) });

/** The emergency count the tenant's key is shown at `lock` (§9.3), after a grant or a TenantChanged refusal. */
function shownCount(lock: Parameters<typeof insertReplica>[0], tenant: KeyReplica, nonces: SeededEntropy): { reason: Reason; count: number } {
  const answer = insertReplica(lock, tenant, keyNonceFrom(nonces));
  return { reason: answer.reason, count: answer.result?.emergencyNotice?.count ?? 0 };
}

function cutTheOpening(site: AttackSite, nonces: SeededEntropy): CutReport {
  let tenant: KeyReplica | undefined;
  return cutUpdate({
    site,
    name: 'emergency record: the opening cut',
    door: PRIVATE_LOCK,
    prepare(prepared) {
      const key = movedInTenantAt(site, prepared.target);
      tenant = replicaOf(key, site.management.keyKeyFor(TENANT), prepared.lockId);
      const emergency = emergencyKey(site, EMERGENCY_KEY);
      return (lock) => {
        if (emergency.insert(lock).decision !== 'grant') throw new Error('the emergency opening was refused');
      };
    },
    judge(rebooted, observation) {
      if (!observation.intact) return { achieved: true, label: 'record state broken' };
      if (observation.releases > 0 && !observation.committed) return { achieved: true, label: 'opened without its record' };
      const shown = shownCount(rebooted.target, tenant!, nonces);
      const expected = observation.committed ? 1 : 0;
      if (shown.count !== expected) return { achieved: true, label: `record ${observation.committed ? 'made but not shown' : 'shown but not made'}` };
      return { achieved: false, label: observation.committed ? 'recorded and shown to the tenant' : 'no opening, no record' };
    },
  });
}

function cutTheTenantChange(site: AttackSite, nonces: SeededEntropy): CutReport {
  let oldTenant: KeyReplica | undefined;
  return cutUpdate({
    site,
    name: 'emergency record: a tenant change cut',
    door: PRIVATE_LOCK,
    prepare(prepared) {
      const key = movedInTenantAt(site, prepared.target);
      if (emergencyKey(site, EMERGENCY_KEY).insert(prepared.target).decision !== 'grant') throw new Error('the emergency opening was refused');
      oldTenant = replicaOf(key, site.management.keyKeyFor(TENANT), prepared.lockId);
      const newTenant = site.makeKey({ keyId: NEW_TENANT, generation: 2, issuedAtMinutes: minutesAt(START_DAY + 2) });
      return (lock) => {
        if (!newTenant.insert(lock).tenantSecretReceived) throw new Error('the tenant change failed');
      };
    },
    judge(_rebooted, observation) {
      if (!observation.intact) return { achieved: true, label: 'record state broken' };
      const shown = shownCount(_rebooted.target, oldTenant!, nonces);
      if (shown.count !== 1) return { achieved: true, label: `count ${shown.count} after a tenant change` };
      return { achieved: false, label: observation.committed ? 'count kept through the tenant change, shown to the old key' : 'count kept, no change made' };
    },
  });
}

export const emergencyRecordAttack: Attack = {
  name: 'erase or suppress the emergency record',
  description: "power cuts through an emergency opening and through a tenant change after one, the landlord's own ACK_EMERGENCY, and more openings than detail slots (R-EMG-2; PROTOCOL.md §9.3; docs/STORAGE.md)",
  run(context) {
    const site = attackSite(context, 'emergency record');
    const nonces = new SeededEntropy(`${context.seed} emergency record nonces`);
    const tally = new AttackTally();
    for (const cut of [...cutTheOpening(site, nonces).cuts, ...cutTheTenantChange(site, nonces).cuts]) tally.record(cut.achieved, cut.label);

    // The landlord acknowledges: after its emergency key's grant (each an opening), and after its minted resident's refusal.
    const tenant = movedInTenant(site);
    const lock = site.private;
    let openings = 0;
    for (const [keyId, request] of [
      [EMERGENCY_KEY, { role: Role.Emergency, dwellingId: 0, generation: 0, groups: [DWELLING_A] }],
      [LANDLORD_RESIDENT, {}],
    ] as const) {
      const credential = site.makeKey({ keyId, ...request }).credential;
      const kKey = site.management.keyKeyFor(keyId);
      for (const guess of landlordGuesses(site, lock.lockId)) {
        const session = openSession(lock.target, keyId, keyNonceFrom(nonces));
        if (answerOf(lock.target.receive(encodeAuth({ credential }, session, kKey)), session, kKey).granted) openings++;
        const answer = commandAnswerOf(lock.target.receive(encodeCommand({ command: Command.AckEmergency, argument: OPENINGS }, session, guess.tAuth)));
        tally.record(answer.done, `the landlord's ACK_EMERGENCY: ${reasonName(answer.reason)}`);
      }
    }
    // More openings than detail slots (8): the tenant is shown every one.
    for (let n = 1; n <= OPENINGS; n++) if (emergencyKey(site, EMERGENCY_KEY + n, n).insert(lock.target).decision === 'grant') openings++;
    const shown = shownCount(lock.target, replicaOf(tenant, site.management.keyKeyFor(TENANT), lock.lockId), nonces);
    tally.record(shown.count !== openings, `count ${shown.count} shown after ${openings} openings`);
    return tally.row(this.name);
  },
};
