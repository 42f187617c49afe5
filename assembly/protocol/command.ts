/** Tenant commands after a grant with a tenant proof (PROTOCOL.md §9.2): COMMAND in, COMMAND_RESULT out. */
import { Reason, RX_OFFSET, TX_OFFSET } from "../../firmware/abi";
import {
  Command, COMMAND_ARGUMENT, COMMAND_BYTES, COMMAND_CODE, COMMAND_MAC, COMMAND_RESULT_PARTS, COMMAND_RESULT_REASON,
  COMMAND_MAX, COMMAND_RESULT_VALUE, CONSENT_EPOCH_MAX, ENCLOSED_SECRET_BYTES, FrameType, LABEL_CMD, LABEL_CRS, LOG_READ_WHY_SHIFT, LOG_WHY_MAX, MAC_BYTES,
  WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES,
} from "../../firmware/protocol";
import { MAC_INPUT, SCHED_LOADED, SCHED_SESSION, SESSION_KEY_PROVEN, SESSION_TENANT_PROVEN } from "../ram";
import { logCommand } from "./log-commands";
import { noteFailedMac } from "./logging";
import { ENROL_FULL, ENROL_UNCHANGED, enrolmentAdd, enrolmentClear } from "../store/enrolment";
import { STATE_CONSENT_EPOCH, STATE_EMERGENCY_ACKED, STATE_EMERGENCY_COUNT } from "../store/layout";
import { revertState, saveState, setStateU16, setStateU32, stateU16, stateU32 } from "../store/state";
import { holdsFor, pagesFor } from "../energy";
import { mac8Matches, mac8To, putBytes } from "./mac";
import { errorFrame, phase, Phase, setPhase } from "./reply";
import { sessionMacPrefix } from "./session-mac";
import { drawTenantSecret, encloseTenantSecret, hasPendingTenantSecret, loadTenantAuthSchedule, storePendingTenantSecret, wipeTenantSecret } from "./tenant";

const RX: usize = <usize>RX_OFFSET;
const TX: usize = <usize>TX_OFFSET;
const MAC8: usize = <usize>MAC_BYTES;

/** COMMAND_RESULT: reason, value, `partBytes` already in place after them, MAC8 under K_key with "CRS". */
export function commandResult(reason: Reason, value: u32, partBytes: u32): u32 {
  store<u8>(TX, <u8>FrameType.CommandResult);
  store<u8>(TX + <usize>COMMAND_RESULT_REASON, <u8>reason);
  store<u32>(TX + <usize>COMMAND_RESULT_VALUE, value);
  const macAt = TX + <usize>COMMAND_RESULT_PARTS + <usize>partBytes;
  const end = putBytes(sessionMacPrefix(LABEL_CRS), TX, macAt - TX);
  mac8To(SCHED_SESSION, MAC_INPUT, <u32>(end - MAC_INPUT), macAt);
  return <u32>(macAt + MAC8 - TX);
}

/** §7.10: the state's page writes, which ENROL, RAISE_CONSENT_EPOCH and ACK_EMERGENCY make. */
function statePages(): u32 {
  return pagesFor(<u32>WRITE_STATE_BYTES);
}

/**
 * Commits the state changed in RAM when the lock holds the energy for it (§7.10): Ok, or
 * InsufficientEnergy (the change undone) or StorageFailure; `value` and `before` are the answer's value either way.
 */
function commitCommand(value: u32, before: u32): u32 {
  if (!holdsFor(statePages(), false)) {
    revertState();
    return commandResult(Reason.InsufficientEnergy, before, 0);
  }
  if (!saveState()) return commandResult(Reason.StorageFailure, before, 0);
  return commandResult(Reason.Ok, value, 0);
}

/**
 * ROTATE: T' drawn, enclosed under the current T_auth (in SCHED_LOADED), then kept pending (§9.2):
 * it becomes current when a key proves it, and until then the current T still opens, so a key whose
 * answer was lost rotates again (T' replaced). The enrolment list is emptied. The session ends.
 */
