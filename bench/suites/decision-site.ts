/**
 * Setup of the "decision" suite, not timed: the site, its locks for one blocklist length, each
 * blocklist filled by the same deltas, and the tenant change made at every dwelling door by the
 * same first resident key, which carries the deltas to both doors and then opens the dwelling door
 * once more, making its pending T current. Every implementation must see
 * the same frames, byte for byte, and end with the same list and the same T.
 */
import { Reason } from '../../firmware/abi.js';
import { CHALLENGE_BLOCKLIST_VERSION, FrameType } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { ExchangedFrame, SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import type { Implementation } from '../types.js';
import { blocklistEntries, issueBlocklistDeltas } from './decision-blocklist.js';
import { residentCredential } from './decision-keys.js';
import { createDecisionLocks, type DecisionLockOptions, type DecisionLocks } from './decision-locks.js';
import { DOORS, FIRST_RESIDENT_KEY_ID, LOCK_REQUESTS, SITE_ID, SITE_KEY, type BlocklistPlan, type Door } from './decision-site-plan.js';
import { presetReferenceBlocklist, REFERENCE_DELTA_FILL_MAX_ENTRIES } from './reference-blocklist.js';

export interface DecisionSite {
  plan: BlocklistPlan;
  management: ManagementSystem;
  locks: DecisionLocks;
  /** The dwelling door's T, as the first resident key received it (the same at every implementation). */
  tenantSecret: Uint8Array;
  /** Per implementation, the first resident key: it holds T for that implementation's dwelling door. */
  firstKeys: Record<Implementation, KeyDevice>;
}

export const IMPLEMENTATIONS: readonly Implementation[] = ['wasm', 'noble', 'node'];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function doorOf(locks: DecisionLocks, implementation: Implementation, door: Door): LockTarget {
  return implementation === 'wasm' ? locks.wasm[door].lock : locks[implementation][door];
}

/** The setup session granted, the list at the deltas' version and, at the dwelling door, T received. */
function expectSetupSession(outcome: SessionOutcome, where: string, version: number, door: Door): void {
  if (outcome.decision !== 'grant' || !outcome.authenticated) throw new Error(`${where}: the first resident key was refused (${Reason[outcome.reason]})`);
  const refused = outcome.deltas.find((delta) => delta.reason !== Reason.Ok);
  if (refused) throw new Error(`${where}: delta from version ${refused.fromVersion} refused (${Reason[refused.reason]})`);
  const lockVersion = outcome.deltas.at(-1)?.blocklistVersion;
  if (lockVersion !== undefined && lockVersion !== version) throw new Error(`${where}: blocklist at version ${lockVersion}, not ${version}`);
  if (door === 'dwelling' && !outcome.tenantSecretReceived) throw new Error(`${where}: no tenant change`);
}

/**
 * The session's frames but the deltas, their acknowledgements and the CHALLENGE's blocklist
 * version: what every implementation must send alike, whether it received the deltas in this
 * session or holds their list already (reference-blocklist.ts). The versions each lock ends at are
 * checked apart.
 */
function transcript(frames: readonly ExchangedFrame[]): string {
  const kept: string[] = [];
  for (let i = 0; i < frames.length; i++) {
    const bytes = frames[i]!.bytes;
    if (bytes[0] === FrameType.Delta) {
      i++; // its DELTA_ACK
      continue;
    }
    kept.push(bytes[0] === FrameType.Challenge ? hex(bytes.subarray(0, CHALLENGE_BLOCKLIST_VERSION)) : hex(bytes));
  }
  return kept.join(' ');
}

/** Options: those of createDecisionLocks, and `firmwareFrom`: a site whose firmware doors the new site copies. */
export interface DecisionSiteOptions extends Omit<DecisionLockOptions, 'firmwareFrom'> {
  firmwareFrom?: DecisionSite;
}

export function createDecisionSite(seed: string, plan: BlocklistPlan, options: DecisionSiteOptions = {}): DecisionSite {
  const profile = loadProfileByName(plan.profileName);
  const capacity = profile.capacities.blocklistEntries.value;
  if (capacity < plan.entries) throw new Error(`profile ${plan.profileName} holds ${capacity} blocklist entries, fewer than ${plan.entries}`);
  const management = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID });
  const entries = blocklistEntries(`${seed} blocklist`, plan.entries);
  const deltas = issueBlocklistDeltas(management, entries);
  if (options.firmwareFrom && options.firmwareFrom.plan !== plan) throw new Error('a site copies the firmware doors of a site of the same plan only');
  const { firmwareFrom, ...lockOptions } = options;
  const locks = createDecisionLocks(management, profile, `${seed} lock entropy`, { ...lockOptions, ...(firmwareFrom ? { firmwareFrom: firmwareFrom.locks.wasm } : {}) });
  if (plan.entries > REFERENCE_DELTA_FILL_MAX_ENTRIES) {
    for (const door of DOORS) for (const implementation of ['noble', 'node'] as const) presetReferenceBlocklist(locks[implementation][door], entries, deltas.length);
  }

  const firstTranscript = new Map<Door, string>();
  const secrets: string[] = [];
  const firstKeys = {} as Record<Implementation, KeyDevice>;
  const source = options.firmwareFrom;
  for (const implementation of IMPLEMENTATIONS) {
    if (implementation === 'wasm' && source) {
      // The firmware doors are copies of doors already set up: their first key comes with them.
      secrets.push(hex(source.tenantSecret));
      firstKeys.wasm = source.firstKeys.wasm;
      continue;
    }
    // The same key (same id, credential and nonce seed) for every implementation: identical sessions.
    const key = new KeyDevice({
      keyId: FIRST_RESIDENT_KEY_ID,
      kKey: management.keyKeyFor(FIRST_RESIDENT_KEY_ID),
      credential: residentCredential(management, FIRST_RESIDENT_KEY_ID),
      entropy: new SeededEntropy(`${seed} first resident key`),
    });
    for (const delta of deltas) key.carryDelta(delta);
    for (const door of DOORS) {
      const where = `${implementation} ${door} door, blocklist ${plan.entries}`;
      const outcome = key.insert(doorOf(locks, implementation, door));
      expectSetupSession(outcome, where, deltas.length, door);
      const frames = transcript(outcome.frames);
      const expected = firstTranscript.get(door) ?? frames;
      if (frames !== expected) throw new Error(`${where}: the setup session's frames differ from those of the first implementation set up`);
      firstTranscript.set(door, expected);
    }
    // §4.2: the tenant change leaves T pending; the key's first proof makes it current (one state
    // write), so that the timed grants at the dwelling door write nothing with the log off.
    const proof = key.insert(doorOf(locks, implementation, 'dwelling'));
    if (proof.decision !== 'grant' || proof.tenantSecretReceived) {
      throw new Error(`${implementation} dwelling door, blocklist ${plan.entries}: the first resident key's proof of the pending T was not granted (${Reason[proof.reason]})`);
    }
    const secret = key.tenantSecretFor(LOCK_REQUESTS.dwelling.lockId);
    if (!secret) throw new Error(`${implementation}: the first resident key holds no tenant secret`);
    secrets.push(hex(secret));
    firstKeys[implementation] = key;
  }
  if (new Set(secrets).size !== 1) throw new Error(`the implementations drew different tenant secrets: ${secrets.join(', ')}`);
  for (const door of DOORS) {
    for (const implementation of ['noble', 'node'] as const) {
      const held = locks[implementation][door].persistentState();
      if (held?.blocklist.length !== plan.entries || held.blocklistVersion !== deltas.length) {
        throw new Error(`the ${implementation} reference ${door} door holds ${held?.blocklist.length} blocklist entries at version ${held?.blocklistVersion}, not ${plan.entries} at ${deltas.length}`);
      }
    }
  }
  return { plan, management, locks, tenantSecret: Buffer.from(secrets[0]!, 'hex'), firstKeys };
}
