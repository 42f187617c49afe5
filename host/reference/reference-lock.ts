/**
 * The TypeScript reference lock: PROTOCOL.md followed step by step, simple and slow, all state in
 * plain objects. The firmware image must answer every frame exactly as this does.
 *
 * NVM (survives power-up): `memory`. RAM (lost at power-up): `session` and `nonces`.
 */
import { Feature, Reason } from '../../firmware/abi.js';
import { Command, COMMAND_BYTES, COMMAND_CODE, FRAME_MAX_BYTES, FrameType, NONCE_BYTES, PREVIOUS_TENANT_NOTICE_DAYS } from '../../firmware/protocol.js';
import type { EnergyGauge, EntropySource, PoweredTimer } from '../firmware/hal-devices.js';
import { BenchSupply } from '../devices/bench-supply.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';
import type { LockTarget } from '../lock/lock-target.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { FrameError } from '../protocol/frame-error.js';
import { keyKey, tenantKeys } from '../protocol/key-hierarchy.js';
import { decodeAuth } from '../protocol/frames/auth.js';
import { encodeChallenge } from '../protocol/frames/challenge.js';
import { encodeCommandResult, type CommandResultFields } from '../protocol/frames/command-result.js';
import { decodeCommand, verifyCommandMac } from '../protocol/frames/command.js';
import { encodeDeltaAck } from '../protocol/frames/delta-ack.js';
import { encodeError } from '../protocol/frames/error.js';
import { decodeHello } from '../protocol/frames/hello.js';
import { decodeProvisioningRecord } from '../protocol/frames/provisioning-record.js';
import { encodeResult, type ResultFields } from '../protocol/frames/result.js';
import { encodeVoucher } from '../protocol/frames/voucher.js';
import { encloseTenantSecret } from '../protocol/tenant-secret-enclosure.js';
import { decide } from './decision.js';
import { handleDelta } from './delta-handler.js';
import { emergencyNotice } from './emergency-notice.js';
import { freshMemory, type LockMemory } from './lock-memory.js';
import { NonceGenerator } from './nonce-generator.js';
import type { DecidedSession, SessionKeys, SessionState } from './session-state.js';
import { handleCommand } from './tenant-commands.js';
import { handleLogCommand, type ImageIdentity } from './log-commands.js';
import { holdsFor, WRITES } from './energy-rule.js';

export interface ReferenceLockOptions {
  /** The TRNG: 32 bytes at every power-up seed the nonce generator (§7.1). */
  entropy: EntropySource;
  backend: CryptoBackend;
  /** Energy above brown-out, read before a commit (§7.10); a bench supply when not given. */
  energy?: EnergyGauge;
  /**
   * The image whose behaviour this lock mirrors, as ATTEST reports it (§9.5); by default the
   * release image's features (the log compiled in) and a measurement of 32 zero bytes.
   */
  image?: ImageIdentity;
  /** The powered timer (HAL timerUs), for the relay bound (§7.6 step 5a); one that stands at 0 when not given. */
  timer?: PoweredTimer;
  /**
   * The NVM's write fault: while it is on, every commit fails as the firmware's does when its NVM
   * refuses a write (StorageFailure, §10); writes always succeed when not given.
   */
  nvm?: NvmWriteFault;
}

const STOPPED_TIMER: PoweredTimer = { elapsedUs: () => 0 };

const DEFAULT_IMAGE: ImageIdentity = { measurement: new Uint8Array(32), features: Feature.Log, logCompiledIn: true };

export class ReferenceLock implements LockTarget {
  private readonly entropy: EntropySource;
  private readonly backend: CryptoBackend;
  private readonly energy: EnergyGauge;
  private memory: LockMemory | null = null;
  private session: SessionState = { state: 'idle' };
  private nonces: NonceGenerator | null = null;
  private readonly image: ImageIdentity;
  private readonly timer: PoweredTimer;
  private readonly nvm: NvmWriteFault;
  /** RAM: the timer when the last answer in CHALLENGED (CHALLENGE, DELTA_ACK) was ready (§7.6 step 5a). */
  private answeredUs = 0;
  /** RAM: a failed MAC was counted in this power-up (§9.5). */
  private failedMacCounted = false;

  constructor(options: ReferenceLockOptions) {
    this.entropy = options.entropy;
    this.backend = options.backend;
    this.energy = options.energy ?? new BenchSupply();
    this.image = options.image ?? DEFAULT_IMAGE;
    this.timer = options.timer ?? STOPPED_TIMER;
    this.nvm = options.nvm ?? { writesFail: false };
  }