function rotate(): u32 {
  // §7.10: the state without the pending T already kept (if one is), T_auth's new schedule, the state.
  const pages = (hasPendingTenantSecret() ? statePages() : 0) + pagesFor(<u32>WRITE_TENANT_SCHEDULE_BYTES) + statePages();
  if (!holdsFor(pages, false)) return commandResult(Reason.InsufficientEnergy, 0, 0);
  drawTenantSecret();
  encloseTenantSecret(SCHED_LOADED, TX + <usize>COMMAND_RESULT_PARTS);
  let stored = storePendingTenantSecret();
  if (stored) {
    enrolmentClear();
    stored = saveState();
  }
  wipeTenantSecret();
  if (!stored) return commandResult(Reason.StorageFailure, 0, 0);
  const length = commandResult(Reason.Ok, 0, <u32>ENCLOSED_SECRET_BYTES);
  setPhase(Phase.Idle);
  return length;
}

/** The argument is one the command takes (§9.2, §9.4, §9.5). */
function argumentValid(command: u32, argument: u32): bool {
  if (command == <u32>Command.Rotate || command == <u32>Command.RaiseConsentEpoch || command == <u32>Command.Attest) return argument == 0;
  if (command == <u32>Command.LogSwitch || command == <u32>Command.LogHold) return argument <= 1;
  if (command == <u32>Command.LogRead || command == <u32>Command.LogReadOwn) {
    return (argument >> 24) == 0 && ((argument >> <u32>LOG_READ_WHY_SHIFT) & 0xff) <= <u32>LOG_WHY_MAX;
  }
  return true;
}

export function handleCommand(length: u32): u32 {
  if (phase() != Phase.Decided) return errorFrame(Reason.UnexpectedFrame);
  const command = <u32>load<u8>(RX + <usize>COMMAND_CODE);
  // LOG_READ_OWN needs a key whose MAC held; every other command a grant with a tenant proof.
  const own = length == <u32>COMMAND_BYTES && command == <u32>Command.LogReadOwn;
  if (load<u32>(own ? SESSION_KEY_PROVEN : SESSION_TENANT_PROVEN) == 0) return errorFrame(Reason.UnexpectedFrame);
  if (length != <u32>COMMAND_BYTES) return errorFrame(Reason.Malformed);
  const argument = load<u32>(RX + <usize>COMMAND_ARGUMENT);
  if (command < <u32>Command.Enrol || command > <u32>COMMAND_MAX) return errorFrame(Reason.Malformed);
  if (!argumentValid(command, argument)) return errorFrame(Reason.Malformed);
  // MAC8(K, "CMD" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ bytes[0, 6)): K = K_key for LOG_READ_OWN, else T_auth.
  if (!own && !loadTenantAuthSchedule()) return commandResult(Reason.StorageFailure, 0, 0);
  const end = putBytes(sessionMacPrefix(LABEL_CMD), RX, <usize>COMMAND_MAC);
  if (!mac8Matches(own ? SCHED_SESSION : SCHED_LOADED, MAC_INPUT, <u32>(end - MAC_INPUT), RX + <usize>COMMAND_MAC)) {
    noteFailedMac();
    return commandResult(Reason.BadKeyMac, 0, 0);
  }
  if (command >= <u32>Command.LogSwitch) return logCommand(command, argument);

  if (command == <u32>Command.Enrol) {
    const added = enrolmentAdd(argument);
    if (added & ENROL_FULL) return commandResult(Reason.EnrolmentFull, added & 0xff, 0);
    if (added & ENROL_UNCHANGED) return commandResult(Reason.Ok, added & 0xff, 0);
    return commitCommand(added, added - 1);
  }
  if (command == <u32>Command.Rotate) return rotate();
  if (command == <u32>Command.RaiseConsentEpoch) {
    const before = stateU16(STATE_CONSENT_EPOCH);
    const epoch = min<u32>(before + 1, <u32>CONSENT_EPOCH_MAX);
    setStateU16(STATE_CONSENT_EPOCH, epoch);
    return commitCommand(epoch, before);
  }
  // AckEmergency
  const acknowledged = stateU32(STATE_EMERGENCY_ACKED);
  const next = max<u32>(acknowledged, min<u32>(argument, stateU32(STATE_EMERGENCY_COUNT)));
  if (next == acknowledged) return commandResult(Reason.Ok, next, 0);
  setStateU32(STATE_EMERGENCY_ACKED, next);
  return commitCommand(next, acknowledged);
}
