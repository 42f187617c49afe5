/**
 * What one complex's run produced, as plain data (it crosses from a worker thread by structured
 * clone): counts, per-day series, energy samples, the evidence of the revocation and tenant-change
 * latencies, and the rules audit's findings. Deterministic: no wall-clock time in it.
 */
import { REASON_COUNT } from '../../../firmware/abi.js';

/** How the decisive blocklist delta reached a door. */
export type DeliveryPath = 'programming' | 'physical' | 'phone';
export const DELIVERY_PATHS: readonly DeliveryPath[] = ['programming', 'physical', 'phone'];

export interface Counts {
  /** Every time a key was presented to a lock to open it: granted, refused, or without power. */
  openings: number;
  grants: number;
  /** Refusals by reason code (firmware/abi.ts Reason), an ERROR's reason included. */
  refusals: number[];
  /** Turns that did not power the lock on, and sessions cut by a brown-out (InsufficientEnergy is a refusal). */
  noPowerOn: number;
  brownOut: number;
  /** Openings given up after MAX_TURNS turns without a decision. */
  givenUp: number;
  byCarrier: { physical: number; phone: number };
  /** Insertions run on the full physics model: the sample, and sessions the fast path could not vouch for. */
  physicsSample: number;
  physicsUncertain: number;
  /** A programming key's sessions (they open nothing: PROTOCOL.md §7.6 step 7). */
  programmingSessions: number;
}

export function emptyCounts(): Counts {
  return { openings: 0, grants: 0, refusals: new Array<number>(REASON_COUNT).fill(0), noPowerOn: 0, brownOut: 0, givenUp: 0, byCarrier: { physical: 0, phone: 0 }, physicsSample: 0, physicsUncertain: 0, programmingSessions: 0 };
}

export interface PerDay {
  openings: number[];
  grants: number[];
  refusals: number[];
  energyFailures: number[];
}

/** One lost (or withdrawn) key at one door it could open. */
export interface RevocationRecord {
  keyId: number;
  door: string;
  reason: 'lost' | 'care-withdrawn';
  reportedAt: number;
  /** When the door first held the delta that lists the key; null: not by the end. */
  blockedAt: number | null;
  path: DeliveryPath | null;
  /** Grants to this key at this door after the report. */
  grantsAfterReport: number;
}

/** One tenant change at one door the previous tenant's keys opened. */
export interface TenantChangeRecord {
  dwelling: string;
  door: string;
  common: boolean;
  movedOutAt: number;
  /** When the door first knew the new generation (so refused the old keys); null: not by the end. */
  learnedAt: number | null;
}

/** One breach of a rule: when (true clock), where, which key, what. */
export interface Breach {
  at: number;
  door: string;
  keyId: number;
  what: string;
}

/** The evidence of one rule in one complex. */
export interface RuleEvidence {
  /** Grants (or events) the rule was checked against. */
  checked: number;
  failures: number;
  /** The first failures, for the report. */
  examples: Breach[];
  /** Cases an offline lock could not have avoided, counted, with their delays in minutes. */
  offlineCases: number;
  offlineDelaysMin: number[];
  /** Further figures by name. */
  figures: Record<string, number[]>;
}

export function emptyEvidence(): RuleEvidence {
  return { checked: 0, failures: 0, examples: [], offlineCases: 0, offlineDelaysMin: [], figures: {} };
}

export interface ShardResult {
  shard: number;
  complexId: string;
  doors: number;
  dwellings: number;
  keys: number;
  households: number;
  counts: Counts;
  perDay: PerDay;
  /** Energy left at the end of the turn of the physics model's insertions that powered on, uJ. */
  marginsUj: number[];
  /** From the turn's start to the release (or last frame) of those insertions, us. */
  latenciesUs: number[];
  revocations: RevocationRecord[];
  tenantChanges: TenantChangeRecord[];
  audit: Record<string, RuleEvidence>;
  /** With ShardRunOptions.keepNotable: every insertion but residents' everyday grants, in time order. */
  notable: NotableSession[];
}

/** One insertion, as the trace shows it. */
export interface NotableSession {
  at: number;
  keyId: number;
  role: number;
  door: string;
  carrier: string;
  granted: boolean;
  /** Reason code; -1 without a decision. */
  reason: number;
  energy: string;
  path: string;
}

/** Examples of breaches kept per rule and complex. */
export const EXAMPLES_KEPT = 20;
