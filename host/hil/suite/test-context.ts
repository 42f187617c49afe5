/**
 * What a generated test is written against: the reference lock in the group's initial state
 * (recording every step), the site's management system, the tenant's key from the setup, keys made
 * on demand, and frames sent by hand. Every random choice (power-up TRNG bytes, key nonces) is drawn
 * from the suite's seed and the test's tcId.
 */
import { DRBG_SEED_BYTES, Role } from '../../../firmware/abi.js';
import { KEY_NONCE_BYTES, MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { KeyDevice } from '../../keys/key-device.js';
import type { SessionOutcome } from '../../keys/session-outcome.js';
import type { CredentialRequest, ManagementSystem } from '../../management/management-system.js';
import { pagesFor } from '../../reference/energy-rule.js';
import { tenantKeys } from '../../protocol/key-hierarchy.js';
import { decodeChallenge, decodeHello, encodeAuth, encodeHello, type AuthContents, type SessionBinding } from '../../protocol/frames.js';
import type { Establishment } from '../setup/establish.js';
import type { RecordingLock } from '../setup/recording-lock.js';
import type { LockConfiguration, InitialState, NvmWriteMode } from '../vectors/schema.js';

/** nJ per uJ (SI prefixes): the gauge reads nJ, the provisioned prices are uJ (PROTOCOL.md §7.10). */
const NJ_PER_UJ = 1000;
/** Keys of the tests are issued at 10:00 on the mark's day (600 minutes into it). */
const ISSUED_MINUTE_OF_DAY = 600;
/** Default window of a test key: from 30 days before the mark to a year after it. */
const WINDOW_BEFORE_DAYS = 30;
const WINDOW_AFTER_DAYS = 365;

export type KeyRequest = Partial<CredentialRequest> & { keyId: number };

export class TestContext {
  readonly lock: RecordingLock;
  readonly management: ManagementSystem;
  readonly tenant: KeyDevice | undefined;

  constructor(
    readonly config: LockConfiguration,
    readonly state: InitialState,
    setup: Establishment,
    private readonly seed: string,
    readonly tcId: number,
  ) {
    this.lock = setup.lock;
    this.management = setup.management;
    this.tenant = setup.tenant;
    setup.tenantNonces.source = new SeededEntropy(`${seed} tc ${tcId} tenant nonces`);
    const powerUps = new SeededEntropy(`${seed} tc ${tcId} power-ups`);
    this.lock.drawEntropyFrom(() => {
      const bytes = new Uint8Array(DRBG_SEED_BYTES);
      powerUps.fill(bytes);
      return bytes;
    });
  }

  /** Minutes at `days` after the mark (negative: before), `minuteOfDay` into that day. */
  minutes(days: number, minuteOfDay = 0): number {
    return (this.state.markDay + days) * MINUTES_PER_DAY + minuteOfDay;
  }

  /** The credential a test key gets unless the request says otherwise: a resident of the lock's groups. */
  credentialRequest(request: KeyRequest): CredentialRequest {
    return {
      role: Role.Resident,
      dwellingId: this.config.privateDwelling,
      generation: this.state.tenant?.generation ?? 1,
      validFromMinutes: this.minutes(-WINDOW_BEFORE_DAYS),
      validUntilMinutes: this.minutes(WINDOW_AFTER_DAYS),
      issuedAtMinutes: this.minutes(0, ISSUED_MINUTE_OF_DAY),
      groups: this.config.groups,
      ...request,
    };
  }

  key(request: KeyRequest): KeyDevice {
    return this.keyWith(request.keyId, this.management.issueCredential(this.credentialRequest(request)));
  }

  /** A key holding the given credential bytes (forged or of another site). */
  keyWith(keyId: number, credential: Uint8Array): KeyDevice {
    return new KeyDevice({ keyId, kKey: this.management.keyKeyFor(keyId), credential, entropy: this.keyNonces(keyId) });
  }

  tenantKey(): KeyDevice {
    if (!this.tenant) throw new Error('this group has no tenant');
    return this.tenant;
  }

  set energyNj(value: number) {
    this.lock.energyNj = value;
  }

  /** What a commit of `writes` (their sizes, bytes) costs at the lock's prices, nJ, with the release when `release`. */
  costNj(writes: readonly number[], release: boolean): number {
    const { energy } = this.config;
    const pages = writes.reduce((sum, bytes) => sum + pagesFor(bytes, energy.pageShift), 0);
    return (pages * energy.pageWriteUj + (release ? energy.releaseUj : 0)) * NJ_PER_UJ;
  }

  send(frame: Uint8Array): Uint8Array {
    return this.lock.receive(frame);
  }

  /** From now on the lock's NVM refuses every write (`fail`), or takes writes again (`work`). */
  nvmWrites(mode: NvmWriteMode): void {
    this.lock.nvmWrites(mode);
  }

  /** The next frame arrives `us` later than the contact link allows. */
  delayNextFrame(us: number): void {
    this.lock.delayNextFrame(us);
  }

  /** A power-up and HELLO by hand; the session's binding. */
  hello(keyId: number, options: { powerUp?: boolean; protocolVersion?: number } = {}): SessionBinding {
    if (options.powerUp ?? true) this.lock.powerUp();
    const keyNonce = new Uint8Array(KEY_NONCE_BYTES);
    this.keyNonces(keyId).fill(keyNonce);
    const answer = this.send(encodeHello({ keyId, keyNonce, keyFlags: 0, ...(options.protocolVersion === undefined ? {} : { protocolVersion: options.protocolVersion }) }));
    const challenge = decodeChallenge(answer);
    return { lockId: challenge.lockId, lockNonce: challenge.lockNonce, keyNonce };
  }

  /** AUTH by hand in the session `binding`, MACed under `keyId`'s K_key. */
  auth(keyId: number, binding: SessionBinding, contents: AuthContents): Uint8Array {
    return this.send(encodeAuth(contents, binding, this.management.keyKeyFor(keyId)));
  }

  /** The tenant secret's T_auth that `key` holds for this lock. */
  tAuthOf(key: KeyDevice): Uint8Array {
    const secret = key.tenantSecretFor(this.config.lockId);
    if (!secret) throw new Error(`key ${key.keyId} holds no tenant secret for lock ${this.config.lockId}`);
    return tenantKeys(secret, this.config.lockId).tAuth;
  }

  private keyNonces(keyId: number): SeededEntropy {
    return new SeededEntropy(`${this.seed} tc ${this.tcId} key ${keyId}`);
  }
}

/** The session of an insertion, from its HELLO and CHALLENGE. */
export function bindingOf(outcome: SessionOutcome): SessionBinding {
  const hello = decodeHello(outcome.frames[0]!.bytes);
  const challenge = decodeChallenge(outcome.frames[1]!.bytes);
  return { lockId: challenge.lockId, lockNonce: challenge.lockNonce, keyNonce: hello.keyNonce };
}
