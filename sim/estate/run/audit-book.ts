/**
 * The evidence a complex's run collects for each rule of audit/rules.ts, and the checks made at
 * every granted opening, judged by the true clock. The lock "knew" when the simulation had seen
 * the news reach its door (a delta, a generation, a raised consent epoch) before the opening: a
 * grant then is a failure; a grant before the news arrived is the offline latency, a figure.
 */
import { Role } from '../../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../scenario/sim-time.js';
import { RULES, type RuleId } from '../audit/rules.js';
import type { SessionRecord } from '../keys/session-record.js';
import { emptyEvidence, EXAMPLES_KEPT, type Breach, type RuleEvidence } from './shard-result.js';
import type { ConsentState, DoorState, KeyState } from './shard-state.js';

export class AuditBook {
  readonly evidence: Record<string, RuleEvidence> = Object.fromEntries(RULES.map((rule) => [rule.id, emptyEvidence()]));

  checked(rule: RuleId): void {
    this.evidence[rule]!.checked++;
  }

  fail(rule: RuleId, breach: Breach): void {
    const evidence = this.evidence[rule]!;
    evidence.failures++;
    if (evidence.examples.length < EXAMPLES_KEPT) evidence.examples.push(breach);
  }

  offline(rule: RuleId, delayMin: number): void {
    const evidence = this.evidence[rule]!;
    evidence.offlineCases++;
    evidence.offlineDelaysMin.push(delayMin);
  }

  figure(rule: RuleId, name: string, value: number): void {
    const figures = this.evidence[rule]!.figures;
    (figures[name] ??= []).push(value);
  }
}

export interface GrantContext {
  book: AuditBook;
  at: number;
  door: DoorState;
  key: KeyState;
  record: SessionRecord;
  /** The household's move-out time for a resident's key (Infinity while it lives there). */
  movedOutAt: number;
  /** The consent for this key at this door, if any. */
  consent: ConsentState | undefined;
  /** Care credentials may serve this long before renewal (R-CARE-2), minutes. */
  careRenewalLimitMin: number;
  /** When the key's care organisation must have lost its access (R-CARE-4); Infinity if never. */
  careDeadline: number;
}

/** The checks of one granted opening. */
export function auditGrant(context: GrantContext): void {
  const { book, at, door, key, record } = context;
  const plan = key.plan;

  book.checked('blocked-key');
  if (plan.blockReason === 'lost' && at >= plan.blockedAt) {
    if (knows(door, plan.blockVersion)) book.fail('blocked-key', breachOf(context, `opened for a key reported lost ${minutes(at - plan.blockedAt)} before, with the delta that lists it already applied`));
    else book.offline('blocked-key', at - plan.blockedAt);
  }

  if (plan.role === Role.Resident || plan.role === Role.ExtraKey) {
    book.checked('tenant-change');
    if (at >= context.movedOutAt) {
      if (door.knownGeneration(plan.dwellingId) > plan.generation) book.fail('tenant-change', breachOf(context, `opened for a previous tenant's key (generation ${plan.generation}) after the door knew the new generation`));
      else book.offline('tenant-change', at - context.movedOutAt);
    }
    return;
  }

  if (plan.role !== Role.Contractor && plan.role !== Role.CareWorker) return;
  book.checked('third-party-window');
  if (!plan.groups.includes(door.plan.groupId)) book.fail('third-party-window', breachOf(context, `opened a door (group ${door.plan.groupId}) outside the key's groups`));
  const credential = plan.credentials[Math.max(0, key.issue)]!;
  if (at < credential.validFrom || at >= credential.validUntil) {
    if (record.markDay * MINUTES_PER_DAY >= credential.validUntil) book.fail('third-party-window', breachOf(context, 'opened after the window although the lock\'s time had passed its end'));
    else book.offline('third-party-window', at - credential.validUntil);
  }
  if (door.plan.privateDwelling !== 0) {
    book.checked('third-party-consent');
    const consent = context.consent;
    if (!consent || consent.givenAt > at) book.fail('third-party-consent', breachOf(context, 'opened a dwelling without the tenant\'s consent'));
    else if (consent.withdrawnAt <= at) {
      if (consent.raisedAt <= at) book.fail('third-party-consent', breachOf(context, 'opened a dwelling after the tenant withdrew consent and the lock had raised its consent epoch'));
      else book.offline('third-party-consent', at - consent.withdrawnAt);
    } else if (consent.until <= at) {
      book.offline('third-party-consent', at - consent.until);
    }
  }
  if (plan.role !== Role.CareWorker) return;
  book.checked('care-renewal');
  const age = at - credential.issuedAt;
  book.figure('care-renewal', 'credentialAgeDays', age / MINUTES_PER_DAY);
  if (age > context.careRenewalLimitMin) book.fail('care-renewal', breachOf(context, `a care credential issued ${minutes(age)} before (limit ${minutes(context.careRenewalLimitMin)})`));
  book.checked('care-withdrawal');
  if (at >= context.careDeadline) {
    if (plan.blockReason !== 'care-withdrawn' || plan.blockedAt > context.careDeadline) book.fail('care-withdrawal', breachOf(context, 'opened for a care organisation that stopped confirming, whose access the management system did not withdraw'));
    else if (knows(door, plan.blockVersion)) book.fail('care-withdrawal', breachOf(context, 'opened for a withdrawn care organisation\'s key with the delta that lists it already applied'));
    else book.offline('care-withdrawal', at - plan.blockedAt);
  }
}

function breachOf(context: GrantContext, what: string): Breach {
  return { at: context.at, door: context.door.plan.ref, keyId: context.key.plan.keyId, what };
}

/** The door held blocklist version `version` (0: a key no delta lists yet). */
function knows(door: DoorState, version: number): boolean {
  return version > 0 && door.version >= version;
}

/** A duration in minutes, as days, hours or minutes. */
export function minutes(duration: number): string {
  if (duration >= MINUTES_PER_DAY) return `${(duration / MINUTES_PER_DAY).toFixed(1)} days`;
  if (duration >= 60) return `${(duration / 60).toFixed(1)} hours`;
  return `${Math.round(duration)} minutes`;
}
