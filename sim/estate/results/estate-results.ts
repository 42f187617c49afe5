/**
 * The estate's results, merged from its complexes in their order: what happened (openings, grants,
 * refusals by reason, energy failures), the revocation latency of lost keys per door and per way
 * the news travelled, how long previous tenants' keys kept opening, the energy margins, and the
 * rules audit. Everything here is deterministic: the same scenario gives the same results whatever
 * the number of threads. Wall-clock figures are kept apart (EstateRun.timing).
 */
import { Reason, REASON_COUNT } from '../../../firmware/abi.js';
import { evaluateAudit, type RuleResult } from '../audit/evaluate-audit.js';
import type { EstatePlan } from '../plan/plan-types.js';
import { formatSimDay, formatSimTime, MINUTES_PER_DAY } from '../scenario/sim-time.js';
import { DELIVERY_PATHS, type DeliveryPath, type ShardResult } from '../run/shard-result.js';
import { round, spread, type Spread } from './quantiles.js';

export interface RevocationDoor {
  keyId: number;
  door: string;
  reason: 'lost' | 'care-withdrawn';
  reportedAt: string;
  /** Days from the report until the door refused the key; null: not by the end. */
  latencyDays: number | null;
  path: DeliveryPath | null;
  grantsAfterReport: number;
}

export interface EstateResults {
  scenario: {
    name: string;
    seed: string;
    profile: string;
    from: string;
    /** The last day simulated. */
    to: string;
    days: number;
    complexes: number;
    cylinders: number;
    dwellings: number;
    households: number;
    keys: number;
  };
  /** Every time a key was presented to a lock to open it. */
  openings: number;
  grants: number;
  refusals: { total: number; byReason: Record<string, number> };
  energy: {
    /** Turns that did not power the lock on. */
    noPowerOn: number;
    brownOut: number;
    insufficientEnergy: number;
    /** Openings given up after three turns without a decision. */
    givenUp: number;
    /** Insertions on the full physics model (the sample, and those the fast path could not vouch for). */
    physicsInsertions: number;
    physicsUncertain: number;
    marginUj: { count: number; p1: number | null; p50: number | null; min: number | null };
    latencyMs: Spread;
  };
  byCarrier: { physical: number; phone: number };
  programmingSessions: number;
  perDay: { from: string; openings: number[]; grants: number[]; refusals: number[]; energyFailures: number[] };
  revocationLatency: {
    /** Per way the news reached the door: doors reached, and days from report to refusal. */
    byPath: Record<DeliveryPath, Spread>;
    /** Over every door and every path. */
    all: Spread;
    /** Doors the news had not reached by the end. */
    notReached: number;
    perDoor: RevocationDoor[];
  };
  tenantChangeLatency: {
    /** Days from moving out until a common door refused the previous tenant's keys. */
    commonDoors: Spread & { notLearned: number };
    /** The same for the dwelling's own door and storage room. */
    privateDoors: Spread & { notLearned: number };
    perDoor: { dwelling: string; door: string; movedOutAt: string; latencyDays: number | null }[];
  };
  /** Energy margins of the physics sample, for the report's histogram (uJ). */
  marginsUj: number[];
  audit: RuleResult[];
}

function sum(list: readonly number[][]): number[] {
  const out: number[] = [];
  for (const row of list) row.forEach((value, i) => (out[i] = (out[i] ?? 0) + value));
  return out;
}

