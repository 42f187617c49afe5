/**
 * Sessions between keys and every lock target, through the management system (PROTOCOL.md §3-§9.1):
 * the reference lock and each firmware build must give the same answers. What only the reference
 * lock can show (its NVM as objects) is checked in test/reference/persistent-state.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { FrameType } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import {
  decodeDeltaAck,
  decodeError,
  decodeResult,
  encodeAuth,
  encodeHello,
  encodeVoucher,
  type AuthContents,
  type SessionBinding,
} from '../../host/protocol/frames.js';
import {
  COMMON_LOCK_ID,
  credentialDefaults,
  DWELLING_A,
  DWELLING_B,
  FRONT_DOOR_GROUP,
  makeSite as makeSiteOf,
  minutesAt,
  openSession,
  PRIVATE_LOCK_ID,
  profile,
  SITE_ID,
  SITE_KEY,
  START_DAY,
  STORAGE_GROUP,
  TIME_STEP_MAX_DAYS,
} from './fixture.js';
import { TARGETS } from './targets.js';

/** Sends AUTH for `contents` in an open session and decodes the RESULT with the key's K_key. */
function authenticate(lock: LockTarget, management: ManagementSystem, keyId: number, binding: SessionBinding, contents: AuthContents) {
  const kKey = management.keyKeyFor(keyId);
  return decodeResult(lock.receive(encodeAuth(contents, binding, kKey)), binding, kKey);
}

