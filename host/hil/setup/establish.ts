/**
 * A test group's initial state, established through the protocol itself (docs/VECTORS.md, "How the
 * initial state is established"), so that a real device is brought into it the same way as the
 * emulator: the provisioning record from the lock configuration and the mark, then a tenant change
 * and tenant commands by the tenant's key, one grant per dwelling of a generation table, and the
 * blocklist deltas carried in one session. Every power-up of the setup draws the group's
 * `setupEntropy`; every key of the setup sends the key nonce 00…00.
 *
 * The setup is played on the reference lock, which records its steps: the runner replays them on
 * the target and checks every answer, the generator goes on from the state they leave.
 */
import { DRBG_SEED_BYTES, Reason, Role } from '../../../firmware/abi.js';
import { Command, DELTA_ENTRIES_MAX, KEY_NONCE_BYTES, MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import { RepeatingEntropy } from '../../devices/seeded-entropy.js';
import type { EntropySource } from '../../firmware/hal-devices.js';
import { KeyDevice } from '../../keys/key-device.js';
import { ManagementSystem, type CredentialRequest } from '../../management/management-system.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { siteKeys } from '../../protocol/key-hierarchy.js';
import { encodeProvisioningRecord } from '../../protocol/frames/provisioning-record.js';
import { encodeHello } from '../../protocol/frames/hello.js';
import type { DeltaEntry } from '../../protocol/frames/delta.js';
import type { LockConfiguration, InitialState, Step } from '../vectors/schema.js';
import { readAnswer } from '../vectors/verdict.js';
import { RecordingLock } from './recording-lock.js';

/** The key that carries the setup's blocklist deltas says it is keyId 0 (it never sends AUTH). */
export const SETUP_CARRIER_KEY_ID = 0;
/** The setup key of dwelling d in a generation table has keyId SETUP_DWELLING_KEY_BASE + d. */
export const SETUP_DWELLING_KEY_BASE = 0xffff_0000;
/** Setup credentials are valid from minute 0 to the last minute a u32 holds (PROTOCOL.md §6). */
const SETUP_VALID_UNTIL_MINUTES = 0xffff_ffff;

/** A group state that protocol version 1 cannot establish. */
export class UnsupportedStateError extends Error {
  override readonly name = 'UnsupportedStateError';
}

/** A group state the reference lock does not reach as the vector says (the vector is wrong). */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}

export interface GroupSetup {
  profile: HardwareProfile;
  lock: LockConfiguration;
  state: InitialState;
}

export interface Establishment {
  /** The provisioning record (after a power-up on setupEntropy); null: the lock stays unprovisioned. */
  record: Uint8Array | null;
  /** The setup's power-ups and frames, after provisioning, with the answers the lock must give. */
  steps: Step[];
  /** The reference lock in the established state, still recording. */
  lock: RecordingLock;
  management: ManagementSystem;
  /** The tenant's key, holding T, its key nonces drawn from `tenantNonces` from now on. */
  tenant: KeyDevice | undefined;
  tenantNonces: SwitchableEntropy;
}

/** An entropy source whose source can be changed (the setup's keys send zero nonces, the tests' seeded ones). */
export class SwitchableEntropy implements EntropySource {
  constructor(public source: EntropySource) {}

  fill(destination: Uint8Array) {
    return this.source.fill(destination);
  }
}

const zeroNonces = () => new RepeatingEntropy(new Uint8Array(KEY_NONCE_BYTES));

export function provisioningRecord(lock: LockConfiguration, markDay: number): Uint8Array {
  return encodeProvisioningRecord({
    siteId: lock.siteId,
    lockId: lock.lockId,
    privateDwelling: lock.privateDwelling,
    groups: lock.groups,
    keys: siteKeys(lock.siteKey, lock.siteId),
    markDay,
    blocklistCapacity: lock.blocklistCapacity,
    generationTableCapacity: lock.generationTableCapacity,
    timeStepMaxDays: lock.timeStepMaxDays,
    energy: lock.energy,
    ...(lock.relay === undefined ? {} : { relay: lock.relay }),
  });
}

