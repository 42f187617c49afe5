/**
 * Tenant commands (PROTOCOL.md §9.2), enrolment at AUTH (§7.6 step 11) and emergency notices (§9.3)
 * between keys and every lock target. What only the reference lock can show (its NVM as objects,
 * its command handler called directly) is checked in test/reference/.
 */
import { rngAesCtrDrbg128 } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import {
  AUTH_PART_TENANT_PROOF,
  AUTH_PART_VOUCHER,
  AUTH_PARTS,
  Command,
  COMMAND_MAX,
  COMMAND_RESULT_FIXED_BYTES,
  ENCLOSED_SECRET_BYTES,
  ENROLMENT_PLACES,
  FrameType,
  NOTICE_EMERGENCY,
  NOTICE_TENANT_SECRET,
  NOTICE_VOUCHER,
  RESULT_NOTICES,
} from '../../firmware/protocol.js';
import { RepeatingEntropy } from '../../host/devices/seeded-entropy.js';
import type { SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { frameFields } from '../../host/protocol/frame-fields.js';
import {
  decodeChallenge,
  decodeError,
  decodeResult,
  encloseRotatedSecret,
  encodeAuth,
  encodeCommand,
  type SessionBinding,
} from '../../host/protocol/frames.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { tenantProof } from '../../host/protocol/macs.js';
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
  START_DAY,
  type Site,
} from './fixture.js';
import { ack, bindingOf, commandResultOf, enrol, RAISE, ROTATE, sendCommand, siteWithTenant, tAuthOf, TENANT } from './commands.js';
import { TARGETS } from './targets.js';

