/**
 * The access log and the attestation (PROTOCOL.md §9.4, §9.5; R-PRV-1..4) between keys and every
 * lock target: off by default, switched, held and read only with the tenant secret, a key's own
 * openings to that key, the 28-day purge, every read-out recorded and shown, the wipe at a tenant
 * change, the ring's capacity, and an attestation only the tenant can check.
 */
import { describe, expect, it } from 'vitest';
import { Feature, Reason, Role } from '../../firmware/abi.js';
import { Command, LOG_PAGE_ENTRIES, LOG_READ_ENTRIES_MAX, LOG_RETENTION_DAYS } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { CommandExchange } from '../../host/keys/session-outcome.js';
import { logPagesFor } from '../../host/protocol/frames/provisioning-record.js';
import { encodeCommand, logReadArgument, ReadoutWhy, type CommandFields, type LogEntry } from '../../host/protocol/frames.js';
import { bindingOf, sendCommand, siteWithTenant, TENANT } from './commands.js';
import { credentialDefaults, DWELLING_A, minutesAt, profile, START_DAY, type Site } from './fixture.js';
import { TARGETS } from './targets.js';

const LOG_ON: CommandFields = { command: Command.LogSwitch, argument: 1 };
const LOG_OFF: CommandFields = { command: Command.LogSwitch, argument: 0 };
const HOLD: CommandFields = { command: Command.LogHold, argument: 1 };
const RELEASE_HOLD: CommandFields = { command: Command.LogHold, argument: 0 };
const ATTEST: CommandFields = { command: Command.Attest, argument: 0 };
const read = (why: ReadoutWhy = ReadoutWhy.TenantReview, from = 0): CommandFields => ({ command: Command.LogRead, argument: logReadArgument(from, why) });
const readOwn = (why: ReadoutWhy = ReadoutWhy.OwnOpenings, from = 0): CommandFields => ({ command: Command.LogReadOwn, argument: logReadArgument(from, why) });

/** The one command a session sent, as the key recorded it. */
function only(commands: CommandExchange[]): CommandExchange {
  expect(commands).toHaveLength(1);
  return commands[0]!;
}

/** A key whose credential is genuine but whose K_key is another key's: its key MAC fails (§7.6 step 4). */
function impostor(site: Site, keyId: number, otherKeyId: number): KeyDevice {
  return new KeyDevice({
    keyId,
    kKey: site.management.keyKeyFor(otherKeyId),
    credential: site.management.issueCredential(credentialDefaults(keyId)),
    entropy: new SeededEntropy(`impostor ${keyId}`),
  });
}

/** Decisions only, as (keyId, reason), oldest first. */
function decisions(entries: readonly LogEntry[] | undefined): [number, Reason][] {
  return (entries ?? []).flatMap((entry) => (entry.kind === 'decision' ? [[entry.keyId, entry.reason] as [number, Reason]] : []));
}

/** The keys of the decisions of keys other than the tenant's (whose reading sessions are openings, logged too). */
function othersKeyIds(entries: readonly LogEntry[]): number[] {
  return decisions(entries).flatMap(([keyId]) => (keyId === TENANT ? [] : [keyId]));
}

