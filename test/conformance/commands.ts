/** Tenant commands and sessions sent by hand, for the tenant-command scenarios (PROTOCOL.md §9.2). */
import { expect } from 'vitest';
import { Command, FrameType } from '../../firmware/protocol.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { decodeChallenge, decodeCommandResult, decodeHello, encodeCommand, type CommandFields, type SessionBinding } from '../../host/protocol/frames.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { makeSite, PRIVATE_LOCK_ID, type Site } from './fixture.js';
import type { LockFactory } from './targets.js';

/** The key of the private lock's tenant, generation 1. */
export const TENANT = 201;
export const enrol = (keyId: number): CommandFields => ({ command: Command.Enrol, argument: keyId });
export const ROTATE: CommandFields = { command: Command.Rotate, argument: 0 };
export const RAISE: CommandFields = { command: Command.RaiseConsentEpoch, argument: 0 };
export const ack = (count: number): CommandFields => ({ command: Command.AckEmergency, argument: count });

/** A site whose private lock has had its tenant change made by the tenant's key, and its T made current by the key's first proof. */
export function siteWithTenant<L extends LockTarget>(makeLock: LockFactory<L>, seed?: string) {
  const site = makeSite({ makeLock, ...(seed === undefined ? {} : { seed }) });
  const tenant = site.makeKey({ keyId: TENANT, generation: 1 });
  expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
  // §4.2: the move-in's T is pending until the key first proves it; this opening makes it current.
  expect(tenant.insert(site.privateLock)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
  return { ...site, tenant };
}

/** The session of an insertion, from its HELLO and CHALLENGE (the lock stays in it: no power-up after). */
export function bindingOf(outcome: SessionOutcome): SessionBinding {
  const hello = decodeHello(outcome.frames[0]!.bytes);
  const challenge = decodeChallenge(outcome.frames[1]!.bytes);
  return { lockId: challenge.lockId, lockNonce: challenge.lockNonce, keyNonce: hello.keyNonce };
}

export function tAuthOf(key: KeyDevice, lockId = PRIVATE_LOCK_ID): Uint8Array {
  const secret = key.tenantSecretFor(lockId);
  if (!secret) throw new Error(`key ${key.keyId} holds no T`);
  return tenantKeys(secret, lockId).tAuth;
}

/** A COMMAND for the session `binding` under `tAuth`, sent by hand to the private lock. */
export function sendCommand(site: Site, binding: SessionBinding, tAuth: Uint8Array, fields: CommandFields): Uint8Array {
  return site.privateLock.receive(encodeCommand(fields, binding, tAuth));
}

export function commandResultOf(site: Site, keyId: number, binding: SessionBinding, answer: Uint8Array) {
  expect(answer[0]).toBe(FrameType.CommandResult);
  return decodeCommandResult(answer, binding, site.management.keyKeyFor(keyId));
}
