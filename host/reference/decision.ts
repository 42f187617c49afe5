/**
 * The decision on an AUTH (PROTOCOL.md §7.6), steps 2-11 in the order given there; step 1 (the
 * frame's layout) is decodeAuth's. The lock's memory is changed only once the outcome is known and
 * the energy rule (§7.10) allows it: the time mark of step 5 (also with a refusal), and with a
 * grant the tenant change of step 10, the emergency record, the enrolment (§9.2) and the
 * generation table entry. When the NVM refuses writes, a decision that needs one is refused with
 * StorageFailure exactly as the firmware refuses it (refusedForStorage).
 */
import { Reason, Role } from '../../firmware/abi.js';
import { EMERGENCY_DETAIL_SLOTS, MINUTES_PER_DAY, NONCE_BYTES } from '../../firmware/protocol.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { verifyAuthKeyMac, type Auth } from '../protocol/frames/auth.js';
import { verifyCredentialIssuerMac, type Credential } from '../protocol/frames/credential.js';
import { verifyVoucherMac } from '../protocol/frames/voucher.js';
import { isBlocked } from './blocklist.js';
import { largestCommitPages, runMergeSteps } from './blocklist-merge.js';
import { checkGeneration } from './generation-check.js';
import type { LockMemory, TenantState } from './lock-memory.js';
import { checkPrivateDoor, provedSecret } from './private-door-check.js';
import type { SessionKeys } from './session-state.js';
import { dayOf, minuteOfDay, sessionTimeMinutes } from './session-time.js';
import { changeTenant, makePendingSecretCurrent } from './tenant-change.js';
import { emergencyWrites, generationTableWrites, holdsFor, newPendingSecretWrites, WRITES } from './energy-rule.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';
import { relayAllowanceUs } from '../link/relay-allowance.js';

export interface DecisionInputs {
  /** The AUTH frame, for its key MAC. */
  frame: Uint8Array;
  auth: Auth;
  session: SessionKeys;
  /** K_key of HELLO's keyId. */
  kKey: Uint8Array;
  memory: LockMemory;
  backend: CryptoBackend;
  /** The next bytes of the nonce generator, drawn only for a new pending T (§7.8). */
  drawNonce: (bytes: number) => Uint8Array;
  /** Energy above brown-out, read before a commit (§7.10). */
  energy: EnergyGauge;
  /** The image mirrored has log code (firmware/abi.ts Feature.Log); without it nothing is logged (§9.4). */
  logCompiledIn: boolean;
  /** §7.6 step 5a: the powered timer's us from the lock's last answer ready to this AUTH's arrival (u32). */
  waitedUs: number;
  /** The NVM's write fault: while on, every write fails (§10 StorageFailure); writes succeed when not given. */
  nvm?: NvmWriteFault;
}

export interface Decision {
  /** Ok: a grant. */
  reason: Reason;
  /** The tenant secret to enclose for this key: a new pending one (§7.8, §4.2), or the current one at an enrolment (§9.2). */
  tenantSecret?: Uint8Array;
  /** With TenantChanged: the day of the change (§7.7). */
  changeDay?: number;
  /**
   * A grant at a private lock to a resident or extra key with a valid tenant proof: the session may
   * go on with tenant commands (§9.2).
   */
  tenantProven?: boolean;
  /** A grant to a tenant key at a private lock (with a tenant proof, a tenant change, an enrolment): §9.3 notices go with it. */
  tenantGrant?: boolean;
  /** The issuer or key MAC failed (§9.5: counted by the caller, once per power-up). */
  failedMac?: boolean;
  /** The key MAC held (§7.6 step 4): the session's time, for LOG_READ_OWN and the read-out's record (§9.4). */
  sessionMinutes?: number;
  /**
   * The mark the RESULT shows when it is not the stored one: a write that failed before the state
   * record leaves the session's mark (step 5) in the lock's RAM, unwritten (refusedForStorage).
   */
  resultMarkDay?: number;
}

