/**
 * The fixed facts of the "decision" suite's site: ids, groups, days and the key population.
 * Reproducible, not secret (as test/support/site.ts).
 */
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import type { LockRequest } from '../../host/management/management-system.js';

/** 16 bytes 0xa0..0xaf: a fixed site key, so every run issues the same credentials and deltas. */
export const SITE_KEY = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
export const SITE_ID = 0x0be7;

/** Day 700 after the cylsim epoch (2024-01-01): 2025-12-01, the mark every lock starts from. */
export const MARK_DAY = 700;
/** Issued at the mark's first minute: no session moves the mark, so no session writes NVM (§3). */
export const ISSUED_AT_MINUTES = MARK_DAY * MINUTES_PER_DAY;
/** A window well around the mark: a month before, a year after. */
export const VALID_FROM_MINUTES = (MARK_DAY - 30) * MINUTES_PER_DAY;
export const VALID_UNTIL_MINUTES = (MARK_DAY + 365) * MINUTES_PER_DAY;

export const DWELLING_ID = 101;
export const FRONT_DOOR_GROUP = 10;
/** Every resident key opens its dwelling door and the front door. */
export const RESIDENT_GROUPS: readonly number[] = [FRONT_DOOR_GROUP, DWELLING_ID];
/** Generation 1: newer than a new private lock's 0, so the first resident key makes the tenant change (§7.8). */
export const GENERATION = 1;

export type Door = 'dwelling' | 'common';
export const DOORS: readonly Door[] = ['dwelling', 'common'];

export const LOCK_REQUESTS: Record<Door, Omit<LockRequest, 'profile'>> = {
  dwelling: { lockId: 0x2000_0101, privateDwelling: DWELLING_ID, groups: [DWELLING_ID], markDay: MARK_DAY },
  common: { lockId: 0x2000_0001, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], markDay: MARK_DAY },
};

/** The blocklist lengths measured, and the profile each lock is provisioned with (its capacity must hold the list). */
export interface BlocklistPlan {
  entries: number;
  profileName: string;
}

/**
 * The field capacities DESIGN.md names ("Physical figures to start from"): 500 (iLOQ per group,
 * SimonsVoss), 3,000 (CLIQ, the reference profile's capacity) and 65,535 (Salto, the
 * large-capacity profile's).
 */
export const BLOCKLIST_PLANS: readonly BlocklistPlan[] = [
  { entries: 500, profileName: 'reference-m0plus' },
  { entries: 3_000, profileName: 'reference-m0plus' },
  { entries: 65_535, profileName: 'large-capacity' },
];

/** The list length of the decision the project quotes (the reference profile's full list). */
export const QUOTED_BLOCKLIST_ENTRIES = 3_000;

export type LogSetting = 'off' | 'on';
export const LOG_SETTINGS: readonly LogSetting[] = ['off', 'on'];

/** A delta's largest entry count (PROTOCOL.md §8: n = 1..16). */
export const ENTRIES_PER_DELTA = 16;
/** Blocked keys retire a year after the mark: no entry is dropped when a delta is applied (§8). */
export const BLOCKED_RETIRE_DAY = MARK_DAY + 365;

/** The key that makes the tenant change and so learns T; it is not one of the timed keys. */
export const FIRST_RESIDENT_KEY_ID = 0x3000_0000;
/**
 * Timed keys: distinct, so the decision does not follow one learned path (NOTES-wasm-performance.md,
 * pitfall 9); a power of two, as measureCases cycles its inputs with a mask.
 */
export const RESIDENT_KEY_COUNT = 64;
export const residentKeyId = (index: number): number => FIRST_RESIDENT_KEY_ID + 1 + index;
