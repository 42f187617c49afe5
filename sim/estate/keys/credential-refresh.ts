/**
 * A phone key's daily re-issue (PROTOCOL.md §3: its credential is re-issued at least daily, so its
 * issuedAt is fresh): the credential as first issued, with the new issuedAt and its issuer MAC
 * MAC8(K_iss, "CRD" ‖ bytes[0, 26 + 2g)) made again (§6). The estate's phones are re-issued some
 * million times a year; this patches the four bytes and runs one MAC on a kept schedule instead of
 * encoding every field again.
 */
import { CRED_ISSUED_AT, LABEL_CRD, MAC_BYTES } from '../../../firmware/protocol.js';
import { siteKeys } from '../../../host/protocol/key-hierarchy.js';
import { cachedKeyBackend } from '../crypto/cached-backend.js';
import { cmacInto, cmacKey, copyMac8, MacScratch, type CmacKey } from '../crypto/word-cmac.js';

/** "CRD": the label before the credential's bytes. */
const LABEL_BYTES = 3;

export class CredentialRefresher {
  private readonly kIss: CmacKey;
  private readonly scratch = new MacScratch();

  constructor(siteKey: Uint8Array, siteId: number) {
    this.kIss = cmacKey(siteKeys(siteKey, siteId, cachedKeyBackend()).kIss);
  }

  /** `credential` (as issued) with issuedAt set to `issuedAtMinutes` and its issuer MAC made again. */
  reissue(credential: Uint8Array, issuedAtMinutes: number): Uint8Array {
    const out = credential.slice();
    out[CRED_ISSUED_AT] = issuedAtMinutes & 0xff;
    out[CRED_ISSUED_AT + 1] = (issuedAtMinutes >>> 8) & 0xff;
    out[CRED_ISSUED_AT + 2] = (issuedAtMinutes >>> 16) & 0xff;
    out[CRED_ISSUED_AT + 3] = (issuedAtMinutes >>> 24) & 0xff;
    const body = out.length - MAC_BYTES;
    const input = this.scratch.bytes;
    input[0] = LABEL_CRD & 0xff;
    input[1] = (LABEL_CRD >>> 8) & 0xff;
    input[2] = (LABEL_CRD >>> 16) & 0xff;
    for (let i = 0; i < body; i++) input[LABEL_BYTES + i] = out[i]!;
    cmacInto(this.kIss, this.scratch, LABEL_BYTES + body);
    copyMac8(this.scratch, out, body);
    return out;
  }
}
