/**
 * The log's commands and the attestation (PROTOCOL.md §9.4, §9.5), once the COMMAND's MAC held:
 * LOG_SWITCH, LOG_HOLD, LOG_READ (the tenant), LOG_READ_OWN (any key whose key MAC held), ATTEST.
 */
import { Reason } from '../../firmware/abi.js';
import { Command, LOG_READ_ENTRIES_MAX, LOG_READ_WHY_SHIFT, MINUTES_PER_DAY } from '../../firmware/protocol.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { encodeAttestation } from '../protocol/frames/attestation.js';
import type { CommandResultFields } from '../protocol/frames/command-result.js';
import { encodeLogEntries } from '../protocol/frames/log-entry.js';
import type { SessionBinding } from '../protocol/session-binding.js';
import { firstRetained, visibleEntries } from './access-log.js';
import { logKept } from './decision.js';
import { holdsFor, WRITES } from './energy-rule.js';
import type { LockMemory } from './lock-memory.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';

/** The image the reference lock mirrors: what ATTEST reports of it (§9.5). */
export interface ImageIdentity {
  /** The boot ROM's SHA-256 of the image. */
  measurement: Uint8Array;
  /** firmware/abi.ts Feature bits. */
  features: number;
  logCompiledIn: boolean;
}

export interface LogCommandInputs {
  command: Command;
  argument: number;
  memory: LockMemory;
  image: ImageIdentity;
  binding: SessionBinding;
  /** HELLO's keyId: the reader. */
  keyId: number;
  /** The session's time (§7.6 step 5). */
  sessionMinutes: number;
  /** This session recorded its read-out already (one record per session). */
  readoutDone: boolean;
  /** T_att, for ATTEST (the tenant's session only). */
  tAtt: Uint8Array | undefined;
  energy: EnergyGauge;
  backend: CryptoBackend;
  /** The NVM's write fault: while on, a command that writes is refused with StorageFailure (§10); writes succeed when not given. */
  nvm?: NvmWriteFault;
}

export interface LogCommandOutcome {
  result: CommandResultFields;
  readoutDone: boolean;
}

export function handleLogCommand(inputs: LogCommandInputs): LogCommandOutcome {
  const { command, memory, readoutDone } = inputs;
  const answer = (result: CommandResultFields, done = readoutDone): LogCommandOutcome => ({ result, readoutDone: done });
  if (command === Command.Attest) return answer({ reason: Reason.Ok, value: 0, attestation: attest(inputs) });
  if (!logKept(memory, inputs.image.logCompiledIn)) return answer({ reason: Reason.LogAbsent, value: 0 });
  if (command === Command.LogSwitch || command === Command.LogHold) return answer(setFlag(inputs));
  return readLog(inputs);
}

function flagsOf(memory: LockMemory): number {
  return (memory.log.on ? 1 : 0) | (memory.log.hold ? 2 : 0);
}

/** LOG_SWITCH, LOG_HOLD: value, the log flags after (bit 0 on, bit 1 hold). A hold set keeps only what is retained now. */
function setFlag({ command, argument, memory, energy, nvm }: LogCommandInputs): CommandResultFields {
  const before = flagsOf(memory);
  const field = command === Command.LogSwitch ? 'on' : 'hold';
  if (memory.log[field] === (argument === 1)) return { reason: Reason.Ok, value: before };
  if (!holdsFor(energy, memory.config.energy, WRITES.state, false)) return { reason: Reason.InsufficientEnergy, value: before };
  if (nvm?.writesFail === true) return { reason: Reason.StorageFailure, value: before };
  if (field === 'hold' && argument === 1) memory.log.start = firstRetained(memory.log, memory.markDay);
  memory.log[field] = argument === 1;
  return { reason: Reason.Ok, value: flagsOf(memory) };
}

/** LOG_READ, LOG_READ_OWN: the session's first read records itself (two entries), or nothing is read. */
function readLog(inputs: LogCommandInputs): LogCommandOutcome {
  const { memory, keyId, sessionMinutes, argument } = inputs;
  const own = inputs.command === Command.LogReadOwn ? { keyId } : undefined;
  const from = argument & 0xffff;
  const why = (argument >>> LOG_READ_WHY_SHIFT) & 0xff;
  if (!inputs.readoutDone) {
    const found = visibleEntries(memory.log, memory.markDay, own).length;
    if (!holdsFor(inputs.energy, memory.config.energy, WRITES.readout, false)) return { result: { reason: Reason.InsufficientEnergy, value: 0 }, readoutDone: false };
    if (inputs.nvm?.writesFail === true) return { result: { reason: Reason.StorageFailure, value: 0 }, readoutDone: false };
    const day = Math.floor(sessionMinutes / MINUTES_PER_DAY);
    const minuteOfDay = sessionMinutes % MINUTES_PER_DAY;
    memory.log.entries.push({ kind: 'readout', readerKeyId: keyId, day, minuteOfDay });
    memory.log.entries.push({ kind: 'readout-detail', found: Math.min(found, 0xffff), why, day, minuteOfDay });
  }
  const visible = visibleEntries(memory.log, memory.markDay, own);
  const page = visible.slice(from, from + LOG_READ_ENTRIES_MAX);
  return { result: { reason: Reason.Ok, value: visible.length, logEntries: encodeLogEntries(page) }, readoutDone: true };
}

/** ATTEST: what the lock runs and does, MACed under T_att. */
function attest({ memory, image, binding, tAtt, backend }: LogCommandInputs): Uint8Array {
  if (tAtt === undefined) throw new Error('ATTEST outside a tenant session');
  const kept = logKept(memory, image.logCompiledIn);
  return encodeAttestation(
    {
      measurement: image.measurement,
      features: image.features,
      logOn: memory.log.on,
      logHold: memory.log.hold,
      logEntries: kept ? visibleEntries(memory.log, memory.markDay).length : 0,
      failedMacs: memory.failedMacs,
      emergencyCount: memory.emergencyCount,
      emergencyAcknowledged: memory.emergencyAcknowledged,
    },
    binding,
    tAtt,
    backend,
  );
}
