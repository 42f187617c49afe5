/**
 * The attack suite (host/attack/attacks, docs/SECURITY.md), each attack against fresh release locks:
 * no attempt gets what it wants, and every refusal has the reason the protocol gives it.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { attackContext } from '../../host/attack/attack-context.js';
import type { AttackRow } from '../../host/attack/attack-row.js';
import { blocklistRollbackAttack } from '../../host/attack/attacks/blocklist-rollback.js';
import { emergencyRecordAttack } from '../../host/attack/attacks/emergency-record.js';
import { emergencyWrongDoorAttack } from '../../host/attack/attacks/emergency-wrong-door.js';
import { forgedCredentialAttack, runCredentialForgeries } from '../../host/attack/attacks/forged-credential.js';
import { foreignResponseAttack } from '../../host/attack/attacks/foreign-response.js';
import { landlordEnrolsKeyAttack } from '../../host/attack/attacks/landlord-enrols-key.js';
import { landlordForgesConsentAttack } from '../../host/attack/attacks/landlord-forges-consent.js';
import { landlordMintsKeyAttack } from '../../host/attack/attacks/landlord-mints-key.js';
import { MAC_GUESSES, macGuessingAttack } from '../../host/attack/attacks/mac-guessing.js';
import { olderGenerationAttack } from '../../host/attack/attacks/older-generation.js';
import { powerCutAttack } from '../../host/attack/attacks/power-cut.js';
import { replayedAuthAttack } from '../../host/attack/attacks/replayed-auth.js';
import { silentTenantChangeAttack } from '../../host/attack/attacks/silent-tenant-change.js';
import { thirdPartyGroupsAttack } from '../../host/attack/attacks/third-party-groups.js';
import { thirdPartyNoConsentAttack } from '../../host/attack/attacks/third-party-no-consent.js';
import { thirdPartyWindowAttack } from '../../host/attack/attacks/third-party-window.js';
import { thirdPartyWithdrawnAttack } from '../../host/attack/attacks/third-party-withdrawn.js';
import { timePushedForwardAttack } from '../../host/attack/attacks/time-pushed-forward.js';
import { timeRolledBackAttack } from '../../host/attack/attacks/time-rolled-back.js';
import { ATTACKS } from '../../host/attack/attack-suite.js';
import { relayedResponseAttack } from '../../host/attack/attacks/relayed-response.js';
import { landlordLogAttestationAttack } from '../../host/attack/attacks/landlord-log-attestation.js';

const context = attackContext({ seed: 'test' });

/** The row, after checking that nothing was granted and every attempt is among the refusals. */
function refused(row: AttackRow): Record<string, number> {
  expect(row.granted, row.result).toBe(0);
  expect(Object.values(row.refusals).reduce((sum, n) => sum + n, 0)).toBe(row.attempts);
  return row.refusals;
}

