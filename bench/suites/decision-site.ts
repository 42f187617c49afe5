/**
 * Setup of the "decision" suite, not timed: the site, its locks, each blocklist filled by the same
 * deltas, and the tenant change made at every dwelling door by the same first resident key, which
 * carries the deltas to both doors. Every implementation must see the same frames, byte for byte.
 */
import { Reason } from '../../firmware/abi.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import type { Implementation } from '../types.js';
import { issueBlocklistDeltas } from './decision-blocklist.js';
import { residentCredential } from './decision-keys.js';
import { createDecisionLocks, type DecisionLocks } from './decision-locks.js';
import { BLOCKLIST_ENTRIES, DOORS, FIRST_RESIDENT_KEY_ID, LOCK_REQUESTS, PROFILE_NAME, SITE_ID, SITE_KEY, type Door } from './decision-site-plan.js';

export interface DecisionSite {
  management: ManagementSystem;
  locks: DecisionLocks;
  /** The dwelling door's T, as the first resident key received it (the same at every implementation). */
  tenantSecret: Uint8Array;
}

const IMPLEMENTATIONS: readonly Implementation[] = ['wasm', 'noble', 'node'];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function doorOf(locks: DecisionLocks, implementation: Implementation, door: Door): LockTarget {
  return implementation === 'wasm' ? locks.wasm[door].lock : locks[implementation][door];
}

/** The setup session granted, with every delta applied and, at the dwelling door, T received. */
function expectSetupSession(outcome: SessionOutcome, where: string, deltaCount: number, door: Door): void {
  if (outcome.decision !== 'grant' || !outcome.authenticated) throw new Error(`${where}: the first resident key was refused (${Reason[outcome.reason]})`);
  const applied = outcome.deltas.filter((delta) => delta.reason === Reason.Ok).length;
  if (applied !== deltaCount || outcome.deltas.at(-1)?.blocklistVersion !== deltaCount) throw new Error(`${where}: ${applied} of ${deltaCount} deltas applied`);
  if (door === 'dwelling' && !outcome.tenantSecretReceived) throw new Error(`${where}: no tenant change`);
}

export function createDecisionSite(seed: string): DecisionSite {
  const profile = loadProfileByName(PROFILE_NAME);
  const capacity = profile.capacities.blocklistEntries.value;
  if (capacity < BLOCKLIST_ENTRIES) throw new Error(`profile ${PROFILE_NAME} holds ${capacity} blocklist entries, fewer than ${BLOCKLIST_ENTRIES}`);
  const management = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID });
  const deltas = issueBlocklistDeltas(management, `${seed} blocklist`);
  const locks = createDecisionLocks(management, profile, `${seed} lock entropy`);

  const firstTranscript = new Map<Door, string>();
  const secrets: string[] = [];
  for (const implementation of IMPLEMENTATIONS) {
    // The same key (same id, credential and nonce seed) for every implementation: identical sessions.
    const key = new KeyDevice({
      keyId: FIRST_RESIDENT_KEY_ID,
      kKey: management.keyKeyFor(FIRST_RESIDENT_KEY_ID),
      credential: residentCredential(management, FIRST_RESIDENT_KEY_ID),
      entropy: new SeededEntropy(`${seed} first resident key`),
    });
    for (const delta of deltas) key.carryDelta(delta);
    for (const door of DOORS) {
      const where = `${implementation} ${door} door`;
      const outcome = key.insert(doorOf(locks, implementation, door));
      expectSetupSession(outcome, where, deltas.length, door);
      const transcript = outcome.frames.map((frame) => hex(frame.bytes)).join(' ');
      const expected = firstTranscript.get(door) ?? transcript;
      if (transcript !== expected) throw new Error(`${where}: the setup session's frames differ from the firmware's`);
      firstTranscript.set(door, transcript);
    }
    const secret = key.tenantSecretFor(LOCK_REQUESTS.dwelling.lockId);
    if (!secret) throw new Error(`${implementation}: the first resident key holds no tenant secret`);
    secrets.push(hex(secret));
  }
  if (new Set(secrets).size !== 1) throw new Error(`the implementations drew different tenant secrets: ${secrets.join(', ')}`);
  for (const door of DOORS) {
    const held = locks.noble[door].persistentState()?.blocklist.length;
    if (held !== BLOCKLIST_ENTRIES) throw new Error(`the reference ${door} door holds ${held} blocklist entries, not ${BLOCKLIST_ENTRIES}`);
  }
  return { management, locks, tenantSecret: Buffer.from(secrets[0]!, 'hex') };
}