export function mergeResults(plan: Pick<EstatePlan, 'name' | 'seed' | 'profile' | 'startDay' | 'endDay'>, shards: readonly ShardResult[]): EstateResults {
  const ordered = [...shards].sort((a, b) => a.shard - b.shard);
  const refusals = new Array<number>(REASON_COUNT).fill(0);
  let openings = 0;
  let grants = 0;
  const energy = { noPowerOn: 0, brownOut: 0, givenUp: 0, physicsInsertions: 0, physicsUncertain: 0 };
  const byCarrier = { physical: 0, phone: 0 };
  let programmingSessions = 0;
  for (const shard of ordered) {
    const c = shard.counts;
    openings += c.openings;
    grants += c.grants;
    c.refusals.forEach((n, reason) => (refusals[reason]! += n));
    energy.noPowerOn += c.noPowerOn;
    energy.brownOut += c.brownOut;
    energy.givenUp += c.givenUp;
    energy.physicsInsertions += c.physicsSample + c.physicsUncertain;
    energy.physicsUncertain += c.physicsUncertain;
    byCarrier.physical += c.byCarrier.physical;
    byCarrier.phone += c.byCarrier.phone;
    programmingSessions += c.programmingSessions;
  }
  const byReason: Record<string, number> = {};
  refusals.forEach((n, reason) => {
    if (n > 0) byReason[Reason[reason] ?? String(reason)] = n;
  });
  const margins = ordered.flatMap((shard) => shard.marginsUj).map(round);
  const sortedMargins = [...margins].sort((a, b) => a - b);
  const marginSpread = spread(sortedMargins);
  const revocations = ordered.flatMap((shard) => shard.revocations);
  const perDoor: RevocationDoor[] = revocations.map((r) => ({
    keyId: r.keyId,
    door: r.door,
    reason: r.reason,
    reportedAt: formatSimTime(r.reportedAt),
    latencyDays: r.blockedAt === null ? null : round((r.blockedAt - r.reportedAt) / MINUTES_PER_DAY),
    path: r.path,
    grantsAfterReport: r.grantsAfterReport,
  }));
  const latencyOf = (filter: (door: RevocationDoor) => boolean) => perDoor.filter((d) => d.latencyDays !== null && filter(d)).map((d) => d.latencyDays!);
  const byPath = Object.fromEntries(DELIVERY_PATHS.map((path) => [path, spread(latencyOf((d) => d.path === path))])) as Record<DeliveryPath, Spread>;
  const changes = ordered.flatMap((shard) => shard.tenantChanges);
  const changeSpread = (common: boolean) => {
    const list = changes.filter((c) => c.common === common);
    return { ...spread(list.filter((c) => c.learnedAt !== null).map((c) => (c.learnedAt! - c.movedOutAt) / MINUTES_PER_DAY)), notLearned: list.filter((c) => c.learnedAt === null).length };
  };
  return {
    scenario: {
      name: plan.name,
      seed: plan.seed,
      profile: plan.profile,
      from: formatSimDay(plan.startDay),
      to: formatSimDay(plan.endDay - 1),
      days: plan.endDay - plan.startDay,
      complexes: ordered.length,
      cylinders: ordered.reduce((n, s) => n + s.doors, 0),
      dwellings: ordered.reduce((n, s) => n + s.dwellings, 0),
      households: ordered.reduce((n, s) => n + s.households, 0),
      keys: ordered.reduce((n, s) => n + s.keys, 0),
    },
    openings,
    grants,
    refusals: { total: refusals.reduce((a, b) => a + b, 0), byReason },
    energy: {
      ...energy,
      insufficientEnergy: refusals[Reason.InsufficientEnergy]!,
      marginUj: { count: sortedMargins.length, p1: sortedMargins.length ? sortedMargins[Math.max(0, Math.ceil(0.01 * sortedMargins.length) - 1)]! : null, p50: marginSpread.p50, min: sortedMargins[0] ?? null },
      latencyMs: spread(ordered.flatMap((shard) => shard.latenciesUs), 1000),
    },
    byCarrier,
    programmingSessions,
    perDay: {
      from: formatSimDay(plan.startDay),
      openings: sum(ordered.map((s) => s.perDay.openings)),
      grants: sum(ordered.map((s) => s.perDay.grants)),
      refusals: sum(ordered.map((s) => s.perDay.refusals)),
      energyFailures: sum(ordered.map((s) => s.perDay.energyFailures)),
    },
    revocationLatency: { byPath, all: spread(latencyOf(() => true)), notReached: perDoor.filter((d) => d.latencyDays === null).length, perDoor },
    tenantChangeLatency: {
      commonDoors: changeSpread(true),
      privateDoors: changeSpread(false),
      perDoor: changes.map((c) => ({ dwelling: c.dwelling, door: c.door, movedOutAt: formatSimTime(c.movedOutAt), latencyDays: c.learnedAt === null ? null : round((c.learnedAt - c.movedOutAt) / MINUTES_PER_DAY) })),
    },
    marginsUj: margins,
    audit: evaluateAudit(ordered),
  };
}
