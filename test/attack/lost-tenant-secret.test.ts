/**
 * A tenant secret whose answer is lost is not lost to the tenant (docs/SECURITY.md, guarantee 15;
 * PROTOCOL.md §4.2, §7.8, §9.2). A new T is kept pending beside the current one and becomes current
 * when a key first proves it: after a ROTATE whose COMMAND_RESULT was lost the key still proves the
 * old T (and may rotate again); after a tenant change whose RESULT was lost the change's key is
 * handed a fresh pending T. The lock never hands the same T twice: a clone's copy dies when the
 * genuine key is handed a new one, and a genuine key refused after a clone proved first shows it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { Command, FrameType } from '../../firmware/protocol.js';
import { attackContext } from '../../host/attack/attack-context.js';
import { attackSite, PRIVATE_LOCK_ID } from '../../host/attack/attack-site.js';
import { keyNonceFrom } from '../../host/attack/by-hand.js';
import { insertReplica, replicaOf } from '../../host/attack/key-replica.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { AnswerLost, losingAnswerTo } from './support/lost-answer.js';

const context = attackContext({ seed: 'lost tenant secret' });
const TENANT = 201;
const nonces = new SeededEntropy('lost tenant secret nonces');
const ROTATE = { command: Command.Rotate, argument: 0 };
const answerToAuth = (frame: Uint8Array) => frame[0] === FrameType.Auth;
const answerToCommand = (frame: Uint8Array) => frame[0] === FrameType.Command;

describe('a tenant secret whose answer is lost', () => {
  it("should still let the new tenant's first key in when the RESULT that carried T never reached it", () => {
    const site = attackSite(context, 'lost move-in');
    const tenant = site.makeKey({ keyId: TENANT });
    const lossy = losingAnswerTo(site.private.target, answerToAuth);
    expect(() => tenant.insert(lossy)).toThrow(AnswerLost);
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
  });

  it("should still let the tenant's key in when the COMMAND_RESULT that carried a rotated T never reached it", () => {
    const site = attackSite(context, 'lost rotation');
    const tenant = site.makeKey({ keyId: TENANT });
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    const lossy = losingAnswerTo(site.private.target, answerToCommand);
    expect(() => tenant.insert(lossy, { commands: [ROTATE] })).toThrow(AnswerLost);
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
  });

  it('should let the key whose rotated T was lost rotate again, and make the T it then receives the only one that opens', () => {
    const site = attackSite(context, 'rotate again');
    const tenant = site.makeKey({ keyId: TENANT });
    tenant.insert(site.private.target);
    expect(() => tenant.insert(losingAnswerTo(site.private.target, answerToCommand), { commands: [ROTATE] })).toThrow(AnswerLost);
    const holdingOldT = replicaOf(tenant, site.management.keyKeyFor(TENANT), PRIVATE_LOCK_ID);
    expect(tenant.insert(site.private.target, { commands: [ROTATE] }).tenantSecretRotated).toBe(true);
    // The first proof of T' makes it current; the old T dies with it.
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
    expect(insertReplica(site.private.target, holdingOldT, keyNonceFrom(nonces))).toMatchObject({ granted: false, reason: Reason.NoTenantProof });
  });

  it("should kill a clone's copy of the pending T when the genuine key is handed a fresh one", () => {
    const site = attackSite(context, 'clone collects first');
    const genuine = site.makeKey({ keyId: TENANT });
    expect(() => genuine.insert(losingAnswerTo(site.private.target, answerToAuth))).toThrow(AnswerLost);
    // The landlord derives the key's K_key and issues its credential again: a clone, which collects a pending T and keeps it.
    const clone = site.makeKey({ keyId: TENANT });
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(genuine.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(genuine.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
    // The clone's pending T was replaced before anyone proved it: it opens nothing, and is handed nothing.
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
  });

  it('should refuse the genuine key once a clone proved its pending T first, so that the tenant sees it', () => {
    const site = attackSite(context, 'clone proves first');
    const genuine = site.makeKey({ keyId: TENANT });
    expect(genuine.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    const clone = site.makeKey({ keyId: TENANT });
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
    expect(genuine.insert(site.private.target)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
  });

  it("should keep the tenant's key able to open through any run of openings and rotations whose answers are lost", () => {
    const step = fc.record({ rotate: fc.boolean(), lost: fc.boolean() });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 6 }), (steps) => {
        const site = attackSite(context, `lossy run ${JSON.stringify(steps)}`);
        const tenant = site.makeKey({ keyId: TENANT });
        for (const { rotate, lost } of steps) {
          const target = lost ? losingAnswerTo(site.private.target, rotate ? answerToCommand : answerToAuth) : site.private.target;
          try {
            tenant.insert(target, rotate ? { commands: [ROTATE] } : {});
          } catch (error) {
            if (!(error instanceof AnswerLost)) throw error;
          }
        }
        expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
        expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: false });
      }),
      { numRuns: 40, seed: 2026 },
    );
  });
});
