/**
 * A COMMAND in state DECIDED (PROTOCOL.md §9.2), after a grant with a valid tenant proof and its MAC
 * under T_auth: ENROL, ROTATE, RAISE_CONSENT_EPOCH or ACK_EMERGENCY. The state, the frame's layout
 * and the MAC are checked by the caller (ERROR UnexpectedFrame, Malformed; COMMAND_RESULT BadKeyMac);
 * the log's commands are log-commands.ts'.
 */
import { Reason } from '../../firmware/abi.js';
import { Command, CONSENT_EPOCH_MAX, ENROLMENT_PLACES, NONCE_BYTES } from '../../firmware/protocol.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { tenantKeys } from '../protocol/key-hierarchy.js';
import { encloseRotatedSecret, type CommandResultFields } from '../protocol/frames/command-result.js';
import type { CommandFrame } from '../protocol/frames/command.js';
import type { SessionBinding } from '../protocol/session-binding.js';
import type { LockMemory, TenantState } from './lock-memory.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import { holdsFor, newPendingSecretWrites, WRITES } from './energy-rule.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';

export interface CommandInputs {
  frame: Uint8Array;
  command: CommandFrame;
  binding: SessionBinding;
  memory: LockMemory;
  /** The private lock's tenant, changed in place. */
  tenant: TenantState;
  /** Its current T, which the session proved (or made current, §4.2). */
  tenantSecret: Uint8Array;
  backend: CryptoBackend;
  /** The next bytes of the nonce generator, drawn only by ROTATE. */
  drawNonce: (bytes: number) => Uint8Array;
  /** Energy above brown-out, read before a command's writes (§7.10). */
  energy: EnergyGauge;
  /** The NVM's write fault: while on, a command that writes is refused with StorageFailure (§10), its value the one before; writes succeed when not given. */
  nvm?: NvmWriteFault;
}

export interface CommandOutcome {
  result: CommandResultFields;
  /** ROTATE done: the session is over. */
  rotated: boolean;
}

export function handleCommand(inputs: CommandInputs): CommandOutcome {
  const { command, binding, memory, tenant, backend } = inputs;
  const { tAuth } = tenantKeys(inputs.tenantSecret, binding.lockId, backend);
  // §7.10: a command that writes needs the energy for its writes; else nothing changes.
  const affords = (writes: readonly number[]) => holdsFor(inputs.energy, memory.config.energy, writes, false);
  const starved = (value: number): CommandOutcome => ({ result: { reason: Reason.InsufficientEnergy, value }, rotated: false });
  const unstored = (value: number): CommandOutcome => ({ result: { reason: Reason.StorageFailure, value }, rotated: false });
  const failing = inputs.nvm?.writesFail === true;
  switch (command.command) {
    case Command.Enrol: {
      if (tenant.enrolment.includes(command.argument)) return done(tenant.enrolment.length);
      if (tenant.enrolment.length >= ENROLMENT_PLACES) return { result: { reason: Reason.EnrolmentFull, value: tenant.enrolment.length }, rotated: false };
      if (!affords(WRITES.state)) return starved(tenant.enrolment.length);
      if (failing) return unstored(tenant.enrolment.length);
      tenant.enrolment = [...tenant.enrolment, command.argument];
      return done(tenant.enrolment.length);
    }
    case Command.Rotate: {
      // §4.2: T' is kept pending (replacing one kept); the current T opens until a key proves T'.
      if (!affords(newPendingSecretWrites(tenant))) return starved(0);
      const newSecret = inputs.drawNonce(NONCE_BYTES);
      // T' is drawn before its schedule's write: a failed write ends nothing, the session goes on.
      if (failing) return unstored(0);
      const rotatedSecret = encloseRotatedSecret(backend, tAuth, binding.lockNonce, newSecret);
      tenant.pendingSecret = newSecret;
      tenant.enrolment = [];
      return { result: { reason: Reason.Ok, value: 0, rotatedSecret }, rotated: true };
    }
    case Command.RaiseConsentEpoch:
      if (!affords(WRITES.state)) return starved(tenant.consentEpoch);
      if (failing) return unstored(tenant.consentEpoch);
      tenant.consentEpoch = Math.min(tenant.consentEpoch + 1, CONSENT_EPOCH_MAX);
      return done(tenant.consentEpoch);
    case Command.AckEmergency: {
      const next = Math.max(memory.emergencyAcknowledged, Math.min(command.argument, memory.emergencyCount));
      if (next !== memory.emergencyAcknowledged && !affords(WRITES.state)) return starved(memory.emergencyAcknowledged);
      if (next !== memory.emergencyAcknowledged && failing) return unstored(memory.emergencyAcknowledged);
      memory.emergencyAcknowledged = next;
      return done(memory.emergencyAcknowledged);
    }
    default:
      throw new Error(`${Command[command.command]} is not a tenant command of §9.2`);
  }
}

function done(value: number): CommandOutcome {
  return { result: { reason: Reason.Ok, value }, rotated: false };
}
