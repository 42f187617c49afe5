/**
 * The updates of the access log and the failed-MAC counter (STORAGE.md, "How each update is made";
 * PROTOCOL.md §9.4, §9.5), as keys make them at the dwelling's own door: the log switched on, a
 * logged opening (the first entry of a page, one in the middle of a page, the first of the ring's
 * second round), a logged refusal that moves the mark, a read-out, an incident hold, a tenant
 * change that wipes the log, a failed MAC counted (and the 9th, back in cell 0).
 *
 * The entries logged before an update are refusals of distinct keys at distinct minutes, so that
 * each entry's bytes are its own: a cut that swapped or mixed entries would show.
 */
import { Reason } from '../../../firmware/abi.js';
import { Command } from '../../../firmware/protocol.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { logReadArgument, ReadoutWhy } from '../../protocol/frames/log-entry.js';
import { logPagesFor } from '../../protocol/frames/provisioning-record.js';
import { INSTALL_DAY, minutesAt, type CampaignSite } from './campaign-site.js';
import { expectCommandsDone, expectGrant, expectRefusal, expectSecretReceived, moveInTenant, TENANT, type UpdateScenario } from './update-scenario.js';

const LOG_ON = { command: Command.LogSwitch, argument: 1 };
const LOG_OFF = { command: Command.LogSwitch, argument: 0 };
const HOLD = { command: Command.LogHold, argument: 1 };
const TENANT_REVIEW = { command: Command.LogRead, argument: logReadArgument(0, ReadoutWhy.TenantReview) };

/** Entries per log page (STORAGE.md, "Access log"). */
const PAGE_ENTRIES = 7;
/** The first minute of day the campaign's keys are issued at: 09:00 (campaign-site.ts). */
const NINE_O_CLOCK = 9 * 60;
/** Keys refused before an update, to fill the log: keyIds from here, apart from every other key of the campaign. */
const REFUSED_BASE = 4_000_000;
/** R-PRV-4: an entry is purged 28 days after its day (PROTOCOL.md §9.4); a key 30 days on purges the install day's. */
const PAST_RETENTION_DAYS = 30;
/** Failed MACs counted before the 9th: one per counter cell (STORAGE.md, "The failed-MAC counter"). */
const COUNTER_CELLS = 8;

/** The tenant, moved in, with the log switched on (and whatever else `commands` asks) in a session of its own. */
function tenantWithLog(site: CampaignSite, lock: LockTarget, commands = [LOG_ON]): KeyDevice {
  const tenant = moveInTenant(site, lock, TENANT);
  expectCommandsDone(tenant.insert(lock, { commands }), commands.length, 'switching the log on');
  return tenant;
}

/**
 * A resident key of the dwelling without the tenant secret (the landlord's), refused NoTenantProof
 * after its key MAC held: logged while the log is on. Issued at `day`, minute `minuteOfDay`.
 */
function landlordsKey(site: CampaignSite, keyId: number, day = INSTALL_DAY, minuteOfDay = NINE_O_CLOCK): KeyDevice {
  return site.makeKey({ keyId, issuedAtMinutes: minutesAt(day, minuteOfDay) });
}

/** Minutes the refusals' times run through before they start again: 10 hours, so that every one falls on the install day. */
const REFUSAL_MINUTES = 600;

/** `count` refusals logged on the install day, keys REFUSED_BASE + i, one minute apart from 09:01: `count` entries. */
function logRefusals(site: CampaignSite, lock: LockTarget, count: number): void {
  for (let i = 0; i < count; i++) {
    const minuteOfDay = NINE_O_CLOCK + 1 + (i % REFUSAL_MINUTES);
    expectRefusal(landlordsKey(site, REFUSED_BASE + i, INSTALL_DAY, minuteOfDay).insert(lock), Reason.NoTenantProof, `refusal ${i} to fill the log`);
  }
}