export function decide(inputs: DecisionInputs): Decision {
  const { auth, session, memory, backend } = inputs;
  const { config } = memory;
  const { credential } = auth;
  const refuse = (reason: Reason): Decision => ({ reason });

  // 2. The key and the site.
  if (credential.keyId !== session.keyId) return refuse(Reason.KeyMismatch);
  if (credential.siteId !== config.siteId) return refuse(Reason.WrongSite);
  // 3. The issuer MAC.
  if (!verifyCredentialIssuerMac(credential.bytes, config.keys.kIss, backend)) return { reason: Reason.BadIssuerMac, failedMac: true };
  // 4. The key MAC.
  const binding = { lockId: config.lockId, lockNonce: session.lockNonce, keyNonce: session.keyNonce };
  if (!verifyAuthKeyMac(inputs.frame, binding, inputs.kKey, backend)) return { reason: Reason.BadKeyMac, failedMac: true };
  // 5. Time: the mark moves with the outcome, when the lock can pay for writing it (§7.10).
  const tMinutes = sessionTime(auth, memory, backend);
  const markChanged = dayOf(tMinutes) > memory.markDay;
  // §9.4: from here on the decision is logged while the log is on (a tenant change wipes it instead).
  const logging = logKept(memory, inputs.logCompiledIn) && memory.log.on;
  // 5a. The relay bound for the key's type: a later response is refused, and moves no mark.
  const allowance = credential.phone ? config.relay.phone : config.relay.contact;
  const outcome = inputs.waitedUs > relayAllowanceUs(allowance, inputs.frame.length)
    ? { decision: { reason: Reason.ResponseTooLate }, writes: [], savesState: false, relayed: true }
    : decideAfterTime(inputs, tMinutes);
  if (outcome.relayed) {
    outcome.decision.sessionMinutes = tMinutes;
    if (logging && holdsFor(inputs.energy, config.energy, WRITES.logEntry, false) && inputs.nvm?.writesFail !== true) {
      memory.log.entries.push({ kind: 'decision', keyId: credential.keyId, day: dayOf(tMinutes), minuteOfDay: minuteOfDay(tMinutes), reason: Reason.ResponseTooLate });
    }
    return outcome.decision;
  }
  outcome.decision.sessionMinutes = tMinutes;
  const markWrites: readonly number[] = markChanged && !outcome.savesState ? WRITES.state : [];
  const logWrites: readonly number[] = logging && !outcome.wipesLog ? WRITES.logEntry : [];
  const granted = outcome.decision.reason === Reason.Ok;
  const gauge = inputs.energy;
  if (granted && !holdsFor(gauge, config.energy, [...outcome.writes, ...markWrites, ...logWrites], true)) {
    return { reason: Reason.InsufficientEnergy, sessionMinutes: tMinutes };
  }
  // A refusal writes its mark and its entry together, or neither (§7.10).
  if (!granted && markWrites.length + logWrites.length > 0 && !holdsFor(gauge, config.energy, [...markWrites, ...logWrites], false)) return outcome.decision;
  if (inputs.nvm?.writesFail === true) return refusedForStorage(outcome, { markWrites, logWrites, markDay: markChanged ? dayOf(tMinutes) : undefined, tMinutes });
  if (markChanged) memory.markDay = dayOf(tMinutes);
  outcome.commit?.();
  if (logWrites.length > 0) {
    memory.log.entries.push({ kind: 'decision', keyId: credential.keyId, day: dayOf(tMinutes), minuteOfDay: minuteOfDay(tMinutes), reason: outcome.decision.reason });
  }
  return outcome.decision;
}

/** What a decision would write besides its outcome's own writes, and the mark's new day if it moved. */
interface SideWrites {
  markWrites: readonly number[];
  logWrites: readonly number[];
  markDay: number | undefined;
  tMinutes: number;
}

/**
 * The decision when every NVM write fails, as the firmware makes it (§10 StorageFailure: nothing
 * changes, no release). A refusal stands when it writes no mark (its log entry is simply lost); with
 * a mark to write it becomes StorageFailure. A grant that writes nothing stands; any other is refused
 * with StorageFailure. The firmware writes the state record last and puts its RAM copy back when that
 * write fails, so the RESULT shows the stored mark; when an earlier write fails (an emergency detail,
 * T_auth's schedule, the generation table) the session's mark is still in RAM and the RESULT shows it.
 */