describe.each(TARGETS.map((target) => [target.name, target] as const))('%s', (_name, target) => {
  const makeSite = (options: { seed?: string } = {}) => makeSiteOf({ makeLock: target.make, ...options });

  describe('a common door', () => {
    it('should grant a resident whose groups include the door and enclose a voucher for its mark', () => {
      const { commonLock, makeKey } = makeSite();
      const key = makeKey({ keyId: 11 });
      const outcome = key.insert(commonLock);
      expect(outcome).toMatchObject({ decision: 'grant', reason: Reason.Ok, markDay: START_DAY, lockId: COMMON_LOCK_ID, tenantSecretReceived: false });
      expect(outcome.frames.map((f) => f.direction)).toEqual(['key-to-lock', 'lock-to-key', 'key-to-lock', 'lock-to-key']);
      expect(key.voucher?.length).toBe(14);
    });

    it('should refuse a key whose groups do not include the door with NoAccessGroup', () => {
      const { commonLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 12, groups: [DWELLING_A, STORAGE_GROUP] }).insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.NoAccessGroup });
    });

    it('should refuse a programming key with RoleNotAllowed', () => {
      const { commonLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 13, role: Role.Programming, dwellingId: 0 }).insert(commonLock)).toMatchObject({ reason: Reason.RoleNotAllowed });
    });

    it('should refuse an expired credential with Expired and a not yet valid one with NotYetValid', () => {
      const { commonLock, makeKey } = makeSite();
      const expired = makeKey({ keyId: 14, issuedAtMinutes: minutesAt(START_DAY - 100), validUntilMinutes: minutesAt(START_DAY) });
      const early = makeKey({ keyId: 15, validFromMinutes: minutesAt(START_DAY, 601) });
      expect(expired.insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.Expired });
      expect(early.insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.NotYetValid });
    });

    it('should still open for an expired credential while its mark is older than the expiry (§3: what an offline lock cannot know)', () => {
      const { commonLock, makeKey } = makeSite();
      const stale = makeKey({ keyId: 16, issuedAtMinutes: minutesAt(START_DAY - 100), validUntilMinutes: minutesAt(START_DAY, 1) });
      expect(stale.insert(commonLock)).toMatchObject({ decision: 'grant' });
    });

    it('should refuse a credential of another site with WrongSite and one signed with another K_iss with BadIssuerMac', () => {
      const { commonLock, management } = makeSite();
      const otherSite = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID + 1 });
      const forgedSite = new ManagementSystem({ siteKey: new Uint8Array(16), siteId: SITE_ID });
      for (const [issuer, reason] of [
        [otherSite, Reason.WrongSite],
        [forgedSite, Reason.BadIssuerMac],
      ] as const) {
        const binding = openSession(commonLock, 17);
        const credential = issuer.issueCredential(credentialDefaults(17));
        expect(authenticate(commonLock, management, 17, binding, { credential })).toMatchObject({ granted: false, reason });
      }
    });

    it("should refuse a credential that is not HELLO's key with KeyMismatch", () => {
      const { commonLock, management } = makeSite();
      const binding = openSession(commonLock, 18);
      const credential = management.issueCredential(credentialDefaults(19));
      expect(authenticate(commonLock, management, 18, binding, { credential })).toMatchObject({ granted: false, reason: Reason.KeyMismatch });
    });
  });

  describe('the blocklist (§8)', () => {
    it('should refuse a key with Blocked once a delta it carries has put it on the list', () => {
      const { commonLock, makeKey, management } = makeSite();
      const key = makeKey({ keyId: 21 });
      key.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 21, retireDay: START_DAY + 365 }]));
      const outcome = key.insert(commonLock);
      expect(outcome.deltas).toEqual([{ fromVersion: 0, reason: Reason.Ok, blocklistVersion: 1 }]);
      expect(outcome).toMatchObject({ decision: 'deny', reason: Reason.Blocked });
      // The entry stays: the lock tells version 1, and the key without the delta is refused too.
      expect(openSession(commonLock, 21).blocklistVersion).toBe(1);
      expect(makeKey({ keyId: 21 }).insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.Blocked });
    });

    it('should send only the deltas the lock lacks and unblock a key that a later delta removes', () => {
      const { commonLock, makeKey, management } = makeSite();
      const carrier = makeKey({ keyId: 22 });
      carrier.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 23, retireDay: START_DAY + 365 }]));
      expect(carrier.insert(commonLock).deltas).toHaveLength(1);
      expect(makeKey({ keyId: 23 }).insert(commonLock)).toMatchObject({ reason: Reason.Blocked });
      carrier.carryDelta(management.issueBlocklistDelta([{ op: 'remove', keyId: 23, retireDay: 0 }]));
      expect(carrier.insert(commonLock).deltas).toEqual([{ fromVersion: 1, reason: Reason.Ok, blocklistVersion: 2 }]);
      expect(makeKey({ keyId: 23 }).insert(commonLock)).toMatchObject({ decision: 'grant' });
    });

    it('should drop entries whose retireDay is before the mark when it applies a delta', () => {
      const { commonLock, makeKey, management } = makeSite();
      const carrier = makeKey({ keyId: 24 });
      carrier.carryDelta(
        management.issueBlocklistDelta([
          { op: 'add', keyId: 901, retireDay: START_DAY - 1 },
          { op: 'add', keyId: 902, retireDay: START_DAY },
        ]),
      );
      expect(carrier.insert(commonLock).deltas).toEqual([{ fromVersion: 0, reason: Reason.Ok, blocklistVersion: 1 }]);
      expect(makeKey({ keyId: 901 }).insert(commonLock)).toMatchObject({ decision: 'grant' });
      expect(makeKey({ keyId: 902 }).insert(commonLock)).toMatchObject({ decision: 'deny', reason: Reason.Blocked });
      expect(openSession(commonLock, 24).blocklistVersion).toBe(1);
    });

    it('should refuse a delta it already has with DeltaStale and change nothing', () => {
      const { commonLock, makeKey, management } = makeSite();
      const delta = management.issueBlocklistDelta([{ op: 'add', keyId: 903, retireDay: START_DAY + 9 }]);
      const carrier = makeKey({ keyId: 25 });
      carrier.carryDelta(delta);
      carrier.insert(commonLock);
      openSession(commonLock, 25);
      expect(decodeDeltaAck(commonLock.receive(delta))).toEqual({ reason: Reason.DeltaStale, blocklistVersion: 1 });
    });

    it('should refuse a delta beyond the next one with DeltaGap, and the key should go on to AUTH', () => {
      const { commonLock, makeKey, management } = makeSite();
      management.issueBlocklistDelta([{ op: 'add', keyId: 904, retireDay: START_DAY + 9 }]);
      const key = makeKey({ keyId: 26 });
      key.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 26, retireDay: START_DAY + 9 }]));
      const outcome = key.insert(commonLock);
      expect(outcome.deltas).toEqual([{ fromVersion: 1, reason: Reason.DeltaGap, blocklistVersion: 0 }]);
      expect(outcome.decision).toBe('grant');
    });

    it('should refuse a delta with a wrong MAC with DeltaBadMac and one of another site with WrongSite', () => {
      const { commonLock, makeKey, management } = makeSite();
      const tampered = management.issueBlocklistDelta([{ op: 'add', keyId: 27, retireDay: START_DAY + 9 }]);
      tampered[tampered.length - 1]! ^= 0x80;
      const foreign = new ManagementSystem({ siteKey: SITE_KEY, siteId: SITE_ID + 1 }).issueBlocklistDelta([{ op: 'add', keyId: 27, retireDay: START_DAY + 9 }]);
      for (const [delta, reason] of [
        [tampered, Reason.DeltaBadMac],
        [foreign, Reason.WrongSite],
      ] as const) {
        const key = makeKey({ keyId: 27 });
        key.carryDelta(delta);
        const outcome = key.insert(commonLock);
        expect(outcome.deltas).toEqual([{ fromVersion: 0, reason, blocklistVersion: 0 }]);
        expect(outcome.decision).toBe('grant');
      }
    });

    it('should refuse a delta that would leave more entries than its capacity with BlocklistFull', () => {
      const site = makeSite();
      const small = { ...profile, capacities: { ...profile.capacities, blocklistEntries: { ...profile.capacities.blocklistEntries, value: 1 } } };
      const lock = site.makeLock({ lockId: 3001, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile: small });
      const key = site.makeKey({ keyId: 28 });
      key.carryDelta(
        site.management.issueBlocklistDelta([
          { op: 'add', keyId: 905, retireDay: START_DAY + 9 },
          { op: 'add', keyId: 906, retireDay: START_DAY + 9 },
        ]),
      );
      expect(key.insert(lock).deltas).toEqual([{ fromVersion: 0, reason: Reason.BlocklistFull, blocklistVersion: 0 }]);
      // Nothing of it was applied: version 0, and both keys still open.
      expect(openSession(lock, 28).blocklistVersion).toBe(0);
      expect(site.makeKey({ keyId: 905 }).insert(lock)).toMatchObject({ decision: 'grant' });
      expect(site.makeKey({ keyId: 906 }).insert(lock)).toMatchObject({ decision: 'grant' });
    });

    it('should answer a delta with an unknown op with ERROR Malformed and end the session', () => {
      const { commonLock, management } = makeSite();
      const delta = management.issueBlocklistDelta([{ op: 'add', keyId: 29, retireDay: START_DAY + 9 }]);
      delta[8] = 3;
      const binding = openSession(commonLock, 29);
      expect(decodeError(commonLock.receive(delta))).toBe(Reason.Malformed);
      expect(decodeError(commonLock.receive(encodeAuth({ credential: management.issueCredential(credentialDefaults(29)) }, binding, management.keyKeyFor(29))))).toBe(
        Reason.UnexpectedFrame,
      );
    });
  });

  describe('time (§3, §7.5)', () => {
    it('should move the mark forward by at most timeStepMaxDays for a credential issued later', () => {
      const { commonLock, makeKey } = makeSite();
      const outcome = makeKey({ keyId: 31, issuedAtMinutes: minutesAt(START_DAY + 100) }).insert(commonLock);
      expect(outcome).toMatchObject({ decision: 'grant', markDay: START_DAY + TIME_STEP_MAX_DAYS });
      expect(openSession(commonLock, 31).markDay).toBe(START_DAY + TIME_STEP_MAX_DAYS);
    });

    it('should judge the window against the clamped time, not the credential issue time', () => {
      const { commonLock, makeKey } = makeSite();
      const key = makeKey({ keyId: 32, issuedAtMinutes: minutesAt(START_DAY + 100), validFromMinutes: minutesAt(START_DAY + 50) });
      expect(key.insert(commonLock)).toMatchObject({ reason: Reason.NotYetValid, markDay: START_DAY + TIME_STEP_MAX_DAYS });
    });

    it('should never move the mark back for a credential issued earlier', () => {
      const { commonLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 33, issuedAtMinutes: minutesAt(START_DAY - 20) }).insert(commonLock)).toMatchObject({ decision: 'grant', markDay: START_DAY });
      expect(openSession(commonLock, 33).markDay).toBe(START_DAY);
    });

    it('should write the mark after both MACs verified even when a later check refuses', () => {
      const { commonLock, makeKey } = makeSite();
      const outcome = makeKey({ keyId: 34, issuedAtMinutes: minutesAt(START_DAY + 3), groups: [STORAGE_GROUP] }).insert(commonLock);
      expect(outcome).toMatchObject({ reason: Reason.NoAccessGroup, markDay: START_DAY + 3 });
    });

    it('should not move the mark for an AUTH whose key MAC is wrong', () => {
      const { commonLock, management } = makeSite();
      const binding = openSession(commonLock, 35);
      const credential = management.issueCredential({ ...credentialDefaults(35), issuedAtMinutes: minutesAt(START_DAY + 3) });
      const frame = encodeAuth({ credential }, binding, management.keyKeyFor(35));
      frame[frame.length - 1]! ^= 1;
      const result = decodeResult(commonLock.receive(frame), binding, management.keyKeyFor(35));
      expect(result).toMatchObject({ reason: Reason.BadKeyMac, markDay: START_DAY });
    });

    it("should carry time from lock to lock in a voucher, and ignore a voucher whose MAC is wrong", () => {
      const { commonLock, privateLock, makeKey, management } = makeSite();
      makeKey({ keyId: 36, issuedAtMinutes: minutesAt(START_DAY + 5) }).insert(commonLock);
      const traveller = makeKey({ keyId: 37, role: Role.Emergency, dwellingId: 0 });
      traveller.insert(commonLock);
      expect(traveller.insert(privateLock)).toMatchObject({ decision: 'grant', markDay: START_DAY + 5 });

      const lock = makeSite().commonLock;
      const binding = openSession(lock, 36);
      const voucher = encodeVoucher({ day: START_DAY + 9, lockId: PRIVATE_LOCK_ID }, new Uint8Array(16));
      const credential = management.issueCredential(credentialDefaults(36));
      expect(authenticate(lock, management, 36, binding, { credential, voucher })).toMatchObject({ granted: true, markDay: START_DAY });
    });
  });

  describe('a tenant change at a private lock (§7.8)', () => {
    it('should give the first resident key of a newer generation the tenant secret, then open for it with its tenant proof', () => {
      const { privateLock, makeKey } = makeSite();
      const first = makeKey({ keyId: 41, generation: 1 });
      expect(first.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(first.tenantSecretFor(PRIVATE_LOCK_ID)).toHaveLength(16);
      expect(first.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      expect(first.insert(privateLock, { sendTenantProof: false })).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      // The lock now holds generation 1, changed on START_DAY, at consent epoch 0.
      expect(makeKey({ keyId: 52, generation: 0 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.TenantChanged, changeDay: START_DAY });
      expect(makeKey({ keyId: 53, generation: 1 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof, tenantSecretReceived: false });
      const contractor = makeKey({ keyId: 54, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
      contractor.receiveConsentToken(first.makeConsentToken(PRIVATE_LOCK_ID, 54, minutesAt(START_DAY), minutesAt(START_DAY + 1), 0));
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'grant' });
    });

    it('should refuse a second key of the same generation that does not hold T with NoTenantProof', () => {
      const { privateLock, makeKey } = makeSite();
      makeKey({ keyId: 42, generation: 1 }).insert(privateLock);
      expect(makeKey({ keyId: 43, generation: 1 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      expect(makeKey({ keyId: 44, generation: 1, role: Role.ExtraKey }).insert(privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
    });

    it("should refuse a key whose generation is older than the lock's with TenantChanged and tell the day of the change", () => {
      const { privateLock, makeKey } = makeSite();
      makeKey({ keyId: 45, generation: 1, issuedAtMinutes: minutesAt(START_DAY + 2) }).insert(privateLock);
      expect(makeKey({ keyId: 46, generation: 0 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.TenantChanged, changeDay: START_DAY + 2 });
    });

    it("should make the previous tenant's key and T useless after the next tenant change", () => {
      const { privateLock, makeKey } = makeSite();
      const oldTenant = makeKey({ keyId: 47, generation: 1 });
      oldTenant.insert(privateLock);
      expect(makeKey({ keyId: 48, generation: 2 }).insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(oldTenant.insert(privateLock)).toMatchObject({ reason: Reason.TenantChanged, changeDay: START_DAY });
    });

    it('should not let an extra key of a newer generation make a tenant change', () => {
      const { privateLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 49, generation: 1, role: Role.ExtraKey }).insert(privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
      // The lock is still at generation 0: a resident of generation 1 makes the change.
      expect(makeKey({ keyId: 52, generation: 1 }).insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    });

    it('should refuse a resident of generation 0 at a lock that has no tenant yet with NoTenantProof', () => {
      const { privateLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 50, generation: 0 }).insert(privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
    });

    it("should refuse a resident of another dwelling with NoTenantProof", () => {
      const { privateLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 51, dwellingId: DWELLING_B, generation: 5 }).insert(privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
    });
  });

  describe('the generation table of a common door (§7.6 step 10)', () => {
    it('should raise the entry with a newer key and then refuse an older one with TenantChanged and the day it was raised', () => {
      const { commonLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 61, generation: 2, issuedAtMinutes: minutesAt(START_DAY + 4) }).insert(commonLock)).toMatchObject({ decision: 'grant' });
      const outcome = makeKey({ keyId: 62, generation: 1 }).insert(commonLock);
      expect(outcome).toMatchObject({ decision: 'deny', reason: Reason.TenantChanged, changeDay: START_DAY + 4 });
    });

    it('should write the entry only with a grant', () => {
      const { commonLock, makeKey } = makeSite();
      makeKey({ keyId: 63, generation: 3, validUntilMinutes: minutesAt(START_DAY) }).insert(commonLock);
      expect(makeKey({ keyId: 67, generation: 1 }).insert(commonLock)).toMatchObject({ decision: 'grant' });
    });

    it('should leave a dwelling untracked when the table is full', () => {
      const site = makeSite();
      const tiny = { ...profile, capacities: { ...profile.capacities, generationTableEntries: { ...profile.capacities.generationTableEntries, value: 1 } } };
      const lock = site.makeLock({ lockId: 3002, privateDwelling: 0, groups: [FRONT_DOOR_GROUP], profile: tiny });
      site.makeKey({ keyId: 64, generation: 2 }).insert(lock);
      expect(site.makeKey({ keyId: 65, dwellingId: DWELLING_B, generation: 5 }).insert(lock)).toMatchObject({ decision: 'grant' });
      expect(site.makeKey({ keyId: 66, dwellingId: DWELLING_B, generation: 1 }).insert(lock)).toMatchObject({ decision: 'grant' });
      expect(site.makeKey({ keyId: 67, generation: 1 }).insert(lock)).toMatchObject({ decision: 'deny', reason: Reason.TenantChanged, changeDay: START_DAY });
    });
  });

  describe('consent at a private lock (§6.2, §7.6 step 11)', () => {
    function withTenant() {
      const site = makeSite();
      const tenant = site.makeKey({ keyId: 71, generation: 1 });
      tenant.insert(site.privateLock);
      const contractor = site.makeKey({ keyId: 72, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
      return { ...site, tenant, contractor };
    }
    const window = [minutesAt(START_DAY), minutesAt(START_DAY + 1)] as const;

    it('should refuse a contractor without a consent token with NoConsent', () => {
      const { privateLock, contractor } = withTenant();
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoConsent });
    });

    it("should grant a contractor with a token the tenant's key made for it", () => {
      const { privateLock, contractor, tenant } = withTenant();
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 72, ...window, 0));
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'grant' });
    });

    it('should refuse a token of another epoch with ConsentWithdrawn and one outside its window with ConsentExpired', () => {
      const { privateLock, contractor, tenant } = withTenant();
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 72, ...window, 1));
      expect(contractor.insert(privateLock)).toMatchObject({ reason: Reason.ConsentWithdrawn });
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 72, minutesAt(START_DAY - 2), minutesAt(START_DAY), 0));
      expect(contractor.insert(privateLock)).toMatchObject({ reason: Reason.ConsentExpired });
    });

    it("should refuse a token made for another key, or under a previous tenant's T, with NoConsent", () => {
      const { privateLock, contractor, tenant, makeKey } = withTenant();
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 99, ...window, 0));
      expect(contractor.insert(privateLock)).toMatchObject({ reason: Reason.NoConsent });
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 72, ...window, 0));
      makeKey({ keyId: 73, generation: 2 }).insert(privateLock);
      expect(contractor.insert(privateLock)).toMatchObject({ reason: Reason.NoConsent });
    });

    it('should let a care worker in with a token and need none at a common door', () => {
      const { privateLock, commonLock, tenant, makeKey } = withTenant();
      const careWorker = makeKey({ keyId: 74, role: Role.CareWorker, dwellingId: 0, groups: [DWELLING_A, FRONT_DOOR_GROUP] });
      expect(careWorker.insert(commonLock)).toMatchObject({ decision: 'grant' });
      careWorker.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 74, ...window, 0));
      expect(careWorker.insert(privateLock)).toMatchObject({ decision: 'grant' });
    });
  });

  describe('an emergency key at a private lock (§7.6 step 11)', () => {
    it('should grant and record the opening with its day, minute of day and key id', () => {
      const { privateLock, makeKey } = makeSite();
      const emergency = makeKey({ keyId: 81, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY + 1, 125) });
      expect(emergency.insert(privateLock)).toMatchObject({ decision: 'grant' });
      // The record reaches the next tenant's key in its RESULT (§9.3).
      expect(makeKey({ keyId: 85, generation: 1 }).insert(privateLock)).toMatchObject({
        decision: 'grant',
        tenantSecretReceived: true,
        emergencyNotice: { count: 1, acknowledged: 0, newest: { day: START_DAY + 1, minuteOfDay: 125, keyId: 81 } },
      });
    });

    it('should keep the emergency count across a tenant change', () => {
      const { privateLock, makeKey } = makeSite();
      makeKey({ keyId: 82, role: Role.Emergency, dwellingId: 0 }).insert(privateLock);
      const tenant = makeKey({ keyId: 83, generation: 1 });
      expect(tenant.insert(privateLock)).toMatchObject({ tenantSecretReceived: true });
      expect(tenant.insert(privateLock).emergencyNotice).toMatchObject({ count: 1, acknowledged: 0, newest: { keyId: 82 } });
    });

    it("should show an unacknowledged opening to the previous tenant's refused keys for 28 days after a tenant change, then no more", () => {
      const { privateLock, makeKey } = makeSite();
      const oldTenant = makeKey({ keyId: 86, generation: 1, issuedAtMinutes: minutesAt(START_DAY) });
      expect(oldTenant.insert(privateLock)).toMatchObject({ tenantSecretReceived: true });
      makeKey({ keyId: 87, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY + 1, 600) }).insert(privateLock);
      makeKey({ keyId: 88, generation: 2, issuedAtMinutes: minutesAt(START_DAY + 2) }).insert(privateLock);
      const notice = { count: 1, acknowledged: 0, newest: { day: START_DAY + 1, minuteOfDay: 600, keyId: 87 } };
      expect(oldTenant.insert(privateLock)).toMatchObject({ reason: Reason.TenantChanged, changeDay: START_DAY + 2, emergencyNotice: notice });
      // Day 27 after the change (the mark moved by a newer key's issue time, within the step): still shown.
      makeKey({ keyId: 89, generation: 2, role: Role.ExtraKey, issuedAtMinutes: minutesAt(START_DAY + 2 + 27) }).insert(privateLock);
      expect(oldTenant.insert(privateLock)).toMatchObject({ reason: Reason.TenantChanged, markDay: START_DAY + 29, emergencyNotice: notice });
      // Day 28: the previous tenant is no longer told.
      makeKey({ keyId: 90, generation: 2, role: Role.ExtraKey, issuedAtMinutes: minutesAt(START_DAY + 2 + 28) }).insert(privateLock);
      const refused = oldTenant.insert(privateLock);
      expect(refused).toMatchObject({ reason: Reason.TenantChanged, markDay: START_DAY + 30 });
      expect(refused.emergencyNotice).toBeUndefined();
    });

    it('should keep the details of the first 8 openings and count every later one', () => {
      const { privateLock, makeKey } = makeSite();
      for (let n = 0; n < 10; n++) {
        expect(makeKey({ keyId: 200 + n, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY + 1, n) }).insert(privateLock)).toMatchObject({ decision: 'grant' });
      }
      // The notice shows the full count with the 8th detail: later openings have no slot (R-EMG-2).
      expect(makeKey({ keyId: 91, generation: 1 }).insert(privateLock).emergencyNotice).toMatchObject({ count: 10, acknowledged: 0, newest: { keyId: 207, minuteOfDay: 7 } });
    });

    it('should not record an emergency opening at a common door', () => {
      const { commonLock, makeKey } = makeSite();
      expect(makeKey({ keyId: 84, role: Role.Emergency, dwellingId: 0, groups: [FRONT_DOOR_GROUP] }).insert(commonLock)).toMatchObject({ decision: 'grant' });
      // A common door tells no one of emergency openings: its count is NVM only, checked in test/reference/persistent-state.test.ts.
    });
  });

  describe('freshness: every MAC covers the nonce and the lock (§7.1)', () => {
    it('should refuse an AUTH replayed from a previous session with BadKeyMac', () => {
      const { commonLock, makeKey, management } = makeSite();
      const outcome = makeKey({ keyId: 91 }).insert(commonLock);
      const [hello, , auth] = outcome.frames.map((f) => f.bytes);
      commonLock.powerUp();
      const challenge = commonLock.receive(hello!);
      const binding = { lockId: COMMON_LOCK_ID, lockNonce: challenge.slice(6, 22), keyNonce: hello!.slice(6, 14) };
      expect(decodeResult(commonLock.receive(auth!), binding, management.keyKeyFor(91))).toMatchObject({ granted: false, reason: Reason.BadKeyMac });
    });

    it("should refuse an AUTH made for another lock's nonce with BadKeyMac", () => {
      const { commonLock, privateLock, management } = makeSite();
      const atPrivate = openSession(privateLock, 92);
      const atCommon = openSession(commonLock, 92, { keyNonce: atPrivate.keyNonce });
      const kKey = management.keyKeyFor(92);
      const frame = encodeAuth({ credential: management.issueCredential(credentialDefaults(92)) }, atPrivate, kKey);
      expect(decodeResult(commonLock.receive(frame), atCommon, kKey)).toMatchObject({ granted: false, reason: Reason.BadKeyMac });
    });

    it('should let the key take a RESULT it cannot verify as a refusal, when its HELLO was altered on the way', () => {
      const { commonLock, makeKey } = makeSite();
      const alteringHello: LockTarget = {
        provision: (record) => commonLock.provision(record),
        powerUp: () => commonLock.powerUp(),
        receive: (frame) => commonLock.receive(frame[0] === FrameType.Hello ? Object.assign(frame.slice(), { [2]: frame[2]! ^ 1 }) : frame),
      };
      const outcome = makeKey({ keyId: 96 }).insert(alteringHello);
      expect(outcome).toMatchObject({ decision: 'deny', reason: Reason.KeyMismatch, authenticated: false });
      expect(makeKey({ keyId: 96 }).insert(commonLock)).toMatchObject({ decision: 'grant', authenticated: true });
    });

    it('should draw a new nonce for a second HELLO in the same session', () => {
      const { commonLock } = makeSite();
      const first = openSession(commonLock, 93);
      const second = openSession(commonLock, 93, { powerUp: false });
      expect(second.lockNonce).not.toEqual(first.lockNonce);
    });
  });

  describe('the session state machine (§7.9) and provisioning (§9.1)', () => {
    const hello = (keyId = 1, protocolVersion = 1) => encodeHello({ keyId, keyNonce: new Uint8Array(8), keyFlags: 0, protocolVersion });

    it('should answer every frame with ERROR NotProvisioned until provisioned', () => {
      const lock = target.make(new SeededEntropy('unprovisioned'));
      lock.powerUp();
      for (const frame of [hello(), new Uint8Array(0), Uint8Array.of(0x03, 1, 2)]) expect(decodeError(lock.receive(frame))).toBe(Reason.NotProvisioned);
    });

    it('should refuse a second provisioning with UnexpectedFrame and a bad record with its reason', () => {
      const { commonLock, management } = makeSite();
      const record = management.makeProvisioningRecord({ lockId: 5, privateDwelling: 0, groups: [1], markDay: 0, profile });
      expect(commonLock.provision(record)).toBe(Reason.UnexpectedFrame);
      const fresh = () => {
        const lock = target.make(new SeededEntropy('fresh'));
        lock.powerUp();
        return lock;
      };
      expect(fresh().provision(record.subarray(0, 100))).toBe(Reason.Malformed);
      expect(fresh().provision(Object.assign(record.slice(), { [0]: 2 }))).toBe(Reason.UnsupportedVersion);
      expect(fresh().provision(Object.assign(record.slice(), { [9]: 0 }))).toBe(Reason.Malformed);
      expect(fresh().provision(record)).toBe(Reason.Ok);
    });

    it('should answer a HELLO of another version with ERROR UnsupportedVersion', () => {
      const { commonLock } = makeSite();
      expect(decodeError(commonLock.receive(hello(1, 2)))).toBe(Reason.UnsupportedVersion);
    });

    it('should answer AUTH or DELTA before HELLO, and AUTH after RESULT, with ERROR UnexpectedFrame', () => {
      const { commonLock, makeKey, management } = makeSite();
      const delta = management.issueBlocklistDelta([{ op: 'add', keyId: 5, retireDay: START_DAY }]);
      expect(decodeError(commonLock.receive(delta))).toBe(Reason.UnexpectedFrame);
      const auth = makeKey({ keyId: 94 }).insert(commonLock).frames[2]!.bytes;
      expect(decodeError(commonLock.receive(auth))).toBe(Reason.UnexpectedFrame);
    });

    it('should start a new session with a new nonce when a HELLO follows a RESULT (§7.3)', () => {
      const { commonLock, makeKey } = makeSite();
      const first = makeKey({ keyId: 94 }).insert(commonLock, { powerUp: false });
      const challenge = commonLock.receive(hello(94));
      expect(challenge[0]).toBe(FrameType.Challenge);
      expect(Buffer.from(challenge).equals(Buffer.from(first.frames[1]!.bytes))).toBe(false);
    });

    it('should lose the session at power-up', () => {
      const { commonLock, management } = makeSite();
      const binding = openSession(commonLock, 95);
      commonLock.powerUp();
      const frame = encodeAuth({ credential: management.issueCredential(credentialDefaults(95)) }, binding, management.keyKeyFor(95));
      expect(decodeError(commonLock.receive(frame))).toBe(Reason.UnexpectedFrame);
    });

    it('should answer an unknown frame type and an empty frame with ERROR Malformed', () => {
      const { commonLock } = makeSite();
      expect(decodeError(commonLock.receive(Uint8Array.of(0x05, 0)))).toBe(Reason.Malformed);
      expect(decodeError(commonLock.receive(Uint8Array.of(FrameType.Challenge, 0)))).toBe(Reason.Malformed);
      expect(decodeError(commonLock.receive(new Uint8Array(0)))).toBe(Reason.Malformed);
    });

    it('should derive its keys from the provisioning record as the management system does', () => {
      const { commonLock, privateLock, makeKey, management } = makeSite();
      // K_iss checks the credential and the delta, K_key the AUTH and the RESULT, K_time the voucher another lock takes.
      const key = makeKey({ keyId: 97, issuedAtMinutes: minutesAt(START_DAY + 2) });
      key.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 901, retireDay: START_DAY + 9 }]));
      const outcome = key.insert(commonLock);
      expect(outcome).toMatchObject({ decision: 'grant', authenticated: true, markDay: START_DAY + 2 });
      expect(outcome.deltas).toEqual([{ fromVersion: 0, reason: Reason.Ok, blocklistVersion: 1 }]);
      const traveller = makeKey({ keyId: 98, role: Role.Emergency, dwellingId: 0 });
      traveller.insert(commonLock);
      expect(traveller.insert(privateLock)).toMatchObject({ decision: 'grant', authenticated: true, markDay: START_DAY + 2 });
    });
  });
});
