/**
 * The management system's side of a complex's keys during the run: it makes a key when it is
 * handed over (its K_key, its credential), issues each renewal, re-issues phone keys' credentials
 * daily (PROTOCOL.md §3), and loads the blocklist deltas issued by then: the newest
 * `keyDeltaStoreEntries` into a key chip, all of them into a phone or a programming device.
 */
import { CRED_ISSUED_AT } from '../../../firmware/protocol.js';
import { ManagementSystem } from '../../../host/management/management-system.js';
import { cachedKeyBackend } from '../crypto/cached-backend.js';
import { CredentialRefresher } from '../keys/credential-refresh.js';
import { EstateKey } from '../keys/estate-key.js';
import { hash32 } from '../model/random.js';
import type { PlannedDelta } from '../plan/plan-types.js';
import { dayOf } from '../scenario/sim-time.js';
import type { KeyState } from './shard-state.js';

export class KeyIssuer {
  readonly management: ManagementSystem;
  private readonly refresher: CredentialRefresher;

  constructor(
    siteKey: Uint8Array,
    siteId: number,
    private readonly deltas: readonly PlannedDelta[],
    /** The profile's capacities.keyDeltaStoreEntries: what a key chip holds. */
    private readonly keyDeltaStore: number,
    /** Seeds the keys' nonce sources. */
    private readonly seed: number,
  ) {
    this.management = new ManagementSystem({ siteKey, siteId, backend: cachedKeyBackend() });
    this.refresher = new CredentialRefresher(siteKey, siteId);
  }

  /** The key with credential `issue` (0: as first handed over) and the deltas issued by `at`; made or renewed as needed. */
  issue(state: KeyState, at: number, issue = 0): EstateKey {
    if (state.key && state.issue >= issue) return state.key;
    const plan = state.plan;
    const credential = this.credential(state, issue);
    if (!state.key) state.key = new EstateKey(plan.keyId, plan.carrier, this.management.keyKeyFor(plan.keyId), credential, hash32(this.seed, plan.keyId, 2));
    else state.key.credential = credential;
    state.issue = issue;
    state.key.loadDeltas(this.deltasIssuedBy(at), plan.carrier === 'physical' ? this.keyDeltaStore : Infinity);
    return state.key;
  }

  /** A phone key before a session at `at`: re-issued if its credential is from an earlier day, and every delta issued so far. */
  refreshPhone(state: KeyState, at: number): void {
    const key = state.key!;
    const credential = key.credential;
    const issuedAt = (credential[CRED_ISSUED_AT]! | (credential[CRED_ISSUED_AT + 1]! << 8) | (credential[CRED_ISSUED_AT + 2]! << 16) | (credential[CRED_ISSUED_AT + 3]! << 24)) >>> 0;
    if (dayOf(issuedAt) < dayOf(at)) key.credential = this.refresher.reissue(credential, at);
    key.loadDeltas(this.deltasIssuedBy(at), Infinity);
  }

  /** How many deltas were issued by `at` (binary search: they are in time order). */
  deltasIssuedBy(at: number): number {
    let low = 0;
    let high = this.deltas.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.deltas[middle]!.issuedAt <= at) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private credential(state: KeyState, issue: number): Uint8Array {
    const plan = state.plan;
    const credential = plan.credentials[issue]!;
    return this.management.issueCredential({
      role: plan.role,
      keyId: plan.keyId,
      dwellingId: plan.dwellingId,
      generation: plan.generation,
      validFromMinutes: credential.validFrom,
      validUntilMinutes: credential.validUntil,
      issuedAtMinutes: credential.issuedAt,
      groups: plan.groups,
      phone: plan.carrier === 'phone',
    });
  }
}