function refusedForStorage(outcome: Outcome, side: SideWrites): Decision {
  const refused: Decision = { reason: Reason.StorageFailure, sessionMinutes: side.tMinutes };
  if (outcome.decision.reason !== Reason.Ok) return side.markWrites.length > 0 ? refused : outcome.decision;
  if (outcome.writes.length > 0) {
    outcome.failedCommit?.();
    // Every commit writes the state record last: with more than one write, the first comes before it.
    const failsBeforeState = outcome.writes.length > 1;
    return failsBeforeState && side.markDay !== undefined ? { ...refused, resultMarkDay: side.markDay } : refused;
  }
  if (side.markWrites.length + side.logWrites.length > 0) return refused;
  return outcome.decision;
}

/** §9.4: the lock keeps a log: the image has log code, and it is a private lock provisioned with log pages. */
export function logKept(memory: LockMemory, logCompiledIn: boolean): boolean {
  return logCompiledIn && memory.log.pages > 1;
}

/** Steps 6-11: the outcome, the writes a grant makes (their sizes) and how to make them. */
interface Outcome {
  decision: Decision;
  writes: readonly number[];
  /** The writes include the state record, the mark with it. */
  savesState: boolean;
  /** A tenant change: the log is wiped and switched off, so this decision is not logged (§9.4). */
  wipesLog?: boolean;
  /** Step 5a refused it: no mark moves. */
  relayed?: boolean;
  commit?: () => void;
  /** What the lock has done already when its first write fails (a tenant change has drawn its T). */
  failedCommit?: () => void;
}

