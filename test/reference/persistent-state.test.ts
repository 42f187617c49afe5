/**
 * What the reference lock keeps in NVM after the conformance scenarios (test/conformance/), read as
 * objects through ReferenceLock.persistentState(): what no answer of the protocol shows (the order of
 * the enrolment list, the tenant-change log, a retire day, a common door's emergency count, the whole
 * state left unchanged by a refused command) or shows only in part.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { COMMAND_MAX } from '../../firmware/protocol.js';
import { siteKeys } from '../../host/protocol/key-hierarchy.js';
import { decodeError, decodeResult, encodeCommand, type SessionBinding } from '../../host/protocol/frames.js';
import { ack, bindingOf, enrol, RAISE, ROTATE, sendCommand, siteWithTenant, tAuthOf, TENANT } from '../conformance/commands.js';
import { DWELLING_A, DWELLING_B, FRONT_DOOR_GROUP, makeSite, minutesAt, PRIVATE_LOCK_ID, profile, SITE_ID, SITE_KEY, START_DAY } from '../conformance/fixture.js';
import { referenceLockFactory } from '../conformance/targets.js';

const referenceSite = () => makeSite({ makeLock: referenceLockFactory() });
const withTenant = () => siteWithTenant(referenceLockFactory());

describe('the blocklist in NVM (§8)', () => {
  it('should hold the entry a delta added, with its retire day', () => {
    const { commonLock, makeKey, management } = referenceSite();
    const key = makeKey({ keyId: 21 });
    key.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 21, retireDay: START_DAY + 365 }]));
    expect(key.insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.Blocked });
    expect(commonLock.persistentState()?.blocklist).toEqual([{ keyId: 21, retireDay: START_DAY + 365 }]);
  });

  it('should drop entries whose retireDay is before the mark when it applies a delta', () => {
    const { commonLock, makeKey, management } = referenceSite();
    const carrier = makeKey({ keyId: 24 });
    carrier.carryDelta(
      management.issueBlocklistDelta([
        { op: 'add', keyId: 901, retireDay: START_DAY - 1 },
        { op: 'add', keyId: 902, retireDay: START_DAY },
      ]),
    );
    carrier.insert(commonLock);
    expect(commonLock.persistentState()).toMatchObject({ blocklistVersion: 1, blocklist: [{ keyId: 902, retireDay: START_DAY }] });
  });

  it('should keep the list empty when a delta is refused with BlocklistFull', () => {
    const site = referenceSite();
    const small = { ...profile, capacities: { ...profile.capacities, blocklistEntries: { ...profile.capacities.blocklistEntries, value: 1 } } };
    const lock = site.makeLock({ lockId: 3001, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile: small });
    const key = site.makeKey({ keyId: 28 });
    key.carryDelta(
      site.management.issueBlocklistDelta([
        { op: 'add', keyId: 905, retireDay: START_DAY + 9 },
        { op: 'add', keyId: 906, retireDay: START_DAY + 9 },
      ]),
    );
    expect(key.insert(lock).deltas).toMatchObject([{ reason: Reason.BlocklistFull }]);
    expect(lock.persistentState()?.blocklist).toEqual([]);
  });
});

describe('the tenant and the generation table in NVM (§7.6 step 10, §7.8)', () => {
  it('should record the tenant change: generation, day, consent epoch and the change log', () => {
    const { privateLock, makeKey } = referenceSite();
    expect(makeKey({ keyId: 41, generation: 1 }).insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(privateLock.persistentState()?.tenant).toMatchObject({ generation: 1, changeDay: START_DAY, consentEpoch: 0 });
    expect(privateLock.persistentState()?.tenantChanges).toEqual([{ day: START_DAY, oldGeneration: 0, newGeneration: 1 }]);
  });

  it('should raise the entry of a common door with a newer key to its generation and day', () => {
    const { commonLock, makeKey } = referenceSite();
    expect(makeKey({ keyId: 61, generation: 2, issuedAtMinutes: minutesAt(START_DAY + 4) }).insert(commonLock)).toMatchObject({ decision: 'grant' });
    expect(commonLock.persistentState()?.generationTable.get(DWELLING_A)).toEqual({ generation: 2, changeDay: START_DAY + 4 });
  });

  it('should write the entry only with a grant', () => {
    const { commonLock, makeKey } = referenceSite();
    expect(makeKey({ keyId: 63, generation: 3, validUntilMinutes: minutesAt(START_DAY) }).insert(commonLock)).toMatchObject({ decision: 'deny' });
    expect(commonLock.persistentState()?.generationTable.size).toBe(0);
  });

  it('should leave a dwelling untracked when the table is full', () => {
    const site = referenceSite();
    const tiny = { ...profile, capacities: { ...profile.capacities, generationTableEntries: { ...profile.capacities.generationTableEntries, value: 1 } } };
    const lock = site.makeLock({ lockId: 3002, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile: tiny });
    site.makeKey({ keyId: 64, generation: 2 }).insert(lock);
    site.makeKey({ keyId: 65, dwellingId: DWELLING_B, generation: 5 }).insert(lock);
    site.makeKey({ keyId: 66, dwellingId: DWELLING_B, generation: 1 }).insert(lock);
    expect([...(lock.persistentState()?.generationTable ?? [])]).toEqual([[DWELLING_A, { generation: 2, changeDay: START_DAY }]]);
  });
});

describe('emergency openings in NVM (§7.6 step 11)', () => {
  it('should record the opening with its day, minute of day and key id', () => {
    const { privateLock, makeKey } = referenceSite();
    makeKey({ keyId: 81, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY + 1, 125) }).insert(privateLock);
    expect(privateLock.persistentState()).toMatchObject({ emergencyCount: 1, emergencyRecords: [{ day: START_DAY + 1, minuteOfDay: 125, keyId: 81 }] });
  });

  it('should keep the emergency count across a tenant change', () => {
    const { privateLock, makeKey } = referenceSite();
    makeKey({ keyId: 82, role: Role.Emergency, dwellingId: 0 }).insert(privateLock);
    makeKey({ keyId: 83, generation: 1 }).insert(privateLock);
    expect(privateLock.persistentState()?.emergencyCount).toBe(1);
  });

  it('should count acknowledgements up to the openings, and keep both counts across a tenant change', () => {
    const site = withTenant();
    const { privateLock, tenant, makeKey } = site;
    const emergency = (keyId: number, minuteOfDay: number) =>
      makeKey({ keyId, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY, minuteOfDay) }).insert(privateLock);
    emergency(260, 700);
    emergency(261, 745);
    tenant.insert(privateLock, { commands: [ack(1)] });
    expect(privateLock.persistentState()).toMatchObject({ emergencyCount: 2, emergencyAcknowledged: 1 });
    const next = makeKey({ keyId: 272, generation: 2 });
    expect(next.insert(privateLock)).toMatchObject({ tenantSecretReceived: true });
    expect(privateLock.persistentState()).toMatchObject({ emergencyCount: 2, emergencyAcknowledged: 1 });
    next.insert(privateLock, { commands: [ack(0), ack(99)] });
    expect(privateLock.persistentState()).toMatchObject({ emergencyCount: 2, emergencyAcknowledged: 2 });
  });

  it('should not record an emergency opening at a common door', () => {
    const { commonLock, makeKey } = referenceSite();
    expect(makeKey({ keyId: 84, role: Role.Emergency, dwellingId: 0, groups: [FRONT_DOOR_GROUP] }).insert(commonLock)).toMatchObject({ decision: 'grant' });
    expect(commonLock.persistentState()?.emergencyCount).toBe(0);
  });
});

describe('provisioning (§9.1)', () => {
  it('should derive its keys from the provisioning record as the management system does', () => {
    const { commonLock } = referenceSite();
    expect(commonLock.persistentState()?.config.keys).toEqual(siteKeys(SITE_KEY, SITE_ID));
  });
});

describe('the enrolment list in NVM (§9.2)', () => {
  it('should hold a key the tenant enrols until it has been enrolled', () => {
    const { privateLock, tenant, makeKey } = withTenant();
    tenant.insert(privateLock, { commands: [enrol(202)] });
    expect(privateLock.persistentState()?.tenant?.enrolment).toEqual([202]);
    expect(makeKey({ keyId: 202, role: Role.ExtraKey }).insert(privateLock)).toMatchObject({ tenantSecretReceived: true });
    expect(privateLock.persistentState()?.tenant?.enrolment).toEqual([]);
  });

  it('should enclose for the enrolled key the T it holds', () => {
    const site = withTenant();
    site.tenant.insert(site.privateLock, { commands: [enrol(203)] });
    const outcome = site.makeKey({ keyId: 203 }).insert(site.privateLock);
    const result = decodeResult(outcome.frames[3]!.bytes, bindingOf(outcome), site.management.keyKeyFor(203));
    expect(result.tenantSecret).toEqual(site.privateLock.persistentState()?.tenant?.tenantSecret);
  });

  it('should keep waiting keys that were refused', () => {
    const site = withTenant();
    site.tenant.insert(site.privateLock, { commands: [enrol(204)] });
    site.makeKey({ keyId: 205 }).insert(site.privateLock);
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([204]);
    site.tenant.insert(site.privateLock, { commands: [enrol(206), enrol(207), enrol(208)] });
    site.makeKey({ keyId: 206, role: Role.ExtraKey, generation: 2 }).insert(site.privateLock);
    site.makeKey({ keyId: 207, dwellingId: DWELLING_B }).insert(site.privateLock);
    site.makeKey({ keyId: 208, role: Role.Contractor, dwellingId: 0 }).insert(site.privateLock);
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([204, 206, 207, 208]);
  });

  it('should keep the order of the waiting keys when one is enrolled and another added', () => {
    const site = withTenant();
    site.tenant.insert(site.privateLock, { commands: [enrol(301), enrol(301), enrol(302), enrol(303), enrol(304), enrol(305), enrol(302)] });
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([301, 302, 303, 304]);
    site.makeKey({ keyId: 302 }).insert(site.privateLock);
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([301, 303, 304]);
    site.tenant.insert(site.privateLock, { commands: [enrol(305)] });
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([301, 303, 304, 305]);
  });

  it("should empty the list at a tenant change, but for the change's key, which waits for its pending T (§7.8)", () => {
    const site = withTenant();
    site.tenant.insert(site.privateLock, { commands: [enrol(210)] });
    const next = site.makeKey({ keyId: 211, generation: 2 });
    next.insert(site.privateLock);
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([211]);
    next.insert(site.privateLock);
    expect(site.privateLock.persistentState()?.tenant).toMatchObject({ enrolment: [], tenantSecret: next.tenantSecretFor(PRIVATE_LOCK_ID), pendingSecret: null });
  });
});

describe('refused commands leave NVM as it was (§9.2)', () => {
  it('should change nothing but the failed-MAC count, once per power-up, for a COMMAND whose MAC is not under T_auth (§9.5)', () => {
    const site = withTenant();
    const binding = bindingOf(site.tenant.insert(site.privateLock));
    const landlordsKey = site.management.keyKeyFor(TENANT);
    const before = site.privateLock.persistentState()!;
    sendCommand(site, binding, landlordsKey, enrol(221));
    expect(site.privateLock.persistentState()).toEqual({ ...before, failedMacs: before.failedMacs + 1 });
    sendCommand(site, binding, tAuthOf(site.tenant), enrol(221));
    sendCommand(site, binding, tAuthOf(site.tenant), RAISE);
    const after = site.privateLock.persistentState();
    for (const fields of [enrol(222), RAISE, ack(5), ROTATE]) sendCommand(site, binding, landlordsKey, fields);
    expect(site.privateLock.persistentState()).toEqual(after);
  });

  it('should change nothing for a COMMAND of another session (replayed)', () => {
    const site = withTenant();
    const command = site.tenant.insert(site.privateLock, { commands: [enrol(222)] }).frames[4]!.bytes;
    site.tenant.insert(site.privateLock);
    site.privateLock.receive(command);
    expect(site.privateLock.persistentState()?.tenant?.enrolment).toEqual([222]);
  });

  it('should change nothing for a malformed COMMAND after a proven grant', () => {
    const { privateLock, tenant } = withTenant();
    const tAuth = tAuthOf(tenant);
    const cases: ((binding: SessionBinding) => Uint8Array)[] = [
      (binding) => encodeCommand(RAISE, binding, tAuth).subarray(0, 13),
      (binding) => Uint8Array.of(...encodeCommand(RAISE, binding, tAuth), 0),
      (binding) => encodeCommand({ command: 0 as typeof RAISE.command, argument: 0 }, binding, tAuth),
      (binding) => encodeCommand({ command: (COMMAND_MAX + 1) as typeof RAISE.command, argument: 0 }, binding, tAuth),
      (binding) => encodeCommand({ ...ROTATE, argument: 1 }, binding, tAuth),
      (binding) => encodeCommand({ ...RAISE, argument: 0x0100_0000 }, binding, tAuth),
    ];
    for (const make of cases) {
      const binding = bindingOf(tenant.insert(privateLock));
      const before = privateLock.persistentState();
      expect(decodeError(privateLock.receive(make(binding)))).toBe(Reason.Malformed);
      expect(privateLock.persistentState()).toEqual(before);
    }
  });
});

describe('ROTATE in NVM (§9.2)', () => {
  it("should keep T' pending beside T, with an empty list, the generation and the consent epoch, until the key proves T'", () => {
    const { privateLock, tenant } = withTenant();
    tenant.insert(privateLock, { commands: [enrol(231)] });
    const before = tenant.tenantSecretFor(PRIVATE_LOCK_ID);
    tenant.insert(privateLock, { commands: [ROTATE, enrol(232)] });
    expect(privateLock.persistentState()?.tenant).toMatchObject({ tenantSecret: before, pendingSecret: tenant.tenantSecretFor(PRIVATE_LOCK_ID), enrolment: [], generation: 1, consentEpoch: 0 });
    tenant.insert(privateLock);
    expect(privateLock.persistentState()?.tenant).toMatchObject({ tenantSecret: tenant.tenantSecretFor(PRIVATE_LOCK_ID), pendingSecret: null, enrolment: [], generation: 1 });
  });
});
