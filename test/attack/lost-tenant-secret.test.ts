/**
 * A defect the attack campaign found (docs/SECURITY.md, "Known defects"): the lock commits a new
 * tenant secret T before the key it is meant for has received it. When that one answer is lost (the
 * key pulled or the phone moved away right after the lock answered, or a power cut after the commit:
 * `cylsim attack`, row "power cut after the MAC check"), no key holds the lock's T, and the tenant's
 * keys are refused with NoTenantProof until the landlord makes another tenant change. PROTOCOL.md
 * §7.8 and §9.2 give no way back; DESIGN.md asks that a tenant change and a rotation lose nothing.
 *
 * These tests state what a lock must do. They are marked `it.fails` while the defect stands, so the
 * suite stays green and turns red the day the lock passes them (then drop the marks). Simply handing
 * T again to the key it was meant for was tried and refused: the landlord, who can compute that
 * key's K_key, could then collect T at will until the key's first proof, and after a ROTATE would
 * receive T' under K_key instead of under the old T_auth; and a clone collecting T would no longer be
 * noticed. The fix is a two-phase T (docs/SECURITY.md, "Known defects").
 */
import { describe, expect, it } from 'vitest';
import { Command, FrameType } from '../../firmware/protocol.js';
import { attackContext } from '../../host/attack/attack-context.js';
import { attackSite } from '../../host/attack/attack-site.js';
import { AnswerLost, losingAnswerTo } from './support/lost-answer.js';

const context = attackContext({ seed: 'lost tenant secret' });
const TENANT = 201;

describe('a tenant secret whose answer is lost', () => {
  it.fails("should still let the new tenant's first key in when the RESULT that carried T never reached it", () => {
    const site = attackSite(context, 'lost move-in');
    const tenant = site.makeKey({ keyId: TENANT });
    const lossy = losingAnswerTo(site.private.target, (frame) => frame[0] === FrameType.Auth);
    expect(() => tenant.insert(lossy)).toThrow(AnswerLost);
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
  });

  it.fails("should still let the tenant's key in when the COMMAND_RESULT that carried a rotated T never reached it", () => {
    const site = attackSite(context, 'lost rotation');
    const tenant = site.makeKey({ keyId: TENANT });
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant', tenantSecretReceived: true });
    const lossy = losingAnswerTo(site.private.target, (frame) => frame[0] === FrameType.Command);
    expect(() => tenant.insert(lossy, { commands: [{ command: Command.Rotate, argument: 0 }] })).toThrow(AnswerLost);
    expect(tenant.insert(site.private.target)).toMatchObject({ decision: 'grant' });
  });
});
