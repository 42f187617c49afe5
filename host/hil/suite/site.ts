/**
 * The site of the generated suite: one landlord's installation with a front door and the door of
 * dwelling 101, its site key and every power-up of the setup drawn from the suite's seed. The
 * capacities and prices come from the hardware profile, as a management system provisions them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Reason } from '../../../firmware/abi.js';
import { DRBG_SEED_BYTES } from '../../../firmware/abi.js';
import { relayAllowances } from '../../link/relay-allowance.js';
import { energyPrices } from '../../physics/energy-prices.js';
import type { HardwareProfile } from '../../profile/schema.js';
import type { InitialState, LockConfiguration } from '../vectors/schema.js';
import type { Flag } from './flags.js';
import type { TestContext } from './test-context.js';

export const SITE_ID = 0x0c11;
export const FRONT_DOOR_GROUP = 10;
export const DWELLING_A = 101;
export const DWELLING_B = 102;
export const COMMON_LOCK_ID = 1001;
export const PRIVATE_LOCK_ID = 2001;
/** The locks' mark: day 800 since 2024-01-01, in March 2026. */
export const MARK_DAY = 800;
/** The tenant of dwelling 101 in the groups that have one. */
export const TENANT_KEY_ID = 201;
/** AES-128 site key: 16 bytes. */
const SITE_KEY_BYTES = 16;

export interface TestSpec {
  comment: string;
  flags: Flag[];
  /** The reason of the test's last answer (Ok: a grant or an acceptance); the generator checks it. */
  expect: Reason;
  run(ctx: TestContext): void;
}

export interface GroupSpec {
  comment: string;
  lock: LockConfiguration;
  state: InitialState;
  tests: TestSpec[];
}

export interface SuiteSite {
  profile: HardwareProfile;
  commonLock(overrides?: Partial<LockConfiguration>): LockConfiguration;
  privateLock(overrides?: Partial<LockConfiguration>): LockConfiguration;
  state(overrides?: Partial<InitialState>): InitialState;
}

const derive = (seed: string, what: string, bytes: number) => sha256(utf8ToBytes(`cylsim vectors ${seed} ${what}`)).slice(0, bytes);

export function suiteSite(seed: string, profile: HardwareProfile): SuiteSite {
  const base = {
    siteKey: derive(seed, 'site key', SITE_KEY_BYTES),
    siteId: SITE_ID,
    blocklistCapacity: profile.capacities.blocklistEntries.value,
    generationTableCapacity: profile.capacities.generationTableEntries.value,
    timeStepMaxDays: profile.capacities.timeStepMaxDays.value,
    energy: energyPrices(profile),
    relay: relayAllowances(profile),
  };
  return {
    profile,
    commonLock: (overrides = {}) => ({ ...base, lockId: COMMON_LOCK_ID, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], ...overrides }),
    privateLock: (overrides = {}) => ({ ...base, lockId: PRIVATE_LOCK_ID, privateDwelling: DWELLING_A, groups: [DWELLING_A], ...overrides }),
    state: (overrides = {}) => ({
      provisioned: true,
      markDay: MARK_DAY,
      setupEntropy: derive(seed, 'setup entropy', DRBG_SEED_BYTES),
      blocklist: { version: 0, entries: [] },
      generationTable: [],
      ...overrides,
    }),
  };
}
