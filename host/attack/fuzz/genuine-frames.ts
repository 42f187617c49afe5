/**
 * Genuine frames of every type for one session (a lock's id and nonce, a key's nonce): HELLO, a
 * DELTA the lock would apply, AUTHs of every shape (no parts, a tenant proof, a consent token, a
 * voucher, all three, eight groups), and every COMMAND. Their MACs are right: the fuzzer never sends
 * them as they are, only mutated, so that its frames pass the checks up to the one a mutation breaks.
 */
import { Role } from '../../../firmware/abi.js';
import { Command, MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import type { ManagementSystem } from '../../management/management-system.js';
import { encodeAuth, encodeCommand, encodeConsentToken, encodeDelta, encodeHello, encodeVoucher, type AuthContents, type SessionBinding } from '../../protocol/frames.js';
import { tenantKeys, type SiteKeys } from '../../protocol/key-hierarchy.js';
import { tenantProof } from '../../protocol/macs.js';
import { nobleBackend } from '../../protocol/crypto-backend.js';
import { DWELLING_A, FRONT_DOOR, residentRequest, START_DAY, STORAGE_ROOM } from '../attack-site.js';

export interface GenuineSession extends SessionBinding {
  keyId: number;
  /** The lock's blocklist version (CHALLENGE): the delta goes from it. */
  blocklistVersion: number;
  /** T of the lock, when it has a tenant. */
  tenantSecret?: Uint8Array;
}

export function genuineFrames(management: ManagementSystem, landlordKeys: SiteKeys, session: GenuineSession): Uint8Array[] {
  const { keyId, lockId } = session;
  const kKey = management.keyKeyFor(keyId);
  const credential = (changes: Partial<Parameters<ManagementSystem['issueCredential']>[0]> = {}) => management.issueCredential({ ...residentRequest(keyId), ...changes });
  const tAuth = session.tenantSecret ? tenantKeys(session.tenantSecret, lockId).tAuth : landlordKeys.kProg;
  const tCons = session.tenantSecret ? tenantKeys(session.tenantSecret, lockId).tCons : landlordKeys.kProg;
  const proof = tenantProof(nobleBackend, tAuth, session.lockNonce, keyId);
  const consentToken = encodeConsentToken({ keyId, lockId, validFromMinutes: START_DAY * MINUTES_PER_DAY, validUntilMinutes: (START_DAY + 1) * MINUTES_PER_DAY, consentEpoch: 0 }, tCons);
  const voucher = encodeVoucher({ day: START_DAY + 2, lockId: lockId ^ 1 }, landlordKeys.kTime);
  const contractor = credential({ role: Role.Contractor, dwellingId: 0, generation: 0 });
  const auths: AuthContents[] = [
    { credential: credential() },
    { credential: credential(), tenantProof: proof, voucher },
    { credential: contractor, consentToken },
    { credential: credential({ role: Role.Emergency, dwellingId: 0, generation: 0 }), voucher },
    { credential: contractor, tenantProof: proof, consentToken, voucher },
    { credential: credential({ groups: [FRONT_DOOR, DWELLING_A, STORAGE_ROOM, 30, 31, 32, 33, 34] }) },
  ];
  const commands = [
    { command: Command.Enrol, argument: keyId + 1 },
    { command: Command.Rotate, argument: 0 },
    { command: Command.RaiseConsentEpoch, argument: 0 },
    { command: Command.AckEmergency, argument: 1 },
  ];
  const delta = encodeDelta(
    {
      siteId: management.siteId,
      fromVersion: session.blocklistVersion,
      entries: [
        { op: 'add', keyId: keyId + 7, retireDay: START_DAY + 30 },
        { op: 'remove', keyId: 1_000_003, retireDay: 0 },
        { op: 'add', keyId, retireDay: START_DAY + 30 },
      ],
    },
    landlordKeys.kIss,
  );
  return [
    encodeHello({ keyId, keyNonce: session.keyNonce, keyFlags: 0 }),
    delta,
    ...auths.map((contents) => encodeAuth(contents, session, kKey)),
    ...commands.map((fields) => encodeCommand(fields, session, tAuth)),
  ];
}
