/**
 * Suite "modeled": the on-device cost of one authentication per hardware profile, from what the
 * firmware reports through the HAL, priced with the profile: cycles, microseconds and microjoules,
 * AES blocks and key expansions (the nonce generator's seeding at power-up and its draw for the
 * CHALLENGE included), and NVM pages programmed per grant with the log off and on. Counts, not
 * timings: the same on every run and every machine.
 */
import { US_PER_S } from '../../host/physics/units.js';
import { pageWriteEnergyUj, runPowerUw } from '../../host/physics/energy-prices.js';
import { listProfiles, loadProfileByName } from '../../host/profile/load-profile.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { MODELED_SUITE, modeledRowId } from '../modeled-summary.js';
import type { AbsentModeledRow, ModeledRow, Suite, SuiteResult } from '../types.js';
import { challengeNonceAfterPowerUp, residentKeys, withAuthFrames, type ResidentKeyFrames } from './decision-keys.js';
import { createLogOnSite } from './decision-log-site.js';
import { createDecisionSite, type DecisionSite } from './decision-site.js';
import { DOORS, LOG_SETTINGS, RESIDENT_KEY_COUNT, type Door, type LogSetting } from './decision-site-plan.js';
import { authenticationCost, totalOf, type AuthenticationCost } from './modeled-counts.js';


const SEED = 'bench modeled';
/**
 * The list every profile's locks hold: the reference profile's capacity, which every profile
 * holds. The work the firmware reports does not depend on it (its lookup reads NVM, which the
 * work report does not count), so the profiles' rows differ only by their prices.
 */
const BLOCKLIST_ENTRIES = 3_000;

/** More grants than the profile's log holds, so a wrap of the log is among them when it is on. */
const grantsFor = (profile: HardwareProfile): number => profile.capacities.logEntries.value + RESIDENT_KEY_COUNT;

const maxOf = (values: readonly number[]): number => values.reduce((a, b) => Math.max(a, b), 0);
const meanOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

function keysFor(site: DecisionSite): ResidentKeyFrames[] {
  const residents = residentKeys(site.management, SEED);
  const lockNonce = challengeNonceAfterPowerUp(site.locks.wasm.dwelling.lock, residents[0]!.hello);
  return withAuthFrames(residents, site.tenantSecret, lockNonce);
}

/** The figures of `grants` authentications at one door; the per-authentication figures are the largest any took. */
function modeledRow(profile: HardwareProfile, site: DecisionSite, keys: readonly ResidentKeyFrames[], door: Door, log: LogSetting, grants: number): ModeledRow {
  const costs: AuthenticationCost[] = [];
  for (let i = 0; i < grants; i++) costs.push(authenticationCost(site.locks.wasm[door], keys[i % keys.length]!, door));
  const totals = costs.map(totalOf);
  const worst = (pick: (c: AuthenticationCost) => { aesBlocks: number; keyExpansions: number; cycles: number }) => ({
    aesBlocks: maxOf(costs.map((c) => pick(c).aesBlocks)),
    keyExpansions: maxOf(costs.map((c) => pick(c).keyExpansions)),
    cycles: maxOf(costs.map((c) => pick(c).cycles)),
  });
  const cyclesPerAuth = maxOf(totals.map((t) => t.cycles));
  const usPerAuth = cyclesPerAuth / profile.mcu.clockMhz.value;
  const pages = costs.map((c) => c.pagesWritten);
  return {
    id: modeledRowId(profile.name, door, log),
    profile: profile.name,
    door,
    log,
    status: 'measured',
    grants,
    cyclesPerAuth,
    usPerAuth,
    ujPerAuth: (runPowerUw(profile) * usPerAuth) / US_PER_S,
    aesBlocksPerAuth: maxOf(totals.map((t) => t.aesBlocks)),
    keyExpansionsPerAuth: maxOf(totals.map((t) => t.keyExpansions)),
    phases: { powerUp: worst((c) => c.powerUp), hello: worst((c) => c.hello), auth: worst((c) => c.auth) },
    nvmWritesPerGrant: maxOf(pages),
    nvmWritesPerGrantMean: meanOf(pages),
    nvmWriteUjPerGrant: meanOf(pages) * pageWriteEnergyUj(profile),
  };
}

function profileRows(profileName: string): (ModeledRow | AbsentModeledRow)[] {
  const profile = loadProfileByName(profileName);
  const plan = { entries: BLOCKLIST_ENTRIES, profileName };
  const grants = grantsFor(profile);
  const logOff = createDecisionSite(SEED, plan, { countPages: true });
  const offKeys = keysFor(logOff);
  const logOn = createLogOnSite(SEED, plan, logOff, { countPages: true });
  const onKeys = logOn.site ? keysFor(logOn.site) : [];
  return LOG_SETTINGS.flatMap((log) =>
    DOORS.map((door): ModeledRow | AbsentModeledRow => {
      if (log === 'off') return modeledRow(profile, logOff, offKeys, door, log, grants);
      const reason = logOn.absent[door].wasm;
      if (!logOn.site || reason !== undefined) return { id: modeledRowId(profileName, door, log), profile: profileName, door, log, status: 'absent', reason: reason ?? 'no log-on site was built' };
      return modeledRow(profile, logOn.site, onKeys, door, log, grants);
    }),
  );
}

export const modeledSuite: Suite = {
  async run(): Promise<SuiteResult> {
    const rows = listProfiles().flatMap(profileRows);
    return {
      kind: 'modeled',
      suite: MODELED_SUITE,
      rows,
      footnotes: [
        'One authentication: power-up (cold reset, nonce generator seeded), HELLO -> CHALLENGE (the nonce drawn), AUTH -> RESULT; resident key, blocklist 3,000.',
        'cycles: the work the firmware reports (hal.work) x the profile\'s cycles per operation; us = cycles / clock; uJ = the MCU\'s run power over that time.',
        'Per-authentication figures are the largest of the run\'s grants; NVM writes: pages programmed per grant, the largest (and the mean).',
        'Every grant is made at the lock\'s time mark, so none moves it: the daily time-mark write is not among them.',
      ],
    };
  },
};
