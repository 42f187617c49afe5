/**
 * The planned estate: the scenario expanded into cylinders, households, keys and timed actions,
 * with every id fixed, before anything runs. A plan holds plain data only, so that a worker thread
 * receives its shard (one complex) by structured clone. Times are minutes on the true clock.
 */
import type { Role } from '../../../firmware/abi.js';
import type { Policy, RhythmName } from '../scenario/scenario-schema.js';

export type DoorKind = 'front' | 'back' | 'stairwell' | 'storage' | 'installation' | 'facility' | 'dwelling' | 'private-storage';
export type KeyCarrierKind = 'physical' | 'phone' | 'programmer';

export interface DoorPlan {
  index: number;
  /** `complex/door`; a dwelling's own door is `complex/dwelling`, its storage room `complex/dwelling#storage`. */
  ref: string;
  kind: DoorKind;
  lockId: number;
  groupId: number;
  /** The group id of the dwelling whose private lock this is; 0 for a common lock. */
  privateDwelling: number;
  /** The dwelling of a private lock; -1 for a common one. */
  dwellingIndex: number;
}

export interface DwellingPlan {
  index: number;
  ref: string;
  groupId: number;
  doorIndex: number;
  storageDoorIndex: number;
  stairwellDoorIndex: number;
  /** Doors a resident passes coming home: one of these entrances, then the stairwell if any. */
  entranceDoorIndices: number[];
  /** Common doors residents also use now and then (shared storage, facilities). */
  otherCommonDoorIndices: number[];
  /** The groups of a resident's credential. */
  residentGroups: number[];
}

/** Who holds a key, for the audit and the rhythms. */
export type Holder =
  | { kind: 'resident'; household: number; member: number }
  | { kind: 'spare'; household: number }
  | { kind: 'contractor'; contractor: string; window: number }
  | { kind: 'care'; organisation: string; route: number }
  | { kind: 'emergency'; dwelling: number }
  | { kind: 'programmer' };

export interface CredentialIssue {
  issuedAt: number;
  validFrom: number;
  /** Exclusive. */
  validUntil: number;
}

export interface KeyPlan {
  index: number;
  keyId: number;
  role: Role;
  carrier: KeyCarrierKind;
  holder: Holder;
  groups: number[];
  /** The dwelling group its credential names (residents and extra keys); 0 otherwise. */
  dwellingId: number;
  generation: number;
  /** The credential as first issued and every renewal, in time order. */
  credentials: CredentialIssue[];
  /** Reported lost (or withdrawn) at this time: from then on it must open nothing (R-KEY-2, R-CARE-4); Infinity if never. */
  blockedAt: number;
  /** The blocklist version that lists it (0: never listed). */
  blockVersion: number;
  /** Why it is blocked: a loss, or its care organisation stopped confirming. */
  blockReason: 'lost' | 'care-withdrawn' | null;
}

export interface HouseholdPlan {
  index: number;
  dwellingIndex: number;
  generation: number;
  moveIn: number;
  /** Infinity while they stay. */
  moveOut: number;
  members: number;
  rhythm: RhythmName;
  /** The keys each member carries at the start: a physical key, and a phone key for some. */
  memberKeys: number[];
  memberPhones: (number | -1)[];
  /** Physical keys not carried daily (the third key in a drawer). */
  spareKeys: number[];
}

export interface CareClientPlan {
  organisation: string;
  dwellingIndex: number;
  visitsPerDay: number;
  from: number;
  until: number;
  route: number;
  /** Consent given and withdrawn over time: [time, given]. */
  consent: [number, boolean][];
}

export interface CareRoutePlan {
  index: number;
  organisation: string;
  keyIndex: number;
  clients: number[];
}

/** Timed actions of a shard; openings of daily life are generated day by day, not planned. */
export type Action =
  | { kind: 'move-in'; at: number; household: number }
  | { kind: 'move-out'; at: number; household: number }
  | { kind: 'lost-key'; at: number; household: number; key: number }
  | { kind: 'issue-key'; at: number; household: number; key: number; replaces: number }
  | { kind: 'visit'; at: number; key: number; doors: number[]; purpose: VisitPurpose }
  | { kind: 'care-consent'; at: number; client: number; given: boolean }
  | { kind: 'contractor-consent'; at: number; key: number; dwellingIndex: number; until: number }
  | { kind: 'renew-credential'; at: number; key: number; issue: number }
  | { kind: 'log-consent'; at: number; dwellingIndex: number; on: boolean }
  | { kind: 'programming-round'; at: number; key: number; doors: number[] };

export type VisitPurpose = 'contractor' | 'contractor-late' | 'emergency' | 'misuse-found' | 'misuse-former-tenant';

export interface ShardPlan {
  index: number;
  complexId: string;
  name: string;
  doors: DoorPlan[];
  dwellings: DwellingPlan[];
  households: HouseholdPlan[];
  keys: KeyPlan[];
  careClients: CareClientPlan[];
  careRoutes: CareRoutePlan[];
  /** Sorted by time, then by planning order. */
  actions: Action[];
}

export interface PlannedDelta {
  version: number;
  issuedAt: number;
  /** The delta frame (PROTOCOL.md §8), MAC'd by the management system. */
  frame: Uint8Array;
  keyIds: number[];
}

export interface EstatePlan {
  name: string;
  seed: string;
  profile: string;
  siteId: number;
  /** The site key, derived from the seed. */
  siteKey: Uint8Array;
  startDay: number;
  /** Exclusive. */
  endDay: number;
  installDay: number;
  policy: Policy;
  phoneShare: number;
  lockOnLeavingShare: number;
  shards: ShardPlan[];
  deltas: PlannedDelta[];
  /** Care organisations: when their access must be withdrawn (R-CARE-4); Infinity if never. */
  careDeadlines: Record<string, number>;
}
