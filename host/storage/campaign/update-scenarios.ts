/**
 * Every kind of update of STORAGE.md's table ("How each update is made"), as keys make it. The
 * tables are filled first so that their copies take several writes of 16 entries each. The access
 * log's and the failed-MAC counter's updates are in log-update-scenarios.ts, and come last.
 */
import { Role } from '../../../firmware/abi.js';
import { Command } from '../../../firmware/protocol.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { DeltaEntry } from '../../protocol/frames/delta.js';
import { FRONT_DOOR, INSTALL_DAY, minutesAt, type CampaignSite } from './campaign-site.js';
import { BLOCKLIST_UPDATE_SCENARIOS } from './blocklist-update-scenarios.js';
import { LOG_UPDATE_SCENARIOS } from './log-update-scenarios.js';
import { expectCommandsDone, expectDeltasApplied, expectGrant, expectSecretReceived, moveInTenant, TENANT, type UpdateScenario } from './update-scenario.js';

/** A delta holds at most 16 entries (PROTOCOL.md §8). */
const DELTA_ENTRIES = 16;
/** Blocklisted keyIds start here, apart from every key that comes to the locks. */
const BLOCKED_BASE = 1_000_000;
/** Blocklist entries before a delta: 20 full deltas; with the delta's 12 added and 4 removed, the merge writes 21 runs of at most 16 entries. */
const BLOCKLIST_BEFORE = 20 * DELTA_ENTRIES;
/** Dwellings in the front door's table before a change: the copy takes 4 writes (16, 16, 16, 1-2 entries). */
const DWELLINGS_BEFORE = 49;
/** The first of those dwellings; a new dwelling sorting before them all moves every entry. */
const FIRST_DWELLING = 300;
/** Emergency detail slots (STORAGE.md, "Emergency details"). */
const EMERGENCY_DETAIL_SLOTS = 8;

const enrol = (keyId: number) => ({ command: Command.Enrol, argument: keyId });

/** A key that opens the front door and carries no dwelling (no generation-table entry). */
function courier(site: CampaignSite, keyId: number, issuedDay = INSTALL_DAY): KeyDevice {
  return site.makeKey({ keyId, role: Role.Contractor, dwellingId: 0, generation: 0, issuedAtMinutes: minutesAt(issuedDay) });
}

/**
 * Hands the lock `entries` as deltas of 16, in one session: on a supply's energy a merge at the DELTA
 * that finds the staging full makes room (PROTOCOL.md §8), and the AUTH merges the rest.
 */
function fillBlocklist(site: CampaignSite, lock: LockTarget, key: KeyDevice, entries: DeltaEntry[]): void {
  const deltas = Math.ceil(entries.length / DELTA_ENTRIES);
  for (let i = 0; i < deltas; i++) key.carryDelta(site.management.issueBlocklistDelta(entries.slice(i * DELTA_ENTRIES, (i + 1) * DELTA_ENTRIES)));
  expectDeltasApplied(key.insert(lock), deltas, 'filling the blocklist');
}

/** A resident of each of the dwellings, generation 1, opening the front door once. */
function fillGenerationTable(site: CampaignSite, lock: LockTarget): void {
  for (let i = 0; i < DWELLINGS_BEFORE; i++) {
    const dwellingId = FIRST_DWELLING + i;
    expectGrant(site.makeKey({ keyId: 3000 + dwellingId, dwellingId, groups: [dwellingId, FRONT_DOOR] }).insert(lock), `dwelling ${dwellingId} at the front door`);
  }
}

/** The emergency service's key number n (from 1), at the dwelling door at 10:00 plus n minutes on the install day. */
const emergencyKey = (site: CampaignSite, n: number): KeyDevice =>
  site.makeKey({ keyId: 900 + n, role: Role.Emergency, dwellingId: 0, generation: 0, issuedAtMinutes: minutesAt(INSTALL_DAY, 600 + n) });

/** Emergency openings 1..count at the lock. */
function emergencyOpenings(site: CampaignSite, lock: LockTarget, count: number): void {
  for (let n = 1; n <= count; n++) expectGrant(emergencyKey(site, n).insert(lock), `emergency opening ${n}`);
}

