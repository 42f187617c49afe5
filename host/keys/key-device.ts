/**
 * A key, physical or phone, as the key side of a session (PROTOCOL.md §7): HELLO → CHALLENGE, the
 * deltas the lock lacks (§8), AUTH → RESULT, then the tenant commands asked for (§9.2). It holds
 * its own K_key and credential, the tenant secrets it was given by locks, consent tokens, the
 * newest time voucher, and the deltas it carries.
 */
import { HalStatus, Reason, REASON_COUNT } from '../../firmware/abi.js';
import { Command, COMMAND_RESULT_REASON, CRED_FLAGS, DELTA_FROM_VERSION, FrameType, KEY_NONCE_BYTES, RESULT_REASON } from '../../firmware/protocol.js';
import type { EntropySource } from '../firmware/hal-devices.js';
import type { LockTarget } from '../lock/lock-target.js';
import { getU32 } from '../protocol/bytes.js';
import { nobleBackend, type CryptoBackend } from '../protocol/crypto-backend.js';
import { tenantKeys } from '../protocol/key-hierarchy.js';
import { tenantProof } from '../protocol/macs.js';
import type { SessionBinding } from '../protocol/session-binding.js';
import { encodeAuth, type AuthContents } from '../protocol/frames/auth.js';
import { decodeChallenge } from '../protocol/frames/challenge.js';
import { CommandResultMacError, decodeCommandResult, openRotatedSecret, type CommandResultFields } from '../protocol/frames/command-result.js';
import { commandMacKeyIsKKey, encodeCommand, type CommandFields } from '../protocol/frames/command.js';
import { AttestationMacError, verifyAttestation } from '../protocol/frames/attestation.js';
import { decodeLogEntries } from '../protocol/frames/log-entry.js';
import { decodeConsentToken, encodeConsentToken } from '../protocol/frames/consent-token.js';
import { CREDENTIAL_FLAG_PHONE } from '../protocol/frames/credential.js';
import { decodeDeltaAck } from '../protocol/frames/delta-ack.js';
import { decodeError } from '../protocol/frames/error.js';
import { encodeHello, KEY_FLAG_CARRIES_VOUCHER, KEY_FLAG_HOLDS_TENANT_SECRET, KEY_FLAG_PHONE } from '../protocol/frames/hello.js';
import { decodeResult, ResultMacError, type Result } from '../protocol/frames/result.js';
import { decodeVoucher } from '../protocol/frames/voucher.js';
import type { CommandExchange, DeltaExchange, ExchangedFrame, SessionOutcome } from './session-outcome.js';

export interface KeyDeviceOptions {
  keyId: number;
  /** K_key = Div(K_km, "K" ‖ keyId), from the management system. */
  kKey: Uint8Array;
  /** The credential's bytes as issued. */
  credential: Uint8Array;
  /** For the key nonce: 8 bytes per session. */
  entropy: EntropySource;
  backend?: CryptoBackend;
}

/** Parts a test may leave out of a session; by default the key sends whatever it holds. */
export interface InsertOptions {
  /**
   * Inserting a key (or holding a phone to the lock) powers the battery-less lock, so a session
   * starts with a power-up; false continues on a lock that is still powered.
   */
  powerUp?: boolean;
  sendDeltas?: boolean;
  sendTenantProof?: boolean;
  sendConsentToken?: boolean;
  sendVoucher?: boolean;
  /**
   * Tenant commands to send, in order, after a grant (§9.2). Sent only when the RESULT granted, the
   * key holds T for this lock and sent its tenant proof, and the RESULT enclosed no new T; except
   * LOG_READ_OWN (§9.4), sent after any verified RESULT. Sending stops at the first command that
   * cannot be sent, after ROTATE and after an answer that is not a verified COMMAND_RESULT.
   */
  commands?: readonly CommandFields[];
}