describe.each(TARGETS.map((target) => [target.name, target] as const))('%s', (_name, target) => {
  const makeSite = (options: { seed?: string } = {}) => makeSiteOf({ makeLock: target.make, ...options });

  const withTenant = (seed?: string) => siteWithTenant(target.make, seed);

  describe('ENROL and enrolment at AUTH (§9.2, §7.6 step 11)', () => {
    it('should let the tenant key enrol a key, which then receives T and opens with its own proof the next time', () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      const outcome = tenant.insert(privateLock, { commands: [enrol(202)] });
      expect(outcome).toMatchObject({ decision: 'grant', commands: [{ command: Command.Enrol, argument: 202, reason: Reason.Ok, value: 1, authenticated: true }] });

      const extra = makeKey({ keyId: 202, role: Role.ExtraKey });
      const enrolment = extra.insert(privateLock);
      expect(enrolment).toMatchObject({ decision: 'grant', reason: Reason.Ok, tenantSecretReceived: true });
      expect(extra.tenantSecretFor(PRIVATE_LOCK_ID)).toEqual(tenant.tenantSecretFor(PRIVATE_LOCK_ID));
      expect(enrolment.frames[3]!.bytes[RESULT_NOTICES]).toBe(NOTICE_TENANT_SECRET | NOTICE_VOUCHER);
      // Nothing was drawn: the tenant's T still opens.
      expect(tenant.insert(privateLock)).toMatchObject({ decision: 'grant' });

      expect(extra.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      expect(extra.insert(privateLock, { sendTenantProof: false })).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      // The enrolment took 202 off the list: it is empty, one more makes one.
      expect(tenant.insert(privateLock, { commands: [enrol(299)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });

    it('should enclose T for the enrolled key under its own K_key and the session nonce, as at a tenant change', () => {
      const site = withTenant();
      site.tenant.insert(site.privateLock, { commands: [enrol(203)] });
      const outcome = site.makeKey({ keyId: 203 }).insert(site.privateLock);
      const binding = bindingOf(outcome);
      const result = decodeResult(outcome.frames[3]!.bytes, binding, site.management.keyKeyFor(203));
      expect(result.tenantSecret).toEqual(site.tenant.tenantSecretFor(PRIVATE_LOCK_ID));
    });

    it('should refuse a key that was not enrolled with NoTenantProof', () => {
      const site = withTenant();
      site.tenant.insert(site.privateLock, { commands: [enrol(204)] });
      expect(site.makeKey({ keyId: 205 }).insert(site.privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof, tenantSecretReceived: false });
      // 204 is still the only key waiting: adding it again leaves one.
      expect(site.tenant.insert(site.privateLock, { commands: [enrol(204)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });

    it("should not enrol a waiting key of another generation or dwelling, nor a contractor, and keep it waiting", () => {
      const site = withTenant();
      site.tenant.insert(site.privateLock, { commands: [enrol(206), enrol(207), enrol(208)] });
      expect(site.makeKey({ keyId: 206, role: Role.ExtraKey, generation: 2 }).insert(site.privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
      expect(site.makeKey({ keyId: 207, dwellingId: DWELLING_B }).insert(site.privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
      expect(site.makeKey({ keyId: 208, role: Role.Contractor, dwellingId: 0 }).insert(site.privateLock)).toMatchObject({ reason: Reason.NoConsent });
      // All three still wait: adding them again leaves three.
      expect(site.tenant.insert(site.privateLock, { commands: [enrol(206), enrol(207), enrol(208)] }).commands.map((c) => [c.reason, c.value])).toEqual([
        [Reason.Ok, 3],
        [Reason.Ok, 3],
        [Reason.Ok, 3],
      ]);
    });

    it('should enrol a waiting key that shows a wrong tenant proof (its T from before a rotation)', () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      const extra = makeKey({ keyId: 209, role: Role.ExtraKey });
      tenant.insert(privateLock, { commands: [enrol(209)] });
      extra.insert(privateLock);
      tenant.insert(privateLock, { commands: [ROTATE] });
      // §4.2: T' is pending, so the extra key's T still opens, until the tenant's key proves T'.
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      expect(tenant.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      // The extra key's T is now the old one: a wrong proof.
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      tenant.insert(privateLock, { commands: [enrol(209)] });
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(extra.tenantSecretFor(PRIVATE_LOCK_ID)).toEqual(tenant.tenantSecretFor(PRIVATE_LOCK_ID));
    });

    it('should add a keyId already waiting only once, and refuse a fifth with EnrolmentFull and the list unchanged', () => {
      const site = withTenant();
      const outcome = site.tenant.insert(site.privateLock, { commands: [enrol(301), enrol(301), enrol(302), enrol(303), enrol(304), enrol(305), enrol(302)] });
      expect(outcome.commands.map((c) => [c.reason, c.value])).toEqual([
        [Reason.Ok, 1],
        [Reason.Ok, 1],
        [Reason.Ok, 2],
        [Reason.Ok, 3],
        [Reason.Ok, 4],
        [Reason.EnrolmentFull, ENROLMENT_PLACES],
        [Reason.Ok, 4],
      ]);
      // An enrolment frees a place; the others keep theirs (their order: test/reference/persistent-state.test.ts).
      expect(site.makeKey({ keyId: 302 }).insert(site.privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(site.tenant.insert(site.privateLock, { commands: [enrol(305)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 4 }]);
      // 301, 303, 304 and 305 wait: adding them again leaves four; 302 is gone and finds no place.
      const again = site.tenant.insert(site.privateLock, { commands: [enrol(301), enrol(303), enrol(304), enrol(305), enrol(302)] });
      expect(again.commands.map((c) => [c.reason, c.value])).toEqual([
        [Reason.Ok, 4],
        [Reason.Ok, 4],
        [Reason.Ok, 4],
        [Reason.Ok, 4],
        [Reason.EnrolmentFull, ENROLMENT_PLACES],
      ]);
    });

    it('should empty the list at a tenant change', () => {
      const site = withTenant();
      site.tenant.insert(site.privateLock, { commands: [enrol(210)] });
      const next = site.makeKey({ keyId: 211, generation: 2 });
      expect(next.insert(site.privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(site.makeKey({ keyId: 210, generation: 2 }).insert(site.privateLock)).toMatchObject({ reason: Reason.NoTenantProof });
      // The list is empty: one more makes one.
      expect(next.insert(site.privateLock, { commands: [enrol(212)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });
  });

  describe('the landlord cannot enrol (§9.2)', () => {
    it('should leave a key without T unable to send a command at all', () => {
      const site = withTenant();
      const landlords = site.makeKey({ keyId: 220 });
      const outcome = landlords.insert(site.privateLock, { commands: [enrol(221)] });
      expect(outcome).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof, commands: [] });
      expect(outcome.frames.map((f) => f.bytes[0])).not.toContain(FrameType.Command);
    });

    it('should answer a COMMAND whose MAC is not under T_auth with COMMAND_RESULT BadKeyMac and change nothing, and go on', () => {
      const site = withTenant();
      const outcome = site.tenant.insert(site.privateLock);
      const binding = bindingOf(outcome);
      // A MAC under what the landlord knows (K_key of the tenant's key), not under T_auth.
      const landlordsKey = site.management.keyKeyFor(TENANT);
      const forged = sendCommand(site, binding, landlordsKey, enrol(221));
      expect(forged.length).toBe(COMMAND_RESULT_FIXED_BYTES);
      expect(commandResultOf(site, TENANT, binding, forged)).toEqual({ reason: Reason.BadKeyMac, value: 0 });
      // The session is still in DECIDED: the tenant's own commands are done.
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), enrol(221)))).toEqual({ reason: Reason.Ok, value: 1 });
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), RAISE))).toEqual({ reason: Reason.Ok, value: 1 });
      // A command refused for its MAC tells nothing: value 0 whatever the command.
      const forgedValues = [enrol(222), RAISE, ack(5), ROTATE].map((fields) => commandResultOf(site, TENANT, binding, sendCommand(site, binding, landlordsKey, fields)));
      expect(forgedValues).toEqual([
        { reason: Reason.BadKeyMac, value: 0 },
        { reason: Reason.BadKeyMac, value: 0 },
        { reason: Reason.BadKeyMac, value: 0 },
        { reason: Reason.BadKeyMac, value: 0 },
      ]);
      // Nothing of them was done: 222 is not waiting, the epoch is still 1, nothing was acknowledged, and T did not rotate.
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), enrol(223)))).toEqual({ reason: Reason.Ok, value: 2 });
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), RAISE))).toEqual({ reason: Reason.Ok, value: 2 });
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), ack(0)))).toEqual({ reason: Reason.Ok, value: 0 });
      expect(site.tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant' });
    });

    it('should refuse a COMMAND of another session (replayed) with BadKeyMac', () => {
      const site = withTenant();
      const first = site.tenant.insert(site.privateLock, { commands: [enrol(222)] });
      const command = first.frames[4]!.bytes;
      const second = site.tenant.insert(site.privateLock);
      const binding = bindingOf(second);
      expect(commandResultOf(site, TENANT, binding, site.privateLock.receive(command))).toEqual({ reason: Reason.BadKeyMac, value: 0 });
      // The session goes on; 222 alone is waiting.
      expect(commandResultOf(site, TENANT, binding, sendCommand(site, binding, tAuthOf(site.tenant), enrol(222)))).toEqual({ reason: Reason.Ok, value: 1 });
    });
  });

  describe('ROTATE (§9.2)', () => {
    it('should give the rotating key T\' under the old T_auth: it opens next time, the other tenant keys need enrolling again', () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      const extra = makeKey({ keyId: 230, role: Role.ExtraKey });
      tenant.insert(privateLock, { commands: [enrol(230)] });
      extra.insert(privateLock);
      tenant.insert(privateLock, { commands: [enrol(231)] });
      const oldSecret = tenant.tenantSecretFor(PRIVATE_LOCK_ID)!;

      const outcome = tenant.insert(privateLock, { commands: [ROTATE, enrol(232)] });
      expect(outcome).toMatchObject({ decision: 'grant', tenantSecretRotated: true, commands: [{ command: Command.Rotate, reason: Reason.Ok, value: 0, authenticated: true }] });
      const newSecret = tenant.tenantSecretFor(PRIVATE_LOCK_ID)!;
      expect(newSecret).not.toEqual(oldSecret);

      // The COMMAND_RESULT: reason, value, E ‖ MAC under the old T_auth, MAC.
      const answer = outcome.frames[5]!.bytes;
      const binding = bindingOf(outcome);
      expect(answer.length).toBe(COMMAND_RESULT_FIXED_BYTES + ENCLOSED_SECRET_BYTES);
      const oldTAuth = tenantKeys(oldSecret, PRIVATE_LOCK_ID).tAuth;
      expect(answer.subarray(6, 30)).toEqual(encloseRotatedSecret(nobleBackend, oldTAuth, binding.lockNonce, newSecret));
      expect(frameFields(answer).map((f) => f.name)).toEqual(['type', 'reason', 'value', 'rotatedSecret.E', 'rotatedSecret.mac', 'mac']);
      expect(outcome.frames).toHaveLength(6); // the key sent nothing after ROTATE

      expect(tenant.insert(privateLock)).toMatchObject({ decision: 'grant' });
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      expect(makeKey({ keyId: 231 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      // ROTATE emptied the list (one more makes one) and kept generation 1 and consent epoch 0.
      expect(tenant.insert(privateLock, { commands: [enrol(230)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expect(extra.insert(privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      expect(makeKey({ keyId: 233, generation: 0 }).insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.TenantChanged, changeDay: START_DAY });
      expect(tenant.insert(privateLock, { commands: [RAISE] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });

    it("should draw T' as the nonce generator's next 16 bytes after the challenge nonce", () => {
      const seed = Uint8Array.from({ length: 32 }, (_, i) => 0xa0 + i);
      const site = makeSite();
      const lock = target.make(new RepeatingEntropy(seed));
      lock.powerUp();
      expect(lock.provision(site.management.makeProvisioningRecord({ lockId: 2002, privateDwelling: DWELLING_A, groups: [DWELLING_A], markDay: START_DAY, profile }))).toBe(0);
      const tenant = site.makeKey({ keyId: 240 });
      // One power-up, two sessions: the tenant change draws T after its nonce, ROTATE T' after the next nonce.
      const change = tenant.insert(lock);
      const rotation = tenant.insert(lock, { powerUp: false, commands: [ROTATE] });
      const drbg = rngAesCtrDrbg128(seed);
      const [nonce1, t1, nonce2, t2] = [1, 2, 3, 4].map(() => drbg.randomBytes(16));
      expect(decodeChallenge(change.frames[1]!.bytes).lockNonce).toEqual(nonce1);
      expect(decodeChallenge(rotation.frames[1]!.bytes).lockNonce).toEqual(nonce2);
      expect(rotation.commands).toMatchObject([{ reason: Reason.Ok }]);
      expect(tenant.tenantSecretFor(2002)).toEqual(t2);
      expect(t2).not.toEqual(t1);
    });

    it('should end the session: any COMMAND after it is answered with ERROR UnexpectedFrame', () => {
      const site = withTenant();
      const oldTAuth = tAuthOf(site.tenant);
      const outcome = site.tenant.insert(site.privateLock, { commands: [ROTATE] });
      const binding = bindingOf(outcome);
      expect(decodeError(sendCommand(site, binding, tAuthOf(site.tenant), RAISE))).toBe(Reason.UnexpectedFrame);
      const again = site.tenant.insert(site.privateLock, { commands: [ROTATE] });
      expect(decodeError(sendCommand(site, bindingOf(again), oldTAuth, enrol(1)))).toBe(Reason.UnexpectedFrame);
      const third = site.tenant.insert(site.privateLock, { commands: [ROTATE] });
      expect(decodeError(site.privateLock.receive(Uint8Array.of(FrameType.Command, 1)))).toBe(Reason.UnexpectedFrame);
      expect(third.commands).toHaveLength(1);
      // A HELLO starts a new session as ever; no COMMAND refused above raised the epoch (still 0).
      expect(site.tenant.insert(site.privateLock, { powerUp: false, commands: [RAISE] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });
  });

  describe('RAISE_CONSENT_EPOCH (§9.2)', () => {
    it('should refuse a token made before with ConsentWithdrawn, and accept one of the new epoch', () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      const contractor = makeKey({ keyId: 250, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
      const window = [minutesAt(START_DAY), minutesAt(START_DAY + 2)] as const;
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 250, ...window, 0));
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'grant' });
      expect(tenant.insert(privateLock, { commands: [RAISE, RAISE] }).commands).toMatchObject([
        { command: Command.RaiseConsentEpoch, reason: Reason.Ok, value: 1 },
        { command: Command.RaiseConsentEpoch, reason: Reason.Ok, value: 2 },
      ]);
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'deny', reason: Reason.ConsentWithdrawn });
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 250, ...window, 2));
      expect(contractor.insert(privateLock)).toMatchObject({ decision: 'grant' });
    });
  });

  describe('emergency notices and ACK_EMERGENCY (§9.3)', () => {
    const emergencyKey = (site: Site, keyId: number, minuteOfDay: number) =>
      site.makeKey({ keyId, role: Role.Emergency, dwellingId: 0, issuedAtMinutes: minutesAt(START_DAY, minuteOfDay) });

    it('should tell the tenant key of an emergency opening in its next grant until it acknowledges it', () => {
      const site = withTenant();
      const { privateLock, tenant } = site;
      expect(tenant.insert(privateLock).emergencyNotice).toBeUndefined();
      expect(emergencyKey(site, 260, 700).insert(privateLock)).toMatchObject({ decision: 'grant' });
      expect(emergencyKey(site, 261, 745).insert(privateLock).emergencyNotice).toBeUndefined();

      const seen = tenant.insert(privateLock);
      expect(seen.emergencyNotice).toEqual({ count: 2, acknowledged: 0, newest: { day: START_DAY, minuteOfDay: 745, keyId: 261 } });
      const result = seen.frames[3]!.bytes;
      expect(result[RESULT_NOTICES]).toBe(NOTICE_VOUCHER | NOTICE_EMERGENCY);
      expect(result.length).toBe(14 + 14 + 16);
      expect(frameFields(result).map((f) => f.name).slice(5)).toEqual([
        'voucher.day',
        'voucher.lockId',
        'voucher.mac',
        'emergency.count',
        'emergency.acknowledged',
        'emergency.newest.day',
        'emergency.newest.minuteOfDay',
        'emergency.newest.keyId',
        'resultMac',
      ]);

      // Acknowledging 1 of 2: the notice stays; a count beyond the lock's is taken as the lock's.
      const partly = tenant.insert(privateLock, { commands: [ack(1)] });
      expect(partly.emergencyNotice).toMatchObject({ count: 2, acknowledged: 0 });
      expect(partly.commands).toMatchObject([{ command: Command.AckEmergency, reason: Reason.Ok, value: 1 }]);
      expect(tenant.insert(privateLock, { commands: [ack(0), ack(99)] }).commands.map((c) => c.value)).toEqual([1, 2]);
      expect(tenant.insert(privateLock).emergencyNotice).toBeUndefined();

      // A new opening brings it back.
      emergencyKey(site, 262, 800).insert(privateLock);
      expect(tenant.insert(privateLock).emergencyNotice).toEqual({ count: 3, acknowledged: 2, newest: { day: START_DAY, minuteOfDay: 800, keyId: 262 } });
    });

    it('should not tell contractors, emergency keys, refused keys or keys at a common door', () => {
      const site = withTenant();
      const { privateLock, commonLock, tenant, makeKey } = site;
      emergencyKey(site, 263, 10).insert(privateLock);
      const contractor = makeKey({ keyId: 264, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 264, minutesAt(START_DAY), minutesAt(START_DAY + 2), 0));
      const contractorOutcome = contractor.insert(privateLock);
      expect(contractorOutcome).toMatchObject({ decision: 'grant' });
      expect(contractorOutcome.emergencyNotice).toBeUndefined();
      expect(makeKey({ keyId: 265 }).insert(privateLock).emergencyNotice).toBeUndefined();
      const refused = tenant.insert(privateLock, { sendTenantProof: false });
      expect(refused).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
      expect(refused.emergencyNotice).toBeUndefined();
      expect(makeKey({ keyId: 266, groups: [FRONT_DOOR_GROUP] }).insert(commonLock).emergencyNotice).toBeUndefined();
      expect(tenant.insert(privateLock).emergencyNotice).toMatchObject({ count: 1 });
    });

    it('should tell the key at a tenant change and at an enrolment', () => {
      const site = makeSite();
      const { privateLock, makeKey } = site;
      emergencyKey(site, 267, 20).insert(privateLock);
      const first = makeKey({ keyId: 268 });
      const change = first.insert(privateLock);
      expect(change).toMatchObject({ decision: 'grant', tenantSecretReceived: true, emergencyNotice: { count: 1, acknowledged: 0, newest: { day: START_DAY, minuteOfDay: 20, keyId: 267 } } });
      const changeResult = change.frames[3]!.bytes;
      expect(changeResult[RESULT_NOTICES]).toBe(NOTICE_TENANT_SECRET | NOTICE_VOUCHER | NOTICE_EMERGENCY);
      expect(changeResult.length).toBe(14 + 24 + 14 + 16);
      expect(frameFields(changeResult).map((f) => f.name)).toContain('enclosedSecret.E');

      first.insert(privateLock, { commands: [enrol(269)] });
      const enrolment = makeKey({ keyId: 269, role: Role.ExtraKey }).insert(privateLock);
      expect(enrolment).toMatchObject({ decision: 'grant', tenantSecretReceived: true, emergencyNotice: { count: 1, acknowledged: 0 } });
      expect(enrolment.frames[3]!.bytes[RESULT_NOTICES]).toBe(NOTICE_TENANT_SECRET | NOTICE_VOUCHER | NOTICE_EMERGENCY);
    });

    it('should keep both counts across a tenant change', () => {
      const site = withTenant();
      const { privateLock, tenant, makeKey } = site;
      emergencyKey(site, 270, 30).insert(privateLock);
      emergencyKey(site, 271, 40).insert(privateLock);
      tenant.insert(privateLock, { commands: [ack(1)] });
      const next = makeKey({ keyId: 272, generation: 2 });
      expect(next.insert(privateLock)).toMatchObject({ tenantSecretReceived: true, emergencyNotice: { count: 2, acknowledged: 1, newest: { minuteOfDay: 40, keyId: 271 } } });
      expect(next.insert(privateLock, { commands: [ack(2)] }).commands).toMatchObject([{ reason: Reason.Ok, value: 2 }]);
      expect(next.insert(privateLock).emergencyNotice).toBeUndefined();
    });
  });

  describe('COMMAND in the session state machine (§9.2, §7.9)', () => {
    const decodeAuthParts = (outcome: SessionOutcome) => outcome.frames[2]!.bytes[AUTH_PARTS];

    it('should answer COMMAND with ERROR UnexpectedFrame in IDLE and CHALLENGED, and end the session', () => {
      const site = withTenant();
      const { privateLock, management } = site;
      privateLock.powerUp();
      expect(decodeError(privateLock.receive(encodeCommand(RAISE, { lockId: PRIVATE_LOCK_ID, lockNonce: new Uint8Array(16), keyNonce: new Uint8Array(8) }, tAuthOf(site.tenant))))).toBe(
        Reason.UnexpectedFrame,
      );
      const binding = openSession(privateLock, TENANT);
      expect(decodeError(privateLock.receive(encodeCommand(RAISE, binding, tAuthOf(site.tenant))))).toBe(Reason.UnexpectedFrame);
      // The ERROR ended the session: the AUTH that would have followed is unexpected now.
      const proof = tenantProof(nobleBackend, tAuthOf(site.tenant), binding.lockNonce, TENANT);
      const auth = encodeAuth({ credential: site.tenant.credential, tenantProof: proof }, binding, management.keyKeyFor(TENANT));
      expect(decodeError(privateLock.receive(auth))).toBe(Reason.UnexpectedFrame);
      // Neither COMMAND raised the epoch: the next RAISE makes it 1.
      expect(site.tenant.insert(privateLock, { commands: [RAISE] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });

    it('should answer COMMAND with ERROR UnexpectedFrame after a refusal and after a grant without a tenant proof', () => {
      const site = withTenant();
      const { privateLock, commonLock, tenant, makeKey, management } = site;
      const expectUnexpected = (lock: LockTarget, outcome: SessionOutcome, tAuth = tAuthOf(tenant)) =>
        expect(decodeError(lock.receive(encodeCommand(RAISE, bindingOf(outcome), tAuth)))).toBe(Reason.UnexpectedFrame);

      // A refusal: the tenant's key without its proof.
      expectUnexpected(privateLock, tenant.insert(privateLock, { sendTenantProof: false }));
      // A refusal of a key that does send its proof: its credential has expired.
      const credential = tenant.credential;
      tenant.replaceCredential(
        management.issueCredential({ ...credentialDefaults(TENANT), issuedAtMinutes: minutesAt(START_DAY - 2), validUntilMinutes: minutesAt(START_DAY - 1) }),
      );
      const expired = tenant.insert(privateLock);
      expect(expired).toMatchObject({ decision: 'deny', reason: Reason.Expired });
      expect(decodeAuthParts(expired)).toBe(AUTH_PART_TENANT_PROOF | AUTH_PART_VOUCHER);
      expectUnexpected(privateLock, expired);
      tenant.replaceCredential(credential);
      // A grant at a common lock, with T held for the private lock.
      const atCommon = tenant.insert(commonLock);
      expect(atCommon).toMatchObject({ decision: 'grant' });
      expectUnexpected(commonLock, atCommon, tenantKeys(tenant.tenantSecretFor(PRIVATE_LOCK_ID)!, COMMON_LOCK_ID).tAuth);
      // A tenant change (the next tenant's first key).
      const site2 = withTenant('tenant change');
      const mover = site2.makeKey({ keyId: 281, generation: 2 });
      const change = mover.insert(site2.privateLock);
      expect(change).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expectUnexpected(site2.privateLock, change, tAuthOf(mover));
      // An enrolment.
      tenant.insert(privateLock, { commands: [enrol(282)] });
      const enrolled = makeKey({ keyId: 282 });
      const enrolment = enrolled.insert(privateLock);
      expect(enrolment).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
      expectUnexpected(privateLock, enrolment, tAuthOf(enrolled));
      // A contractor with consent, and an emergency key.
      const contractor = makeKey({ keyId: 283, role: Role.Contractor, dwellingId: 0, groups: [DWELLING_A] });
      contractor.receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK_ID, 283, minutesAt(START_DAY), minutesAt(START_DAY + 2), 0));
      const consented = contractor.insert(privateLock);
      expect(consented).toMatchObject({ decision: 'grant' });
      expectUnexpected(privateLock, consented);
      const emergency = makeKey({ keyId: 284, role: Role.Emergency, dwellingId: 0 }).insert(privateLock);
      expect(emergency).toMatchObject({ decision: 'grant' });
      expectUnexpected(privateLock, emergency);
      // After an ERROR (a malformed COMMAND) the session is over.
      const proven = tenant.insert(privateLock);
      expect(decodeError(privateLock.receive(Uint8Array.of(FrameType.Command)))).toBe(Reason.Malformed);
      expectUnexpected(privateLock, proven);
      // None of the COMMANDs above raised the epoch: the next RAISE makes it 1.
      expect(tenant.insert(privateLock, { commands: [RAISE] }).commands).toMatchObject([{ reason: Reason.Ok, value: 1 }]);
    });

    it('should check the state before the layout: a malformed COMMAND outside a proven DECIDED is UnexpectedFrame', () => {
      const site = withTenant();
      site.privateLock.powerUp();
      for (const frame of [Uint8Array.of(FrameType.Command), new Uint8Array(15).fill(FrameType.Command), Uint8Array.of(FrameType.Command, 9, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8)]) {
        expect(decodeError(site.privateLock.receive(frame))).toBe(Reason.UnexpectedFrame);
      }
      const refused = site.tenant.insert(site.privateLock, { sendTenantProof: false });
      expect(refused.decision).toBe('deny');
      expect(decodeError(site.privateLock.receive(new Uint8Array(13).fill(FrameType.Command)))).toBe(Reason.UnexpectedFrame);
    });

    it('should answer a malformed COMMAND after a proven grant with ERROR Malformed, change nothing, and end the session', () => {
      const site = withTenant();
      const { privateLock, tenant } = site;
      const tAuth = tAuthOf(tenant);
      const cases: ((binding: SessionBinding) => Uint8Array)[] = [
        (binding) => encodeCommand(RAISE, binding, tAuth).subarray(0, 13),
        (binding) => Uint8Array.of(...encodeCommand(RAISE, binding, tAuth), 0),
        (binding) => encodeCommand({ command: 0 as Command, argument: 0 }, binding, tAuth),
        (binding) => encodeCommand({ command: (COMMAND_MAX + 1) as Command, argument: 0 }, binding, tAuth),
        (binding) => encodeCommand({ command: Command.Rotate, argument: 1 }, binding, tAuth),
        (binding) => encodeCommand({ command: Command.RaiseConsentEpoch, argument: 0x0100_0000 }, binding, tAuth),
      ];
      for (const make of cases) {
        // T has not rotated: the tenant's key still opens with its proof.
        const outcome = tenant.insert(privateLock);
        expect(outcome).toMatchObject({ decision: 'grant' });
        const binding = bindingOf(outcome);
        expect(decodeError(privateLock.receive(make(binding)))).toBe(Reason.Malformed);
        expect(decodeError(privateLock.receive(encodeCommand(RAISE, binding, tAuth)))).toBe(Reason.UnexpectedFrame);
      }
      // ENROL and ACK_EMERGENCY take any argument; nothing above enrolled, acknowledged or raised the epoch.
      const outcome = tenant.insert(privateLock, { commands: [enrol(0xffff_ffff), ack(0xffff_ffff), RAISE] });
      expect(outcome.commands.map((c) => [c.reason, c.value])).toEqual([
        [Reason.Ok, 1],
        [Reason.Ok, 0],
        [Reason.Ok, 1],
      ]);
    });

    it('should let several commands follow one another in one session, each with its own MAC', () => {
      const site = withTenant();
      const outcome = site.tenant.insert(site.privateLock, { commands: [enrol(290), RAISE, ack(0), enrol(291)] });
      expect(outcome.commands.map((c) => [c.command, c.reason, c.value])).toEqual([
        [Command.Enrol, Reason.Ok, 1],
        [Command.RaiseConsentEpoch, Reason.Ok, 1],
        [Command.AckEmergency, Reason.Ok, 0],
        [Command.Enrol, Reason.Ok, 2],
      ]);
      const fields = frameFields(outcome.frames[4]!.bytes);
      expect(fields.map((f) => [f.name, f.value])).toEqual([
        ['type', '0x04 Command'],
        ['command', 'Enrol'],
        ['argument', '290'],
        ['mac', undefined],
      ]);
      expect(frameFields(outcome.frames[5]!.bytes).map((f) => [f.name, f.value])).toEqual([
        ['type', '0x84 CommandResult'],
        ['reason', 'Ok'],
        ['value', '1'],
        ['mac', undefined],
      ]);
    });
  });
});