/** A key with a genuine credential and another key's K_key: its key MAC fails (§7.6 step 4), and the lock counts it. */
const impostor = (site: CampaignSite, keyId: number): KeyDevice => site.makeKey({ keyId }, { kKeyOf: keyId + 1 });

/** A logged opening of the tenant after `entries` refusals: its entry is numbered `entries`. */
function loggedOpening(name: string, entriesBefore: (site: CampaignSite) => number): UpdateScenario {
  return {
    name,
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const entries = entriesBefore(site);
      const tenant = tenantWithLog(site, lock);
      logRefusals(site, lock, entries);
      return (updated) => expectGrant(tenant.insert(updated), `the tenant's opening, logged as entry ${entries}`);
    },
  };
}

export const LOG_UPDATE_SCENARIOS: readonly UpdateScenario[] = [
  {
    name: 'log switched on',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [LOG_ON] }), 1, 'LOG_SWITCH 1');
    },
  },
  // Entry 7: the first of page 1, into a pair never written.
  loggedOpening('logged opening, a new page', () => PAGE_ENTRIES),
  // Entry 10: page 1's 4th, into the copy that is not the newest (the newest holds its 3 entries).
  loggedOpening('logged opening, mid-page', () => PAGE_ENTRIES + 3),
  // Entry 7 P: the first of page P, into pair 0 over page 0, which leaves the ring.
  loggedOpening("logged opening, the ring's second round", (site) => PAGE_ENTRIES * logPagesFor(site.profile.capacities.logEntries.value)),
  {
    name: 'logged refusal moving the mark',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      tenantWithLog(site, lock);
      logRefusals(site, lock, 3);
      const key = landlordsKey(site, 301, INSTALL_DAY + 5);
      return (updated) => expectRefusal(key.insert(updated), Reason.NoTenantProof, 'a refusal 5 days after the mark');
    },
  },
  {
    name: 'read-out',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = tenantWithLog(site, lock);
      logRefusals(site, lock, 5);
      // The tenant's opening is entry 5; with the log off, the read's session logs its read-out only.
      expectCommandsDone(tenant.insert(lock, { commands: [LOG_OFF] }), 1, 'LOG_SWITCH 0');
      // The read-out is entry 6, the last of page 0; its detail entry 7, the first of page 1.
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [TENANT_REVIEW] }), 1, 'LOG_READ');
    },
  },
  {
    name: 'hold set',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = tenantWithLog(site, lock);
      logRefusals(site, lock, 3);
      // Entry 3, 30 days on: the mark moves past the retention of entries 0-2.
      expectRefusal(landlordsKey(site, 302, INSTALL_DAY + PAST_RETENTION_DAYS).insert(lock), Reason.NoTenantProof, 'a refusal 30 days after the install day');
      // The tenant's opening is entry 4, then the hold moves the log's start past the purged entries.
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [HOLD] }), 1, 'LOG_HOLD 1');
    },
  },
  {
    name: 'tenant change with the log on',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      tenantWithLog(site, lock, [LOG_ON, HOLD]);
      logRefusals(site, lock, 4);
      const next = site.makeKey({ keyId: 202, generation: 2 });
      return (updated) => expectSecretReceived(next.insert(updated), 'a tenant change that wipes the log');
    },
  },
  {
    name: 'failed MAC counted',
    door: 'private',
    provisioned: true,
    prepare: (site) => {
      const key = impostor(site, 511);
      return (lock) => expectRefusal(key.insert(lock), Reason.BadKeyMac, 'a key MAC under the wrong K_key');
    },
  },
  {
    name: '9th failed MAC (cell 0 again)',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      for (let n = 1; n <= COUNTER_CELLS; n++) expectRefusal(impostor(site, 511).insert(lock), Reason.BadKeyMac, `failed MAC ${n}`);
      const key = impostor(site, 511);
      return (updated) => expectRefusal(key.insert(updated), Reason.BadKeyMac, 'the 9th failed MAC');
    },
  },
];