  /** §9.1: once only; a second record is refused with UnexpectedFrame. */
  provision(record: Uint8Array): Reason {
    if (this.memory !== null) return Reason.UnexpectedFrame;
    try {
      const provisioned = freshMemory(decodeProvisioningRecord(record));
      // The record is checked before the first write (the keys' schedules): a failed write keeps the lock blank.
      if (this.nvm.writesFail) return Reason.StorageFailure;
      this.memory = provisioned;
      return Reason.Ok;
    } catch (error) {
      if (error instanceof FrameError) return error.reason;
      throw error;
    }
  }

  /** RAM is lost; the nonce generator is seeded anew (§7.1, §7.9). */
  powerUp(): void {
    this.session = { state: 'idle' };
    this.failedMacCounted = false;
    this.nonces = null; // stays unpowered if the entropy source fails (NonceGenerator throws)
    this.nonces = new NonceGenerator(this.entropy);
  }

  /** A copy of what the lock keeps in NVM (null before provisioning), for inspection. */
  persistentState(): LockMemory | null {
    return structuredClone(this.memory);
  }

  /** The session state machine (§7.9). */
  receive(frame: Uint8Array): Uint8Array {
    if (this.nonces === null) throw new Error('the lock is not powered: call powerUp() first');
    if (this.memory === null) return this.endWithError(Reason.NotProvisioned);
    if (frame.length === 0 || frame.length > FRAME_MAX_BYTES) return this.endWithError(Reason.Malformed);
    try {
      return this.dispatch(frame, this.memory, this.nonces);
    } catch (error) {
      if (error instanceof FrameError) return this.endWithError(error.reason);
      throw error;
    }
  }

  private dispatch(frame: Uint8Array, memory: LockMemory, nonces: NonceGenerator): Uint8Array {
    const session = this.session;
    switch (frame[0]) {
      case FrameType.Hello:
        // §7.3: a HELLO in any state starts a new session with a new nonce.
        return this.onHello(frame, memory, nonces);
      case FrameType.Delta: {
        if (session.state !== 'challenged') return this.endWithError(Reason.UnexpectedFrame);
        const ack = encodeDeltaAck(handleDelta(frame, memory, this.backend, this.energy, this.nvm));
        this.answeredUs = this.timerUs();
        return ack;
      }
      case FrameType.Auth:
        if (session.state !== 'challenged') return this.endWithError(Reason.UnexpectedFrame);
        return this.onAuth(frame, memory, nonces, session);
      case FrameType.Command: {
        // §9.2: only after a grant with a tenant proof, and not after ROTATE; §9.4: LOG_READ_OWN
        // after any decision whose key MAC held. State before layout.
        const own = frame.length === COMMAND_BYTES && frame[COMMAND_CODE] === Command.LogReadOwn;
        if (session.state !== 'decided' || !(own ? session.keyProven : session.tenantProven) || session.rotated) return this.endWithError(Reason.UnexpectedFrame);
        return this.onCommand(frame, memory, nonces, session);
      }
      default:
        // Not a key-to-lock type of §5: the type field is out of range (§10 Malformed).
        return this.endWithError(Reason.Malformed);
    }
  }

  /** §7.2-§7.3: the nonce is drawn when a well-formed HELLO arrives. */
  private onHello(frame: Uint8Array, memory: LockMemory, nonces: NonceGenerator): Uint8Array {
    const hello = decodeHello(frame);
    const lockNonce = nonces.draw(NONCE_BYTES);
    this.session = { state: 'challenged', keyId: hello.keyId, keyNonce: hello.keyNonce, lockNonce };
    this.answeredUs = this.timerUs();
    return encodeChallenge({ lockId: memory.config.lockId, lockNonce, markDay: memory.markDay, blocklistVersion: memory.blocklistVersion });
  }