function decideAfterTime(inputs: DecisionInputs, tMinutes: number): Outcome {
  const { auth, session, memory, backend } = inputs;
  const { config } = memory;
  const { credential } = auth;
  const refuse = (reason: Reason): Outcome => ({ decision: { reason }, writes: [], savesState: false });
  // 6. Blocklist, after the merge in progress went on with what the gauge shows beyond this decision's largest commit (§8).
  if (memory.staging.length > 0) {
    const logging = logKept(memory, inputs.logCompiledIn) && memory.log.on;
    runMergeSteps(memory, inputs.energy, largestCommitPages(memory, logging), inputs.nvm?.writesFail === true);
  }
  if (isBlocked(memory, credential.keyId)) return refuse(Reason.Blocked);
  // 7. Role.
  if (credential.role === Role.Programming) return refuse(Reason.RoleNotAllowed);
  // 8. Groups.
  if (!credential.groups.some((group) => config.groups.includes(group))) return refuse(Reason.NoAccessGroup);
  // 9. Window.
  if (tMinutes < credential.validFromMinutes) return refuse(Reason.NotYetValid);
  if (tMinutes >= credential.validUntilMinutes) return refuse(Reason.Expired);
  // 10. Generation.
  const generation = checkGeneration(memory, credential);
  if (generation.kind === 'tenantChanged') return { decision: { reason: Reason.TenantChanged, changeDay: generation.changeDay }, writes: [], savesState: false };
  if (generation.kind === 'tenantChange' && memory.tenant !== null) {
    const tenant = memory.tenant;
    const decision: Decision = { reason: Reason.Ok, tenantGrant: true };
    return {
      decision,
      writes: newPendingSecretWrites(tenant),
      savesState: true,
      wipesLog: true,
      failedCommit: () => void inputs.drawNonce(NONCE_BYTES),
      commit: () => {
        // The new T is drawn only when the change is made (the nonce generator moves on).
        decision.tenantSecret = inputs.drawNonce(NONCE_BYTES);
        changeTenant(memory, tenant, credential.keyId, credential.generation, dayOf(tMinutes), decision.tenantSecret);
      },
    };
  }
  // 11. At a private lock, by role.
  if (memory.tenant !== null) {
    const { tenant } = memory;
    const doorInputs = { auth, config, tenant, lockNonce: session.lockNonce, sessionTimeMinutes: tMinutes, backend };
    const reason = checkPrivateDoor(doorInputs);
    const tenantKey = credential.role === Role.Resident || credential.role === Role.ExtraKey;
    if (reason === Reason.NoTenantProof && tenantKey && isWaitingForEnrolment(tenant, config.privateDwelling, credential)) {
      if (tenant.tenantSecret === null) {
        // §7.8: no T is current yet: the tenant change's key is handed a fresh pending T, which replaces the one kept.
        const decision: Decision = { reason: Reason.Ok, tenantGrant: true };
        return {
          decision,
          writes: newPendingSecretWrites(tenant),
          savesState: true,
          commit: () => {
            decision.tenantSecret = inputs.drawNonce(NONCE_BYTES);
            tenant.pendingSecret = decision.tenantSecret;
          },
        };
      }
      // §9.2: an enrolment. Nothing is drawn: the current T is enclosed for this key.
      return {
        decision: { reason: Reason.Ok, tenantSecret: tenant.tenantSecret, tenantGrant: true },
        writes: WRITES.enrolment,
        savesState: true,
        commit: () => {
          tenant.enrolment = tenant.enrolment.filter((keyId) => keyId !== credential.keyId);
        },
      };
    }
    if (reason === Reason.Ok && tenantKey && provedSecret(doorInputs) === 'pending') {
      // §4.2: the first proof of the pending T makes it current: the state's write, the mark with it.
      return {
        decision: { reason: Reason.Ok, tenantProven: true, tenantGrant: true },
        writes: WRITES.state,
        savesState: true,
        commit: () => makePendingSecretCurrent(tenant),
      };
    }
    if (reason !== Reason.Ok) return refuse(reason);
    if (credential.role === Role.Emergency) {
      return {
        decision: { reason: Reason.Ok },
        writes: emergencyWrites(memory.emergencyCount),
        savesState: true,
        commit: () => {
          // R-EMG-2: the first EMERGENCY_DETAIL_SLOTS openings keep a detail; every one is counted.
          if (memory.emergencyCount < EMERGENCY_DETAIL_SLOTS) memory.emergencyRecords.push({ day: dayOf(tMinutes), minuteOfDay: minuteOfDay(tMinutes), keyId: credential.keyId });
          memory.emergencyCount += 1;
        },
      };
    }
    return { decision: tenantKey ? { reason: Reason.Ok, tenantProven: true, tenantGrant: true } : { reason: Reason.Ok }, writes: [], savesState: false };
  }
  // A common lock: a newer generation goes into the table with the grant.
  const entry = generation.kind === 'continue' ? generation.tableEntry : undefined;
  if (entry === undefined) return { decision: { reason: Reason.Ok }, writes: [], savesState: false };
  const known = memory.generationTable.has(entry.dwellingId);
  return {
    decision: { reason: Reason.Ok },
    writes: generationTableWrites(memory.generationTable.size + (known ? 0 : 1)),
    savesState: true,
    commit: () => {
      memory.generationTable.set(entry.dwellingId, { generation: entry.generation, changeDay: dayOf(tMinutes) });
    },
  };
}

/**
 * §7.6 step 11, §9.2: the key (a resident or extra key without a valid tenant proof) names the
 * lock's dwelling and generation, and its keyId is on the enrolment list (§7.8: the tenant change's
 * key, while no T is current).
 */
function isWaitingForEnrolment(tenant: TenantState, privateDwelling: number, credential: Credential): boolean {
  return (
    credential.dwellingId === privateDwelling &&
    credential.generation === tenant.generation &&
    tenant.enrolment.includes(credential.keyId)
  );
}

/**
 * Step 5 (§3): t from the mark, the credential's issuedAt and a voucher with a valid MAC (one with
 * a wrong MAC is ignored). The caller writes the mark if t's day is later.
 */
function sessionTime(auth: Auth, memory: LockMemory, backend: CryptoBackend): number {
  const candidatesMinutes = [auth.credential.issuedAtMinutes];
  if (auth.voucher && verifyVoucherMac(auth.voucher.bytes, memory.config.keys.kTime, backend)) {
    candidatesMinutes.push(auth.voucher.day * MINUTES_PER_DAY);
  }
  return sessionTimeMinutes(memory.markDay, memory.config.timeStepMaxDays, candidatesMinutes);
}