const STATE_UPDATE_SCENARIOS: readonly UpdateScenario[] = [
  {
    name: 'provisioning',
    door: 'private',
    provisioned: false,
    prepare: (site) => (lock) => site.install(lock, 'private'),
  },
  {
    name: 'time mark',
    door: 'common',
    provisioned: true,
    prepare: (site) => {
      const key = courier(site, 11, INSTALL_DAY + 5);
      return (lock) => expectGrant(key.insert(lock), 'a key issued 5 days after the mark');
    },
  },
  {
    name: 'blocklist delta',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      const key = courier(site, 31);
      const retireDay = INSTALL_DAY + 365;
      fillBlocklist(site, lock, key, Array.from({ length: BLOCKLIST_BEFORE }, (_, i) => ({ op: 'add', keyId: BLOCKED_BASE + 10 * i, retireDay })));
      // 12 new keys between the listed ones, 4 listed ones removed.
      const entries: DeltaEntry[] = [
        ...Array.from({ length: 12 }, (_, i): DeltaEntry => ({ op: 'add', keyId: BLOCKED_BASE + 10 * 16 * i + 5, retireDay })),
        ...Array.from({ length: 4 }, (_, i): DeltaEntry => ({ op: 'remove', keyId: BLOCKED_BASE + 10 * (40 * i + 7), retireDay: 0 })),
      ];
      key.carryDelta(site.management.issueBlocklistDelta(entries));
      return (updated) => expectDeltasApplied(key.insert(updated), 1, 'the delta');
    },
  },
  {
    name: 'blocklist delta with retired entries',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      const key = courier(site, 32);
      // Every other entry's key expired 2 days after the install day; the mark then moves past it.
      const entries = Array.from({ length: 4 * DELTA_ENTRIES }, (_, i): DeltaEntry => ({ op: 'add', keyId: BLOCKED_BASE + 10 * i, retireDay: INSTALL_DAY + (i % 2 === 0 ? 2 : 365) }));
      fillBlocklist(site, lock, key, entries);
      expectGrant(courier(site, 33, INSTALL_DAY + 5).insert(lock), 'moving the mark past the retire day');
      key.carryDelta(site.management.issueBlocklistDelta(Array.from({ length: 8 }, (_, i) => ({ op: 'add', keyId: BLOCKED_BASE + 80 * i + 3, retireDay: INSTALL_DAY + 365 }))));
      return (updated) => expectDeltasApplied(key.insert(updated), 1, 'the delta that retires entries');
    },
  },
  {
    name: 'generation table insert',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      fillGenerationTable(site, lock);
      const key = site.makeKey({ keyId: 3150, dwellingId: 150, groups: [150, FRONT_DOOR] });
      return (updated) => expectGrant(key.insert(updated), 'a dwelling the table does not hold yet');
    },
  },
  {
    name: 'generation table raise',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      fillGenerationTable(site, lock);
      const key = site.makeKey({ keyId: 4000 + FIRST_DWELLING, dwellingId: FIRST_DWELLING, generation: 2, groups: [FIRST_DWELLING, FRONT_DOOR] });
      return (updated) => expectGrant(key.insert(updated), 'the next generation of a dwelling in the table');
    },
  },
  {
    name: 'first tenant change',
    door: 'private',
    provisioned: true,
    prepare: (site) => {
      const tenant = site.makeKey({ keyId: TENANT });
      return (lock) => expectSecretReceived(tenant.insert(lock), 'the first tenant change');
    },
  },
  {
    name: 'pending T handed again',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      expectSecretReceived(site.makeKey({ keyId: TENANT }).insert(lock), 'the first tenant change');
      // The same key without the T its first answer carried (the answer lost): a fresh pending T.
      const again = site.makeKey({ keyId: TENANT });
      return (updated) => expectSecretReceived(again.insert(updated), "the tenant change's key without its T");
    },
  },
  {
    name: 'pending T made current',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = site.makeKey({ keyId: TENANT });
      expectSecretReceived(tenant.insert(lock), 'the first tenant change');
      return (updated) => expectGrant(tenant.insert(updated), "the tenant's first proof of T");
    },
  },
  {
    name: 'tenant change',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      moveInTenant(site, lock, TENANT);
      const next = site.makeKey({ keyId: 202, generation: 2 });
      return (updated) => expectSecretReceived(next.insert(updated), 'the second tenant change');
    },
  },
  {
    name: 'rotation',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [{ command: Command.Rotate, argument: 0 }] }), 1, 'ROTATE');
    },
  },
  {
    name: 'rotation replacing a pending T',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      expectCommandsDone(tenant.insert(lock, { commands: [enrol(206)] }), 1, 'ENROL');
      const extra = site.makeKey({ keyId: 206, role: Role.ExtraKey });
      expectSecretReceived(extra.insert(lock), "the enrolled key's first session");
      expectCommandsDone(tenant.insert(lock, { commands: [{ command: Command.Rotate, argument: 0 }] }), 1, 'ROTATE');
      // The extra key still holds the current T (T' is pending until the tenant's key proves it).
      return (updated) => expectCommandsDone(extra.insert(updated, { commands: [{ command: Command.Rotate, argument: 0 }] }), 1, 'ROTATE again');
    },
  },
  {
    name: 'enrolment added',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [enrol(203)] }), 1, 'ENROL');
    },
  },
  {
    name: 'enrolment consumed',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      expectCommandsDone(tenant.insert(lock, { commands: [enrol(204), enrol(205)] }), 2, 'ENROL of two keys');
      const enrolled = site.makeKey({ keyId: 204, role: Role.ExtraKey });
      return (updated) => expectSecretReceived(enrolled.insert(updated), "the enrolled key's first session");
    },
  },
  {
    name: 'consent epoch',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [{ command: Command.RaiseConsentEpoch, argument: 0 }] }), 1, 'RAISE_CONSENT_EPOCH');
    },
  },
  {
    name: 'emergency opening',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      moveInTenant(site, lock, TENANT);
      const key = emergencyKey(site, 1);
      return (updated) => expectGrant(key.insert(updated), 'the first emergency opening');
    },
  },
  {
    name: '9th emergency opening',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      moveInTenant(site, lock, TENANT);
      emergencyOpenings(site, lock, EMERGENCY_DETAIL_SLOTS);
      const key = emergencyKey(site, EMERGENCY_DETAIL_SLOTS + 1);
      return (updated) => expectGrant(key.insert(updated), 'an emergency opening beyond the detail slots');
    },
  },
  {
    name: 'acknowledgement',
    door: 'private',
    provisioned: true,
    prepare: (site, lock) => {
      const tenant = moveInTenant(site, lock, TENANT);
      emergencyOpenings(site, lock, 2);
      return (updated) => expectCommandsDone(tenant.insert(updated, { commands: [{ command: Command.AckEmergency, argument: 2 }] }), 1, 'ACK_EMERGENCY');
    },
  },
];

export const UPDATE_SCENARIOS: readonly UpdateScenario[] = [...STATE_UPDATE_SCENARIOS, ...BLOCKLIST_UPDATE_SCENARIOS, ...LOG_UPDATE_SCENARIOS];