  /** §7.6-§7.8: decide, then answer with RESULT under K_key of HELLO's keyId. */
  private onAuth(frame: Uint8Array, memory: LockMemory, nonces: NonceGenerator, session: SessionKeys): Uint8Array {
    const waitedUs = (this.timerUs() - this.answeredUs) >>> 0;
    const auth = decodeAuth(frame);
    const { config } = memory;
    const kKey = keyKey(config.keys.kKm, session.keyId, this.backend);
    const decision = decide({
      frame,
      auth,
      session,
      kKey,
      memory,
      backend: this.backend,
      drawNonce: (bytes) => nonces.draw(bytes),
      energy: this.energy,
      logCompiledIn: this.image.logCompiledIn,
      waitedUs,
      nvm: this.nvm,
    });
    if (decision.failedMac) this.countFailedMac(memory);

    const granted = decision.reason === Reason.Ok;
    const fields: ResultFields = { granted, reason: decision.reason, markDay: decision.resultMarkDay ?? memory.markDay };
    if (decision.tenantSecret) fields.enclosedTenantSecret = encloseTenantSecret(this.backend, kKey, session.lockNonce, decision.tenantSecret);
    if (granted) fields.voucher = encodeVoucher({ day: memory.markDay, lockId: config.lockId }, config.keys.kTime, this.backend);
    if (decision.changeDay !== undefined) fields.changeDay = decision.changeDay;
    // §9.3: tenant keys granted see unacknowledged emergency openings; so do the previous
    // generation's keys, refused, for PREVIOUS_TENANT_NOTICE_DAYS after the change.
    const previousTenant = decision.reason === Reason.TenantChanged && memory.tenant !== null && memory.markDay < memory.tenant.changeDay + PREVIOUS_TENANT_NOTICE_DAYS;
    if ((granted && decision.tenantGrant) || previousTenant) {
      const notice = emergencyNotice(memory);
      if (notice) fields.emergencyNotice = notice;
    }
    this.session = {
      ...session,
      state: 'decided',
      tenantProven: granted && decision.tenantProven === true,
      rotated: false,
      keyProven: decision.sessionMinutes !== undefined,
      sessionMinutes: decision.sessionMinutes ?? 0,
      readoutDone: false,
    };
    const binding = { lockId: config.lockId, lockNonce: session.lockNonce, keyNonce: session.keyNonce };
    return encodeResult(fields, binding, kKey, this.backend);
  }

  /**
   * §9.2: layout (ERROR Malformed), then the MAC (under T_auth, or K_key for LOG_READ_OWN) and the
   * command, answered with COMMAND_RESULT under K_key of HELLO's keyId. After ROTATE the session
   * accepts no command.
   */
  private onCommand(frame: Uint8Array, memory: LockMemory, nonces: NonceGenerator, session: DecidedSession): Uint8Array {
    const command = decodeCommand(frame);
    const { config, tenant } = memory;
    const binding = { lockId: config.lockId, lockNonce: session.lockNonce, keyNonce: session.keyNonce };
    const kKey = keyKey(config.keys.kKm, session.keyId, this.backend);
    const answer = (result: CommandResultFields) => encodeCommandResult(result, binding, kKey, this.backend);
    const own = command.command === Command.LogReadOwn;
    const tenantSecret = own ? null : tenant?.tenantSecret ?? null;
    if (!own && (tenant === null || tenantSecret === null)) throw new Error('a tenant proof was accepted at a lock without a tenant secret');
    const tenantKeysNow = tenantSecret === null ? undefined : tenantKeys(tenantSecret, config.lockId, this.backend);
    if (!verifyCommandMac(frame, binding, own ? kKey : tenantKeysNow!.tAuth, this.backend)) {
      // Nothing changes, and nothing is told: value 0 whatever the command. The failure is counted (§9.5).
      this.countFailedMac(memory);
      return answer({ reason: Reason.BadKeyMac, value: 0 });
    }
    if (command.command >= Command.LogSwitch) {
      const outcome = handleLogCommand({
        command: command.command,
        argument: command.argument,
        memory,
        image: this.image,
        binding,
        keyId: session.keyId,
        sessionMinutes: session.sessionMinutes,
        readoutDone: session.readoutDone,
        tAtt: tenantKeysNow?.tAtt,
        energy: this.energy,
        nvm: this.nvm,
        backend: this.backend,
      });
      this.session = { ...session, state: 'decided', readoutDone: outcome.readoutDone };
      return answer(outcome.result);
    }
    const outcome = handleCommand({
      frame,
      command,
      binding,
      memory,
      tenant: tenant!,
      tenantSecret: tenantSecret!,
      backend: this.backend,
      drawNonce: (bytes) => nonces.draw(bytes),
      energy: this.energy,
      nvm: this.nvm,
    });
    if (outcome.rotated) this.session = { ...session, state: 'decided', rotated: true };
    return answer(outcome.result);
  }

  /**
   * §9.5: a failed MAC is counted once per power-up, when the lock holds the energy for the
   * counter's cell and its NVM takes the write (a failed write is not retried in that power-up).
   */
  private countFailedMac(memory: LockMemory): void {
    if (this.failedMacCounted) return;
    this.failedMacCounted = true;
    if (holdsFor(this.energy, memory.config.energy, WRITES.failedMac, false) && !this.nvm.writesFail) memory.failedMacs += 1;
  }

  /** The HAL's timerUs(): whole microseconds as a u32. */
  private timerUs(): number {
    return Math.floor(this.timer.elapsedUs()) >>> 0;
  }

  /** §5, §7.9: ERROR, and the session is over (the nonce is discarded). */
  private endWithError(reason: Reason): Uint8Array {
    this.session = { state: 'idle' };
    return encodeError(reason);
  }
}
