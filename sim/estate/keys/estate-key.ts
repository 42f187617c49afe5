/**
 * A key of the estate as its chip (or phone app) holds it: its id, its credential, its own K_key
 * (schedule kept ready), a nonce source, the tenant secrets locks gave it, the consent tokens made
 * for it, the newest time voucher, and the blocklist deltas it carries (PROTOCOL.md §7-§8). The
 * session itself is keys/key-session.ts; what a session changes in the key is applied by
 * keep(), after the caller has decided to keep the session.
 */
import { CRED_FLAGS, CREDENTIAL_FLAG_PHONE, VOUCHER_BYTES } from '../../../firmware/protocol.js';
import { LABEL_TAU, LABEL_TCO } from '../../../firmware/protocol.js';
import { nobleBackend } from '../../../host/protocol/crypto-backend.js';
import { encodeConsentToken } from '../../../host/protocol/frames/consent-token.js';
import { cmacKey, diversifyWords, MacScratch, type CmacKey } from '../crypto/word-cmac.js';
import { CounterEntropy } from '../lock/counter-entropy.js';
import type { SessionRecord } from './session-record.js';

const DERIVATION_SCRATCH = new MacScratch();

/** What carries the key: a chip on a physical key, a phone app, or a programming device. */
export type KeyCarrier = 'physical' | 'phone' | 'programmer';

/** The site's blocklist deltas in order: frames[v] takes a lock from version v to v + 1. */
export interface DeltaBook {
  readonly frames: readonly Uint8Array[];
}

/** A lock's tenant secret as a key holds it, with the keys derived from it (PROTOCOL.md §4.2). */
export interface TenantHold {
  readonly secret: Uint8Array;
  readonly tAuth: CmacKey;
  readonly tCons: Uint8Array;
}

export class EstateKey {
  /** The credential as issued (§6); replaced when the management system issues a new one. */
  credential: Uint8Array;
  readonly kKey: CmacKey;
  readonly nonce: CounterEntropy;
  /** The deltas carried: versions [deltaFrom, deltaTo) of the book. */
  deltaFrom = 0;
  deltaTo = 0;
  readonly voucher = new Uint8Array(VOUCHER_BYTES);
  /** Day of the voucher held; -1: none. */
  voucherDay = -1;
  readonly tenant = new Map<number, TenantHold>();
  /** Consent tokens made for this key, by lockId (§6.2). */
  readonly consent = new Map<number, Uint8Array>();

  constructor(
    readonly keyId: number,
    readonly carrier: KeyCarrier,
    /** K_key = Div(K_km, "K" ‖ keyId) (§4.1), from the management system. */
    kKeyBytes: Uint8Array,
    credential: Uint8Array,
    nonceSeed: number,
  ) {
    this.credential = credential;
    this.kKey = cmacKey(kKeyBytes);
    this.nonce = new CounterEntropy(nonceSeed);
  }

  get phone(): boolean {
    return ((this.credential[CRED_FLAGS] ?? 0) & CREDENTIAL_FLAG_PHONE) !== 0;
  }

  /**
   * The management system loads the newest deltas up to version `upTo`: at most `capacity` of
   * them (a key chip's store, profile capacities.keyDeltaStoreEntries; Infinity for a phone or a
   * programming device).
   */
  loadDeltas(upTo: number, capacity: number): void {
    this.deltaTo = upTo;
    this.deltaFrom = Math.max(0, upTo - capacity);
  }

  /** Applies what a kept session gave the key: the voucher if newer, a tenant secret. */
  keep(record: SessionRecord): void {
    if (record.voucherDay >= 0 && record.voucherDay >= this.voucherDay) {
      this.voucher.set(record.voucher);
      this.voucherDay = record.voucherDay;
    }
    if (record.tenantSecret) this.holdTenantSecret(record.lockId, record.tenantSecret);
  }

  /**
   * As the tenant's key: a consent token for another key at a lock whose T this key holds (§6.2),
   * MAC8(T_cons, "CNS" ‖ token[0, 18)).
   */
  makeConsentToken(lockId: number, forKeyId: number, validFromMinutes: number, validUntilMinutes: number, consentEpoch: number): Uint8Array {
    const hold = this.tenant.get(lockId);
    if (!hold) throw new Error(`key ${this.keyId} holds no tenant secret for lock ${lockId}`);
    return encodeConsentToken({ keyId: forKeyId, lockId, validFromMinutes, validUntilMinutes, consentEpoch }, hold.tCons, nobleBackend);
  }

  /** Keeps T for `lockId` with T_auth's schedule and T_cons (§4.2: Div(T, "TAU" ‖ lockId), Div(T, "TCO" ‖ lockId)). */
  holdTenantSecret(lockId: number, secret: Uint8Array): void {
    const master = cmacKey(secret);
    const input = new Uint8Array(7);
    const derive = (label: number) => {
      input[0] = label & 0xff;
      input[1] = (label >>> 8) & 0xff;
      input[2] = (label >>> 16) & 0xff;
      new DataView(input.buffer).setUint32(3, lockId, true);
      return diversifyWords(master, input, DERIVATION_SCRATCH);
    };
    this.tenant.set(lockId, { secret, tAuth: cmacKey(derive(LABEL_TAU)), tCons: derive(LABEL_TCO) });
  }
}