export class KeyDevice {
  readonly keyId: number;
  private readonly kKey: Uint8Array;
  private readonly entropy: EntropySource;
  private readonly backend: CryptoBackend;
  private credentialBytes: Uint8Array;
  private readonly tenantSecrets = new Map<number, Uint8Array>();
  private readonly consentTokens = new Map<number, Uint8Array>();
  private newestVoucher: Uint8Array | undefined;
  private readonly carriedDeltas: Uint8Array[] = [];

  constructor(options: KeyDeviceOptions) {
    this.keyId = options.keyId;
    this.kKey = options.kKey.slice();
    this.entropy = options.entropy;
    this.backend = options.backend ?? nobleBackend;
    this.credentialBytes = options.credential.slice();
  }

  get credential(): Uint8Array {
    return this.credentialBytes.slice();
  }

  /** A re-issued credential (a phone key's daily refresh, a new window). */
  replaceCredential(credential: Uint8Array): void {
    this.credentialBytes = credential.slice();
  }

  get voucher(): Uint8Array | undefined {
    return this.newestVoucher?.slice();
  }

  tenantSecretFor(lockId: number): Uint8Array | undefined {
    return this.tenantSecrets.get(lockId)?.slice();
  }

  /** A blocklist delta to hand to every lock that lacks it. */
  carryDelta(delta: Uint8Array): void {
    this.carriedDeltas.push(delta.slice());
  }

  /** A consent token the tenant made for this key (§6.2); kept per lock. */
  receiveConsentToken(token: Uint8Array): void {
    this.consentTokens.set(decodeConsentToken(token).lockId, token.slice());
  }

  /**
   * As the tenant's key: a consent token for another key at a lock whose T this key holds (§6.2),
   * MAC8(T_cons, "CNS" ‖ token[0, 18)).
   */
  makeConsentToken(lockId: number, forKeyId: number, validFromMinutes: number, validUntilMinutes: number, consentEpoch: number): Uint8Array {
    const secret = this.tenantSecrets.get(lockId);
    if (!secret) throw new Error(`key ${this.keyId} holds no tenant secret for lock ${lockId}`);
    const { tCons } = tenantKeys(secret, lockId, this.backend);
    return encodeConsentToken({ keyId: forKeyId, lockId, validFromMinutes, validUntilMinutes, consentEpoch }, tCons, this.backend);
  }