export function establish(group: GroupSetup): Establishment {
  const { lock: config, state } = group;
  if (state.log !== undefined) throw new UnsupportedStateError('state.log: the log setting is not part of protocol version 1; no target can establish it yet');
  if (state.setupEntropy.length !== DRBG_SEED_BYTES) throw new SetupError(`state.setupEntropy: expected ${DRBG_SEED_BYTES} bytes`);
  const lock = new RecordingLock(group.profile, () => state.setupEntropy);
  const management = new ManagementSystem({ siteKey: config.siteKey, siteId: config.siteId });
  const tenantNonces = new SwitchableEntropy(zeroNonces());
  if (!state.provisioned) return { record: null, steps: [], lock, management, tenant: undefined, tenantNonces };

  const record = provisioningRecord(config, state.markDay);
  lock.powerUp();
  lock.takeSteps();
  const provisioned = lock.provision(record);
  if (provisioned !== Reason.Ok) throw new SetupError(`lock: the reference lock refuses the provisioning record with ${Reason[provisioned]}`);

  const setupCredential = (keyId: number, dwellingId: number, generation: number): CredentialRequest => ({
    role: Role.Resident,
    keyId,
    dwellingId,
    generation,
    validFromMinutes: 0,
    validUntilMinutes: SETUP_VALID_UNTIL_MINUTES,
    issuedAtMinutes: state.markDay * MINUTES_PER_DAY,
    groups: config.groups,
  });
  const setupKey = (request: CredentialRequest, entropy: EntropySource) =>
    new KeyDevice({ keyId: request.keyId, kKey: management.keyKeyFor(request.keyId), credential: management.issueCredential(request), entropy });

  let tenant: KeyDevice | undefined;
  if (state.tenant) {
    const { keyId, generation, consentEpoch, enrolment } = state.tenant;
    tenant = setupKey(setupCredential(keyId, config.privateDwelling, generation), tenantNonces);
    const moveIn = tenant.insert(lock);
    if (!moveIn.tenantSecretReceived) throw new SetupError(`state.tenant: the tenant change by key ${keyId} was refused (${Reason[moveIn.reason]})`);
    const commands = [
      ...Array.from({ length: consentEpoch }, () => ({ command: Command.RaiseConsentEpoch, argument: 0 })),
      ...enrolment.map((enrolled) => ({ command: Command.Enrol, argument: enrolled })),
    ];
    // PROTOCOL.md §4.2: the move-in's T is pending until the key first proves it, in this session.
    const session = tenant.insert(lock, { commands });
    if (session.decision !== 'grant') throw new SetupError(`state.tenant: key ${keyId}'s first proof of T was refused (${Reason[session.reason]})`);
    const refused = session.commands.find((command) => command.reason !== Reason.Ok);
    if (session.commands.length !== commands.length || refused) {
      throw new SetupError(`state.tenant: a tenant command was refused (${refused ? Reason[refused.reason] : Reason[session.reason]})`);
    }
  }

  for (const entry of state.generationTable) {
    const key = setupKey(setupCredential(SETUP_DWELLING_KEY_BASE + entry.dwellingId, entry.dwellingId, entry.generation), zeroNonces());
    const outcome = key.insert(lock);
    if (outcome.decision !== 'grant') throw new SetupError(`state.generationTable: dwelling ${entry.dwellingId}'s setup key was refused (${Reason[outcome.reason]})`);
  }

  const deltas = blocklistDeltas(state.blocklist.version, state.blocklist.entries);
  if (deltas.length > 0) {
    lock.powerUp();
    lock.receive(encodeHello({ keyId: SETUP_CARRIER_KEY_ID, keyNonce: new Uint8Array(KEY_NONCE_BYTES), keyFlags: 0 }));
    for (const entries of deltas) {
      const answer = lock.receive(management.issueBlocklistDelta(entries));
      const reading = readAnswer(answer);
      if (reading.verdict !== 'valid') throw new SetupError(`state.blocklist: delta ${management.blocklistVersion - 1} → ${management.blocklistVersion} answered ${reading.describe}`);
    }
  }
  return { record, steps: lock.takeSteps(), lock, management, tenant, tenantNonces };
}

/**
 * The deltas that take a lock from version 0 to `version` with exactly `entries` on its list: first
 * deltas that each remove a keyId not on the list (so they change nothing), then the entries added,
 * 16 to a delta, in keyId order.
 */
export function blocklistDeltas(version: number, entries: readonly { keyId: number; retireDay: number }[]): DeltaEntry[][] {
  const sorted = [...entries].sort((a, b) => a.keyId - b.keyId);
  const adds: DeltaEntry[][] = [];
  for (let i = 0; i < sorted.length; i += DELTA_ENTRIES_MAX) {
    adds.push(sorted.slice(i, i + DELTA_ENTRIES_MAX).map((entry) => ({ op: 'add', keyId: entry.keyId, retireDay: entry.retireDay })));
  }
  if (version < adds.length) {
    throw new SetupError(`state.blocklist.version: ${version} deltas cannot carry ${entries.length} entries (at most ${DELTA_ENTRIES_MAX} per delta, PROTOCOL.md §8)`);
  }
  const listed = new Set(sorted.map((entry) => entry.keyId));
  let absent = 0;
  while (listed.has(absent)) absent++;
  const padding: DeltaEntry[][] = Array.from({ length: version - adds.length }, () => [{ op: 'remove', keyId: absent, retireDay: 0 }]);
  return [...padding, ...adds];
}
