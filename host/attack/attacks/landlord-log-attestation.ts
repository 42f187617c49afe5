/**
 * The landlord's side at the tenant's log and attestation (R-PRV-1..4; PROTOCOL.md §9.4, §9.5): after
 * its minted resident's session, LOG_SWITCH, LOG_HOLD, LOG_READ and ATTEST with a MAC from every key
 * it derives from its site key (UnexpectedFrame: no tenant proof in the session); LOG_READ_OWN under
 * its own key's K_key finds only that key's entries, never the tenant's; and an attestation it makes
 * itself, under every such key as T_att, fails the tenant's check (the tenant's key sees a forgery).
 */
import { Command } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { tenantKeys } from '../../protocol/key-hierarchy.js';
import { encodeAttestation, encodeAuth, encodeCommand, logReadArgument, ReadoutWhy, verifyAttestation, AttestationMacError } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite } from '../attack-site.js';
import { answerOf, commandAnswerOf, keyNonceFrom, openSession, reasonName } from '../by-hand.js';
import { landlordGuesses } from './landlord-keys.js';
import { movedInTenant, TENANT } from './third-parties.js';

const MINTED_RESIDENT = 611;
const TENANT_COMMANDS = [
  { command: Command.LogSwitch, argument: 1 },
  { command: Command.LogHold, argument: 1 },
  { command: Command.LogRead, argument: logReadArgument(0, ReadoutWhy.Incident) },
  { command: Command.Attest, argument: 0 },
] as const;

export const landlordLogAttestationAttack: Attack = {
  name: 'landlord at the log and the attestation',
  description:
    "LOG_SWITCH, LOG_HOLD, LOG_READ and ATTEST from the site key holder's session, with MACs from every key derived from the site key; LOG_READ_OWN under its own K_key; an attestation it forges (PROTOCOL.md §9.4, §9.5): UnexpectedFrame, none of the tenant's entries, forgery seen",
  run(context) {
    const site = attackSite(context, 'landlord log attestation');
    const tenant = movedInTenant(site);
    const lock = site.private;
    // The tenant logs; the tenant's own openings are what the landlord would like to read.
    tenant.insert(lock.target, { commands: [{ command: Command.LogSwitch, argument: 1 }] });
    tenant.insert(lock.target);
    const nonces = new SeededEntropy(`${context.seed} landlord log nonces`);
    const tally = new AttackTally();
    const credential = site.makeKey({ keyId: MINTED_RESIDENT }).credential;
    const kKey = site.management.keyKeyFor(MINTED_RESIDENT);
    for (const guess of landlordGuesses(site, lock.lockId)) {
      for (const fields of TENANT_COMMANDS) {
        const session = openSession(lock.target, MINTED_RESIDENT, keyNonceFrom(nonces));
        answerOf(lock.target.receive(encodeAuth({ credential }, session, kKey)), session, kKey);
        const answer = commandAnswerOf(lock.target.receive(encodeCommand(fields, session, guess.tAuth)));
        tally.record(answer.done, `${Command[fields.command]}: ${reasonName(answer.reason)}`);
      }
    }
    // Its own key may read its own entries: never one of the tenant's.
    const own = site.makeKey({ keyId: MINTED_RESIDENT }).insert(lock.target, { commands: [{ command: Command.LogReadOwn, argument: logReadArgument(0, ReadoutWhy.OwnOpenings) }] });
    const entries = own.commands[0]?.logEntries ?? [];
    const tenantsSeen = entries.some((entry) => entry.kind === 'decision' && entry.keyId === TENANT);
    tally.record(tenantsSeen, `LOG_READ_OWN: ${entries.length} own entries, none of the tenant's`);
    // An attestation the landlord makes (log off, no emergency) under each key it has, checked by the tenant's key.
    const tAtt = tenantKeys(tenant.tenantSecretFor(lock.lockId)!, lock.lockId).tAtt;
    for (const guess of landlordGuesses(site, lock.lockId)) {
      const binding = openSession(lock.target, TENANT, keyNonceFrom(nonces));
      const forged = encodeAttestation(
        { measurement: new Uint8Array(32), features: 0, logOn: false, logHold: false, logEntries: 0, failedMacs: 0, emergencyCount: 0, emergencyAcknowledged: 0 },
        binding,
        guess.tAuth,
      );
      let accepted = true;
      try {
        verifyAttestation(forged, binding, tAtt);
      } catch (error) {
        if (!(error instanceof AttestationMacError)) throw error;
        accepted = false;
      }
      tally.record(accepted, 'forged attestation: its MAC under T_att is wrong');
    }
    return tally.row(this.name);
  },
};