describe.each(TARGETS.map((target) => [target.name, target] as const))('%s', (_name, target) => {
  const withTenant = (seed?: string) => siteWithTenant(target.make, seed);

  /** The tenant's read of every entry, page by page, in one session. */
  function readAll(tenant: KeyDevice, lock: Parameters<KeyDevice['insert']>[0], why = ReadoutWhy.TenantReview): { found: number; entries: LogEntry[] } {
    const first = only(tenant.insert(lock, { commands: [read(why)] }).commands);
    expect(first).toMatchObject({ reason: Reason.Ok, authenticated: true });
    const entries = [...first.logEntries!];
    const pages = Math.ceil(first.value / LOG_READ_ENTRIES_MAX);
    const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => read(why, (i + 1) * LOG_READ_ENTRIES_MAX));
    if (rest.length > 0) for (const exchange of tenant.insert(lock, { commands: rest }).commands) entries.push(...exchange.logEntries!);
    return { found: first.value, entries };
  }

  if (!target.logCompiledIn) {
    it('should answer every log command with LogAbsent and attest an image without the log (release-nolog)', () => {
      const { privateLock, tenant } = withTenant();
      const outcome = tenant.insert(privateLock, { commands: [LOG_ON, HOLD, read(), ATTEST] });
      expect(outcome.commands.map((c) => [c.command, c.reason, c.value])).toEqual([
        [Command.LogSwitch, Reason.LogAbsent, 0],
        [Command.LogHold, Reason.LogAbsent, 0],
        [Command.LogRead, Reason.LogAbsent, 0],
        [Command.Attest, Reason.Ok, 0],
      ]);
      expect(outcome.commands[3]!.attestation).toMatchObject({ features: 0, logOn: false, logHold: false, logEntries: 0 });
    });
    return;
  }

  describe('off by default, switched only by the tenant (R-PRV-2, §9.4)', () => {
    it('should keep no entry of any opening while the log is off, so a read finds only its own read-out', () => {
      const { privateLock, tenant, makeKey } = withTenant();
      for (let i = 0; i < 3; i++) expect(tenant.insert(privateLock)).toMatchObject({ decision: 'grant' });
      expect(makeKey({ keyId: 301 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      const { found, entries } = readAll(tenant, privateLock);
      expect(found).toBe(2);
      expect(entries.map((entry) => entry.kind)).toEqual(['readout', 'readout-detail']);
    });

    it('should log every decision made after the key MAC held once switched on: key code, day and minute, outcome', () => {
      const { privateLock, tenant, makeKey } = withTenant();
      expect(only(tenant.insert(privateLock, { commands: [LOG_ON] }).commands)).toMatchObject({ reason: Reason.Ok, value: 1 });
      tenant.insert(privateLock);
      makeKey({ keyId: 301 }).insert(privateLock); // the landlord's key without the secret: NoTenantProof
      makeKey({ keyId: 302, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] }).insert(privateLock); // NoConsent
      makeKey({ keyId: 303, groups: [999] }).insert(privateLock); // NoAccessGroup
      const { entries } = readAll(tenant, privateLock);
      expect(decisions(entries)).toEqual([
        [TENANT, Reason.Ok],
        [301, Reason.NoTenantProof],
        [302, Reason.NoConsent],
        [303, Reason.NoAccessGroup],
        [TENANT, Reason.Ok], // the reading session's own opening, logged before its read
      ]);
      // The credentials were issued at 10:00 on START_DAY: that is each session's time (§3).
      for (const entry of entries.filter((e) => e.kind === 'decision')) expect(entry).toMatchObject({ day: START_DAY, minuteOfDay: 600 });
    });

    it('should log nothing of a key whose MAC fails: its key code is not proven', () => {
      const site = withTenant();
      const { privateLock, tenant } = site;
      tenant.insert(privateLock, { commands: [LOG_ON] });
      expect(impostor(site, 304, 305).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.BadKeyMac });
      expect(othersKeyIds(readAll(tenant, privateLock).entries)).toEqual([]);
    });

    it('should stop logging when switched off, and answer a switch to the setting it has with no write', () => {
      const { privateLock, tenant } = withTenant();
      expect(tenant.insert(privateLock, { commands: [LOG_ON, LOG_ON, LOG_OFF, LOG_OFF] }).commands.map((c) => [c.reason, c.value])).toEqual([
        [Reason.Ok, 1],
        [Reason.Ok, 1],
        [Reason.Ok, 0],
        [Reason.Ok, 0],
      ]);
      tenant.insert(privateLock);
      expect(decisions(readAll(tenant, privateLock).entries)).toEqual([]);
      expect(readAll(tenant, privateLock).found).toBe(4); // two read-outs, nothing else
    });

    it('should not let a key without the tenant secret switch, hold, read all or attest: no COMMAND is taken from it', () => {
      const { privateLock, makeKey, management } = withTenant();
      const landlords = makeKey({ keyId: 310 });
      const outcome = landlords.insert(privateLock);
      expect(outcome).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      const binding = bindingOf(outcome);
      // Its session ended in a refusal without a tenant proof: every tenant command is out of place.
      for (const fields of [LOG_ON, HOLD, read(), ATTEST]) {
        expect(privateLock.receive(encodeCommand(fields, binding, management.keyKeyFor(310)))[1]).toBe(Reason.UnexpectedFrame);
        landlords.insert(privateLock);
      }
    });
  });

  describe("a key's own entries (R-PRV-4: a person obtains only the records of their own key)", () => {
    it('should give a key its own decisions only, after a grant or a refusal, MACed under its own K_key', () => {
      const { privateLock, tenant, makeKey } = withTenant();
      tenant.insert(privateLock, { commands: [LOG_ON] });
      const visitor = makeKey({ keyId: 320 });
      visitor.insert(privateLock);
      makeKey({ keyId: 321 }).insert(privateLock);
      visitor.insert(privateLock);
      const own = only(visitor.insert(privateLock, { commands: [readOwn()] }).commands);
      expect(own).toMatchObject({ reason: Reason.Ok, authenticated: true, value: 3 });
      expect(decisions(own.logEntries)).toEqual([
        [320, Reason.NoTenantProof],
        [320, Reason.NoTenantProof],
        [320, Reason.NoTenantProof],
      ]);
    });

    it('should refuse LOG_READ_OWN at a common lock with LogAbsent: only a dwelling door keeps a log', () => {
      const { commonLock, tenant } = withTenant();
      expect(only(tenant.insert(commonLock, { commands: [readOwn()] }).commands)).toMatchObject({ reason: Reason.LogAbsent, authenticated: true });
    });
  });

  describe('read-outs are recorded and shown to the tenant (R-PRV-4)', () => {
    it('should record who read, when, why and how many entries were found, once per session', () => {
      const { privateLock, tenant, makeKey } = withTenant();
      tenant.insert(privateLock, { commands: [LOG_ON] });
      const visitor = makeKey({ keyId: 330, issuedAtMinutes: minutesAt(START_DAY, 14 * 60 + 5) });
      visitor.insert(privateLock);
      visitor.insert(privateLock, { commands: [readOwn(ReadoutWhy.Incident), readOwn(ReadoutWhy.Incident, 1)] });
      const { entries } = readAll(tenant, privateLock);
      const readouts = entries.filter((entry) => entry.kind !== 'decision');
      // The visitor's read-out (one record for its session's two reads), then the tenant's own.
      expect(readouts.slice(0, 2)).toEqual([
        { kind: 'readout', readerKeyId: 330, day: START_DAY, minuteOfDay: 14 * 60 + 5 },
        { kind: 'readout-detail', found: 2, why: ReadoutWhy.Incident, day: START_DAY, minuteOfDay: 14 * 60 + 5 },
      ]);
      expect(readouts[2]).toMatchObject({ kind: 'readout', readerKeyId: TENANT });
      expect(readouts[3]).toMatchObject({ kind: 'readout-detail', why: ReadoutWhy.TenantReview });
    });
  });

  describe('retention: 28 days by the time mark, unless an incident hold is set (R-PRV-4)', () => {
    it(`should purge entries once the mark is more than ${LOG_RETENTION_DAYS} days past them, keep them under a hold, and purge them when it is released`, () => {
      const { privateLock, tenant, makeKey } = withTenant();
      tenant.insert(privateLock, { commands: [LOG_ON] });
      makeKey({ keyId: 340 }).insert(privateLock); // day START_DAY
      // Day START_DAY + 28: still kept.
      const later = makeKey({ keyId: 341, issuedAtMinutes: minutesAt(START_DAY + LOG_RETENTION_DAYS, 600) });
      later.insert(privateLock);
      expect(othersKeyIds(readAll(tenant, privateLock).entries)).toEqual([340, 341]);
      // Day START_DAY + 29: the first is gone; the hold brings back nothing it did not keep.
      makeKey({ keyId: 342, issuedAtMinutes: minutesAt(START_DAY + LOG_RETENTION_DAYS + 1, 600) }).insert(privateLock);
      expect(othersKeyIds(readAll(tenant, privateLock).entries)).toEqual([341, 342]);
      expect(only(tenant.insert(privateLock, { commands: [HOLD] }).commands)).toMatchObject({ reason: Reason.Ok, value: 3 });
      // Thirty days on under the hold: everything since is kept.
      makeKey({ keyId: 343, issuedAtMinutes: minutesAt(START_DAY + 60, 600) }).insert(privateLock);
      expect(othersKeyIds(readAll(tenant, privateLock).entries)).toEqual([341, 342, 343]);
      expect(only(tenant.insert(privateLock, { commands: [RELEASE_HOLD] }).commands)).toMatchObject({ reason: Reason.Ok, value: 1 });
      expect(othersKeyIds(readAll(tenant, privateLock).entries)).toEqual([343]);
    });
  });

  describe('a tenant change (DESIGN.md: the previous tenant’s log goes)', () => {
    it("should wipe the previous tenant's entries, switch the log off, release the hold, and keep the emergency count", () => {
      const { privateLock, tenant, makeKey } = withTenant();
      tenant.insert(privateLock, { commands: [LOG_ON, HOLD] });
      tenant.insert(privateLock);
      makeKey({ keyId: 350, role: Role.Emergency, dwellingId: 0, groups: [DWELLING_A] }).insert(privateLock);
      const next = makeKey({ keyId: 351, generation: 2 });
      expect(next.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      const attested = only(next.insert(privateLock, { commands: [ATTEST] }).commands);
      expect(attested.attestation).toMatchObject({ logOn: false, logHold: false, logEntries: 0, emergencyCount: 1 });
      const { entries } = readAll(next, privateLock);
      expect(entries.map((entry) => entry.kind)).toEqual(['readout', 'readout-detail']);
      expect(entries[0]).toMatchObject({ readerKeyId: 351 });
    });
  });

  describe('capacity (at least the profile’s logEntries)', () => {
    it(`should keep the newest ${profile.capacities.logEntries.value} entries at least, and drop the oldest first`, () => {
      const { privateLock, tenant, makeKey } = withTenant();
      tenant.insert(privateLock, { commands: [LOG_ON] });
      const capacity = profile.capacities.logEntries.value;
      const visitor = makeKey({ keyId: 360 });
      const first = makeKey({ keyId: 361 });
      first.insert(privateLock);
      for (let i = 0; i < capacity + LOG_PAGE_ENTRIES; i++) visitor.insert(privateLock);
      const readout = only(tenant.insert(privateLock, { commands: [read()] }).commands);
      const ringEntries = (logPagesFor(capacity) - 1) * LOG_PAGE_ENTRIES;
      expect(readout.value).toBeGreaterThanOrEqual(capacity);
      expect(readout.value).toBeLessThanOrEqual(ringEntries + LOG_PAGE_ENTRIES);
      expect(decisions(readout.logEntries)[0]).toEqual([360, Reason.NoTenantProof]);
    });
  });

  describe('attestation (§9.5)', () => {
    it("should report the image's measurement, the log's setting and fill, failed MACs and emergencies, MACed under T_att", () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      tenant.insert(privateLock, { commands: [LOG_ON] });
      makeKey({ keyId: 370 }).insert(privateLock);
      // Two failed MACs in one power-up count once; one more in the next counts again.
      const bad = impostor(site, 371, 372);
      expect(bad.insert(privateLock)).toMatchObject({ reason: Reason.BadKeyMac });
      expect(bad.insert(privateLock, { powerUp: false })).toMatchObject({ reason: Reason.BadKeyMac });
      expect(bad.insert(privateLock)).toMatchObject({ reason: Reason.BadKeyMac });
      const attested = only(tenant.insert(privateLock, { commands: [ATTEST] }).commands);
      expect(attested).toMatchObject({ reason: Reason.Ok, attestationVerified: true });
      expect(attested.attestation).toEqual({
        measurement: target.measurement,
        features: expect.any(Number) as number,
        logOn: true,
        logHold: false,
        logEntries: 2, // key 370's refusal and the attesting session's own opening; no failed MAC is logged
        failedMacs: 2,
        emergencyCount: 0,
        emergencyAcknowledged: 0,
      });
      expect(attested.attestation!.features & Feature.Log).toBe(Feature.Log);
    });

    it('should give an attestation no key without the tenant secret can check: the landlord cannot forge or read one', () => {
      const site = withTenant();
      const outcome = site.tenant.insert(site.privateLock);
      // A COMMAND ATTEST under what the landlord knows (K_key) is refused: it never sees an attestation.
      const answer = sendCommand(site, bindingOf(outcome), site.management.keyKeyFor(TENANT), ATTEST);
      expect(answer[1]).toBe(Reason.BadKeyMac);
      // And an attestation is MACed under T_att, which derives from T alone (§4.2): the tenant checks it, the landlord cannot make it.
      const genuine = only(site.tenant.insert(site.privateLock, { commands: [ATTEST] }).commands);
      expect(genuine.attestationVerified).toBe(true);
    });
  });
});
