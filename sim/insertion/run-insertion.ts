/**
 * One key insertion, with the history that makes it meaningful: `cylsim insert --key KIND`. Each
 * kind sets the demo site up (earlier insertions, a blocklist delta, a consent token) and then
 * reports the insertion it is named after.
 */
import { Reason, Role } from '../../firmware/abi.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { at, DWELLING, DWELLING_LOCK, INSTALL_DAY, type DemoSite } from './demo-site.js';

export const KEY_KINDS = ['resident', 'blocked', 'expired', 'old-generation', 'contractor', 'no-consent', 'emergency', 'programming', 'no-tenant-proof'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface InsertionStep {
  what: string;
  decision: SessionOutcome['decision'];
  reason: string;
}

export interface Insertion {
  kind: KeyKind;
  /** What happened before, in order. */
  history: InsertionStep[];
  key: KeyDevice;
  lockName: string;
  /** What the key saw; undefined when the lock never answered (no power). */
  outcome: SessionOutcome | undefined;
}

/** Key codes of the demo (printed on the keys). */
const TENANT_KEY = 1_000_101_01;
const SECOND_TENANT_KEY = 1_000_101_02;
const NEXT_TENANT_KEY = 1_000_101_11;
const CONTRACTOR_KEY = 3_000_000_07;
const EMERGENCY_KEY = 5_000_000_01;
const PROGRAMMING_KEY = 6_000_000_01;
const EXPIRED_KEY = 1_000_102_01;

/** How the insertion the kind is named after is made (on the bench by default: `key.insert(lock)`). */
export type FinalInsertion = (key: KeyDevice, lock: LockTarget) => SessionOutcome | undefined;

export function runInsertion(kind: KeyKind, site: DemoSite, insertFinal: FinalInsertion = (key, lock) => key.insert(lock)): Insertion {
  const history: InsertionStep[] = [];
  const step = (what: string, key: KeyDevice, lock: LockTarget): SessionOutcome => {
    const outcome = key.insert(lock);
    history.push({ what, decision: outcome.decision, reason: Reason[outcome.reason] ?? String(outcome.reason) });
    return outcome;
  };
  const finish = (key: KeyDevice, lock: LockTarget, lockName: string): Insertion => ({ kind, history, key, lockName, outcome: insertFinal(key, lock) });

  // Every kind but `expired` starts with the tenant's move-in: the first key of generation 1 at the
  // dwelling door makes the tenant change and receives the tenant secret (PROTOCOL.md §7.8), which
  // its next opening, with its proof, makes current (§4.2).
  const tenant = site.makeKey(TENANT_KEY, Role.Resident);
  if (kind !== 'expired') {
    step('the tenant moves in: first key of generation 1 at the dwelling door', tenant, site.dwellingDoor);
    step("the tenant's key opens again: its proof makes its tenant secret current", tenant, site.dwellingDoor);
  }

  switch (kind) {
    case 'resident':
      return finish(tenant, site.dwellingDoor, 'dwelling door');
    case 'no-tenant-proof':
      return finish(site.makeKey(SECOND_TENANT_KEY, Role.Resident), site.dwellingDoor, 'dwelling door');
    case 'blocked': {
      const lost = site.makeKey(SECOND_TENANT_KEY, Role.Resident);
      step('the second key opens the front door', lost, site.frontDoor);
      tenant.carryDelta(site.management.issueBlocklistDelta([{ op: 'add', keyId: SECOND_TENANT_KEY, retireDay: INSTALL_DAY + 365 }]));
      step('the key is reported lost; the tenant key carries the blocklist delta to the front door', tenant, site.frontDoor);
      return finish(lost, site.frontDoor, 'front door');
    }
    case 'expired':
      return finish(site.makeKey(EXPIRED_KEY, Role.Resident, { fromDay: INSTALL_DAY - 400, untilDay: INSTALL_DAY - 10, issuedDay: INSTALL_DAY - 400 }), site.frontDoor, 'front door');
    case 'old-generation': {
      const next = site.makeKey(NEXT_TENANT_KEY, Role.Resident, { generation: 2, issuedDay: INSTALL_DAY + 30 });
      step('tenant change: the next tenant\'s first key (generation 2) at the dwelling door', next, site.dwellingDoor);
      return finish(tenant, site.dwellingDoor, 'dwelling door');
    }
    case 'contractor':
    case 'no-consent': {
      const contractor = site.makeKey(CONTRACTOR_KEY, Role.Contractor, { groups: [DWELLING] });
      if (kind === 'contractor') {
        contractor.receiveConsentToken(tenant.makeConsentToken(DWELLING_LOCK.lockId, CONTRACTOR_KEY, at(INSTALL_DAY, 0), at(INSTALL_DAY + 7, 0), 0));
        history.push({ what: 'the tenant gives the contractor a consent token for a week', decision: 'grant', reason: 'Ok' });
      }
      return finish(contractor, site.dwellingDoor, 'dwelling door');
    }
    case 'emergency':
      return finish(site.makeKey(EMERGENCY_KEY, Role.Emergency, { groups: [DWELLING] }), site.dwellingDoor, 'dwelling door');
    case 'programming':
      return finish(site.makeKey(PROGRAMMING_KEY, Role.Programming, { groups: [DWELLING] }), site.dwellingDoor, 'dwelling door');
  }
}