  /**
   * One whole insertion into `lock`: power-up, then the session. A RESULT whose MAC does not
   * verify is taken as a refusal (authenticated: false); an answer the key cannot place throws.
   */
  insert(lock: LockTarget, options: InsertOptions = {}): SessionOutcome {
    const frames: ExchangedFrame[] = [];
    const deltas: DeltaExchange[] = [];
    const exchange = (frame: Uint8Array): Uint8Array => {
      frames.push({ direction: 'key-to-lock', bytes: frame });
      const answer = lock.receive(frame);
      if (answer.length === 0) throw new Error('the lock did not answer');
      frames.push({ direction: 'lock-to-key', bytes: answer.slice() });
      return answer;
    };
    const refusal = (reason: Reason, markDay: number | undefined, lockId: number | undefined): SessionOutcome => ({
      decision: 'deny',
      reason,
      authenticated: false,
      markDay,
      lockId,
      frames,
      deltas,
      tenantSecretReceived: false,
      commands: [],
      tenantSecretRotated: false,
    });
    const sendVoucher = (options.sendVoucher ?? true) && this.newestVoucher !== undefined;
    if (options.powerUp ?? true) lock.powerUp();

    // §7.2 / §7.3
    const keyNonce = this.drawKeyNonce();
    const challengeFrame = exchange(encodeHello({ keyId: this.keyId, keyNonce, keyFlags: this.helloFlags(sendVoucher) }));
    if (challengeFrame[0] === FrameType.Error) return refusal(decodeError(challengeFrame), undefined, undefined);
    const challenge = decodeChallenge(challengeFrame);
    const binding: SessionBinding = { lockId: challenge.lockId, lockNonce: challenge.lockNonce, keyNonce };

    // §8: the deltas the lock lacks, in order; the first refusal ends them.
    if (options.sendDeltas ?? true) {
      for (const delta of this.deltasFrom(challenge.blocklistVersion)) {
        const answer = exchange(delta);
        if (answer[0] === FrameType.Error) return refusal(decodeError(answer), challenge.markDay, challenge.lockId);
        const ack = decodeDeltaAck(answer);
        deltas.push({ fromVersion: getU32(delta, DELTA_FROM_VERSION), ...ack });
        if (ack.reason !== Reason.Ok) break;
      }
    }

    // §7.4 / §7.7
    const contents: AuthContents = { credential: this.credentialBytes };
    const secret = this.tenantSecrets.get(challenge.lockId);
    if (secret && (options.sendTenantProof ?? true)) {
      contents.tenantProof = tenantProof(this.backend, tenantKeys(secret, challenge.lockId, this.backend).tAuth, challenge.lockNonce, this.keyId);
    }
    const token = this.consentTokens.get(challenge.lockId);
    if (token && (options.sendConsentToken ?? true)) contents.consentToken = token;
    if (sendVoucher) contents.voucher = this.newestVoucher;
    const resultFrame = exchange(encodeAuth(contents, binding, this.kKey, this.backend));
    if (resultFrame[0] === FrameType.Error) return refusal(decodeError(resultFrame), challenge.markDay, challenge.lockId);
    let result: Result;
    try {
      result = decodeResult(resultFrame, binding, this.kKey, this.backend);
    } catch (error) {
      if (!(error instanceof ResultMacError)) throw error;
      return refusal(unverifiedReason(resultFrame), challenge.markDay, challenge.lockId);
    }

    if (result.tenantSecret) this.tenantSecrets.set(challenge.lockId, result.tenantSecret);
    if (result.voucher) this.keepVoucherIfNewest(result.voucher.bytes);
    const outcome: SessionOutcome = {
      decision: result.granted ? 'grant' : 'deny',
      reason: result.reason,
      authenticated: true,
      markDay: result.markDay,
      lockId: challenge.lockId,
      frames,
      deltas,
      tenantSecretReceived: result.tenantSecret !== undefined,
      commands: [],
      tenantSecretRotated: false,
    };
    if (result.changeDay !== undefined) outcome.changeDay = result.changeDay;
    if (result.emergencyNotice) outcome.emergencyNotice = result.emergencyNotice;

    // §9.2: tenant commands, after a grant won with this key's tenant proof; §9.4: LOG_READ_OWN after any RESULT.
    const tenantSession = result.granted && contents.tenantProof !== undefined && result.tenantSecret === undefined;
    for (const command of options.commands ?? []) {
      if (!tenantSession && command.command !== Command.LogReadOwn) break;
      const exchanged = this.sendCommand(command, binding, exchange);
      outcome.commands.push(exchanged.record);
      if (exchanged.rotated) outcome.tenantSecretRotated = true;
      if (!exchanged.record.authenticated || exchanged.rotated) break;
    }
    return outcome;
  }

