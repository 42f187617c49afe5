/**
 * What the lock cannot prevent, as docs/SECURITY.md states it ("What the lock cannot do"): each
 * limitation shown to hold exactly as far as the document says, and no further.
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { Command } from '../../firmware/protocol.js';
import { attackContext } from '../../host/attack/attack-context.js';
import { attackSite, minutesAt, PRIVATE_LOCK_ID, START_DAY, STORAGE_ROOM } from '../../host/attack/attack-site.js';
import { keyNonceFrom } from '../../host/attack/by-hand.js';
import { insertReplica } from '../../host/attack/key-replica.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { decodeChallenge, decodeHello, decodeResult } from '../../host/protocol/frames.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';

const context = attackContext({ seed: 'limitations' });
const TENANT = 201;
const LANDLORDS_KEY = 601;

describe('what the lock cannot prevent', () => {
  it('should let the landlord who recorded the move-in open with the T it read (PROTOCOL.md §4.2), until the tenant rotates T and opens with the new one', () => {
    const site = attackSite(context, 'recorded move-in');
    const tenant = site.makeKey({ keyId: TENANT });
    const moveIn = tenant.insert(site.private.target);
    // The landlord derives the tenant key's K_key from K_km and opens the enclosure it recorded.
    const binding = { lockId: PRIVATE_LOCK_ID, lockNonce: decodeChallenge(moveIn.frames[1]!.bytes).lockNonce, keyNonce: decodeHello(moveIn.frames[0]!.bytes).keyNonce };
    const secret = decodeResult(moveIn.frames[3]!.bytes, binding, site.management.keyKeyFor(TENANT)).tenantSecret!;
    const landlordsKey = { keyId: LANDLORDS_KEY, kKey: site.management.keyKeyFor(LANDLORDS_KEY), credential: site.makeKey({ keyId: LANDLORDS_KEY }).credential, tAuth: tenantKeys(secret, PRIVATE_LOCK_ID).tAuth };
    const nonces = new SeededEntropy('recorded move-in nonces');
    expect(insertReplica(site.private.target, landlordsKey, keyNonceFrom(nonces))).toMatchObject({ granted: true });
    expect(tenant.insert(site.private.target, { commands: [{ command: Command.Rotate, argument: 0 }] }).tenantSecretRotated).toBe(true);
    // §4.2: T' is pending, and T still opens, until a key proves T'.
    expect(insertReplica(site.private.target, landlordsKey, keyNonceFrom(nonces))).toMatchObject({ granted: true });
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
    expect(insertReplica(site.private.target, landlordsKey, keyNonceFrom(nonces))).toMatchObject({ granted: false, reason: Reason.NoTenantProof });
  });

  it('should let a clone the landlord makes of a key waiting for enrolment collect T first; the genuine key is then refused, so the tenant sees it, rotates and opens with the new T', () => {
    const site = attackSite(context, 'enrolment clone');
    const tenant = site.makeKey({ keyId: TENANT });
    tenant.insert(site.private.target);
    tenant.insert(site.private.target, { commands: [{ command: Command.Enrol, argument: 202 }] });
    // The landlord issues a credential for keyId 202 and derives its K_key: a clone.
    const clone = site.makeKey({ keyId: 202, role: Role.ExtraKey });
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    const genuine = site.makeKey({ keyId: 202, role: Role.ExtraKey });
    expect(genuine.insert(site.private.target)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
    expect(tenant.insert(site.private.target, { commands: [{ command: Command.Rotate, argument: 0 }] }).tenantSecretRotated).toBe(true);
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
    expect(clone.insert(site.private.target)).toMatchObject({ decision: 'deny', reason: Reason.NoTenantProof });
  });

  it("should let someone who holds K_iss move a door's mark one step per message, so that enough messages expire valid keys (PROTOCOL.md §3)", () => {
    const site = attackSite(context, 'repeated time push');
    const step = context.profile.capacities.timeStepMaxDays.value;
    const resident = site.makeKey({ keyId: 62, validUntilMinutes: minutesAt(START_DAY + 3 * step) });
    let mark = START_DAY;
    for (let push = 1; push <= 3; push++) {
      const pusher = site.makeKey({ keyId: 700 + push, role: Role.Contractor, dwellingId: 0, generation: 0, groups: [STORAGE_ROOM], issuedAtMinutes: minutesAt(0xffff) });
      const outcome = pusher.insert(site.common.target);
      expect(outcome.markDay).toBe(mark + step);
      mark += step;
    }
    expect(resident.insert(site.common.target)).toMatchObject({ decision: 'deny', reason: Reason.Expired });
  });

  it('should open a dwelling for the emergency key without the tenant (R-EMG-1), and show the opening to the tenant (R-EMG-2)', () => {
    const site = attackSite(context, 'emergency visible');
    const tenant = site.makeKey({ keyId: TENANT });
    tenant.insert(site.private.target);
    expect(site.makeKey({ keyId: 901, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(site.private.target)).toMatchObject({ decision: 'grant' });
    expect(tenant.insert(site.private.target).emergencyNotice).toMatchObject({ count: 1, acknowledged: 0, newest: { keyId: 901 } });
  });
});