describe('the attack suite against the release image', () => {
  it('should refuse a recorded AUTH replayed into new sessions, and a recorded COMMAND injected later, with BadKeyMac', () => {
    expect(refused(replayedAuthAttack.run(context))).toEqual({ BadKeyMac: 101 });
  });

  it("should refuse a response made for another lock (even one with the same nonce) or for a replaced nonce with BadKeyMac", () => {
    expect(refused(foreignResponseAttack.run(context))).toEqual({ BadKeyMac: 30 });
  });

  it('should refuse every field of a credential altered by its holder with the reason of the first check it fails', () => {
    refused(forgedCredentialAttack.run(context));
    const forgeries = runCredentialForgeries(context);
    const fields = forgeries.map(({ forgery }) => forgery.field);
    for (const field of ['role', 'keyId', 'site', 'dwelling', 'generation', 'validity window', 'issue time', 'flags', 'groups', 'issuer MAC']) {
      expect(fields.some((name) => name.startsWith(`${field}:`)), field).toBe(true);
    }
    for (const { forgery, outcome } of forgeries) expect([forgery.field, outcome.granted, outcome.reason]).toEqual([forgery.field, false, Reason[forgery.expected]]);
  });

  it("should refuse the previous generation's keys with TenantChanged, and with Blocked where the new generation has not yet been", () => {
    expect(refused(olderGenerationAttack.run(context))).toEqual({ TenantChanged: 8, Blocked: 3 });
  });

  it('should keep a lost key blocked through older deltas, deltas of its version with other content, and a delta interrupted at every page', () => {
    const refusals = refused(blocklistRollbackAttack.run(context));
    expect(refusals).toMatchObject({ DeltaStale: 3, DeltaBadMac: 5, Blocked: 2 });
    expect(refusals['Blocked after an interrupted delta']).toBeGreaterThan(20);
  });

  it('should refuse an expired key whatever earlier time it presents, and never move the mark back', () => {
    expect(refused(timeRolledBackAttack.run(context))).toEqual({ 'Expired, mark kept': 3 });
  });

  it("should move the mark by at most the profile's step per message pushed far forward, so that a resident still opens", () => {
    const step = context.profile.capacities.timeStepMaxDays.value;
    expect(refused(timePushedForwardAttack.run(context))).toEqual({ [`NoAccessGroup, mark +${step} days, resident still opens`]: 4 });
  });

  it('should refuse a contractor or care worker outside its window or its consent window', () => {
    expect(refused(thirdPartyWindowAttack.run(context))).toEqual({ NotYetValid: 4, Expired: 4, ConsentExpired: 4 });
  });

  it('should refuse a contractor or care worker outside its groups with NoAccessGroup', () => {
    expect(refused(thirdPartyGroupsAttack.run(context))).toEqual({ NoAccessGroup: 8 });
  });

  it('should refuse a contractor or care worker in a dwelling without valid consent with NoConsent', () => {
    expect(refused(thirdPartyNoConsentAttack.run(context))).toEqual({ NoConsent: 10 });
  });

  it('should refuse consent withdrawn by a raised epoch with ConsentWithdrawn, and a token altered to the new epoch with NoConsent', () => {
    expect(refused(thirdPartyWithdrawnAttack.run(context))).toEqual({ ConsentWithdrawn: 2, NoConsent: 2 });
  });

  it('should refuse an emergency key on a door it does not cover, and record nothing', () => {
    const row = emergencyWrongDoorAttack.run(context);
    expect(refused(row)).toEqual({ NoAccessGroup: 2, Expired: 1 });
    expect(row.result).toContain('emergency count at dwelling A: 0');
  });

  it('should never open for an emergency key without its record, keep the count through a tenant change, and let no one but the tenant acknowledge it', () => {
    const refusals = refused(emergencyRecordAttack.run(context));
    expect(Object.keys(refusals).sort()).toEqual(
      [
        'count 20 shown after 20 openings',
        'count kept through the tenant change, shown to the old key',
        'count kept, no change made',
        "the landlord's ACK_EMERGENCY: UnexpectedFrame",
        'no opening, no record',
        'recorded and shown to the tenant',
      ].sort(),
    );
  });

  it("should refuse a resident key the landlord mints for the dwelling's current generation with NoTenantProof", () => {
    expect(refused(landlordMintsKeyAttack.run(context))).toEqual({ NoTenantProof: 33 });
  });

  it('should refuse an ENROL the landlord sends with UnexpectedFrame, and its candidate with NoTenantProof', () => {
    expect(refused(landlordEnrolsKeyAttack.run(context))).toEqual({ 'ENROL: UnexpectedFrame': 20, NoTenantProof: 1 });
  });

  it('should refuse consent tokens the landlord makes from its site key with NoConsent', () => {
    expect(refused(landlordForgesConsentAttack.run(context))).toEqual({ NoConsent: 11 });
  });

  it("should tell every key of the previous generation of the tenant change and, at the private door, of the unacknowledged emergency opening", () => {
    expect(refused(silentTenantChangeAttack.run(context))).toEqual({
      'TenantChanged, day of the change told, emergency opening shown': 3,
      'TenantChanged, day of the change told': 3,
    });
  });

  it(`should refuse ${MAC_GUESSES.toLocaleString('en-US')} guessed key MACs with BadKeyMac, without locking the genuine key out`, () => {
    const row = macGuessingAttack.run(context);
    expect(refused(row)).toEqual({ BadKeyMac: MAC_GUESSES });
    expect(row.figures).toEqual({ expectedInsertionsToSucceed: '2^64', genuineKeyRightAfter: 'grant', secondGuessInOneInsertion: 'UnexpectedFrame' });
  });

  it('should neither open without the commit nor leave a mixed state when the power fails after the MAC check', () => {
    const row = powerCutAttack.run(context);
    expect(Object.keys(refused(row))).toEqual(['no extra opening, state old or new']);
    expect(row.attempts).toBeGreaterThan(100);
  });

  it("should keep the landlord's side from switching, holding, reading or attesting the tenant's log, and show its forged attestation as one", () => {
    const row = landlordLogAttestationAttack.run(context);
    const refusals = refused(row);
    // Ten guesses (the site key and the four keys derived from it, each as T and as T_auth) per command.
    for (const command of ['LogSwitch', 'LogHold', 'LogRead', 'Attest']) expect(refusals[`${command}: UnexpectedFrame`]).toBe(10);
    expect(Object.keys(refusals).some((label) => /^LOG_READ_OWN: \d+ own entries, none of the tenant's$/.test(label))).toBe(true);
    expect(refusals["forged attestation: its MAC under T_att is wrong"]).toBe(10);
  });

  it('should refuse a genuine key answering through a relay slower than the bound for its key type with ResponseTooLate', () => {
    const row = relayedResponseAttack.run(context);
    // Contact (bound 1 ms): 2, 20, 60 and 300 ms relays; phone (bound 50 ms): 60 and 300 ms; five of each.
    expect(refused(row)).toEqual({ ResponseTooLate: 30 });
  });

  it('should give the same row for the same seed, and other nonces for another', () => {
    expect(replayedAuthAttack.run(context)).toEqual(replayedAuthAttack.run(attackContext({ seed: 'test' })));
    const frames = (seed: string) => runCredentialForgeries(attackContext({ seed })).map(({ forgery }) => Buffer.from(forgery.credential).toString('hex'));
    expect(frames('test')).toEqual(frames('test'));
    expect(frames('test')).not.toEqual(frames('other'));
  });

  it('should list every attack in the suite once', () => {
    expect(new Set(ATTACKS.map((attack) => attack.name)).size).toBe(21);
  });
});