  /**
   * One COMMAND under T_auth of the T this key holds for the lock, and its answer. A ROTATE done
   * encloses T' under that T_auth: the key opens it, checks its MAC, and keeps T' in place of T.
   */
  private sendCommand(
    fields: CommandFields,
    binding: SessionBinding,
    exchange: (frame: Uint8Array) => Uint8Array,
  ): { record: CommandExchange; rotated: boolean } {
    const own = commandMacKeyIsKKey(fields.command);
    const secret = this.tenantSecrets.get(binding.lockId);
    if (!secret && !own) throw new Error(`key ${this.keyId} holds no tenant secret for lock ${binding.lockId}`);
    const tenant = secret ? tenantKeys(secret, binding.lockId, this.backend) : undefined;
    const answer = exchange(encodeCommand(fields, binding, own ? this.kKey : tenant!.tAuth, this.backend));
    const base = { command: fields.command, argument: fields.argument };
    if (answer[0] === FrameType.Error) return { record: { ...base, reason: decodeError(answer), value: 0, authenticated: false }, rotated: false };
    let decoded: CommandResultFields;
    try {
      decoded = decodeCommandResult(answer, binding, this.kKey, this.backend, fields.command);
    } catch (error) {
      if (!(error instanceof CommandResultMacError)) throw error;
      const sent = answer[COMMAND_RESULT_REASON] ?? Reason.Malformed;
      return { record: { ...base, reason: sent < REASON_COUNT ? sent : Reason.Malformed, value: 0, authenticated: false }, rotated: false };
    }
    const record: CommandExchange = { ...base, reason: decoded.reason, value: decoded.value, authenticated: true };
    if (decoded.logEntries !== undefined) record.logEntries = decodeLogEntries(decoded.logEntries);
    if (decoded.attestation !== undefined) {
      // §9.5: only the tenant's T_att makes this MAC; a wrong one is a forgery, told as such.
      try {
        record.attestation = verifyAttestation(decoded.attestation, binding, tenant!.tAtt, this.backend);
        record.attestationVerified = true;
      } catch (error) {
        if (!(error instanceof AttestationMacError)) throw error;
        record.attestationVerified = false;
      }
    }
    if (decoded.rotatedSecret !== undefined) {
      this.tenantSecrets.set(binding.lockId, openRotatedSecret(this.backend, tenant!.tAuth, binding.lockNonce, decoded.rotatedSecret));
      return { record, rotated: true };
    }
    if (fields.command === Command.Rotate && decoded.reason === Reason.Ok) throw new Error('COMMAND_RESULT: ROTATE done without the new secret');
    return { record, rotated: false };
  }

  private drawKeyNonce(): Uint8Array {
    const keyNonce = new Uint8Array(KEY_NONCE_BYTES);
    const status = this.entropy.fill(keyNonce);
    if (status !== HalStatus.Ok) throw new Error(`key ${this.keyId}: its entropy source failed (HalStatus ${status})`);
    return keyNonce;
  }

  /**
   * §7.2 keyFlags; the phone bit is read from the credential as carried. Bit 1 ("holds a tenant
   * secret for this lock") is set when the key holds any tenant secret: HELLO precedes CHALLENGE,
   * so the key cannot yet know which lock it is in.
   */
  private helloFlags(sendVoucher: boolean): number {
    const phone = ((this.credentialBytes[CRED_FLAGS] ?? 0) & CREDENTIAL_FLAG_PHONE) !== 0;
    return (phone ? KEY_FLAG_PHONE : 0) | (this.tenantSecrets.size > 0 ? KEY_FLAG_HOLDS_TENANT_SECRET : 0) | (sendVoucher ? KEY_FLAG_CARRIES_VOUCHER : 0);
  }

  /** The carried deltas with fromVersion ≥ the lock's version, by fromVersion. */
  private deltasFrom(lockBlocklistVersion: number): Uint8Array[] {
    return this.carriedDeltas
      .filter((delta) => delta.length >= DELTA_FROM_VERSION + 4 && getU32(delta, DELTA_FROM_VERSION) >= lockBlocklistVersion)
      .sort((a, b) => getU32(a, DELTA_FROM_VERSION) - getU32(b, DELTA_FROM_VERSION));
  }

  /** Keeps the voucher with the latest day; a tie replaces the one held. */
  private keepVoucherIfNewest(voucher: Uint8Array): void {
    if (this.newestVoucher === undefined || decodeVoucher(voucher).day >= decodeVoucher(this.newestVoucher).day) {
      this.newestVoucher = voucher.slice();
    }
  }
}

/** The reason byte of a RESULT the key could not verify, as sent (Malformed if it names none). */
function unverifiedReason(frame: Uint8Array): Reason {
  const reason = frame[RESULT_REASON] ?? Reason.Malformed;
  return reason < REASON_COUNT && reason !== Reason.Ok ? reason : Reason.Malformed;
}
