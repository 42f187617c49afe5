/**
 * COMMAND, key → lock, 14 bytes (PROTOCOL.md §9.2): type ‖ command ‖ argument (u32) ‖
 * MAC8(K, "CMD" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, 6)), K = T_auth, or K_key for LOG_READ_OWN (§9.4).
 */
import { Command, COMMAND_ARGUMENT, COMMAND_BYTES, COMMAND_CODE, COMMAND_MAC, COMMAND_MAX, FrameType } from '../../../firmware/protocol.js';
import { logReadArgumentValid } from './log-entry.js';
import { bytesEqual, concat, getU32, setU32 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, malformed } from '../frame-error.js';
import { commandMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';

export interface CommandFields {
  command: Command;
  /**
   * ENROL: the keyId to enrol; ACK_EMERGENCY: the emergency count seen; LOG_SWITCH, LOG_HOLD: 1 on,
   * 0 off; LOG_READ, LOG_READ_OWN: logReadArgument(from, why); otherwise 0.
   */
  argument: number;
}

export interface CommandFrame extends CommandFields {
  mac: Uint8Array;
}

/** The commands whose argument must be 0 (§9.2). */
export function commandTakesArgument(command: Command): boolean {
  return command !== Command.Rotate && command !== Command.RaiseConsentEpoch && command !== Command.Attest;
}

/** The argument is one `command` takes (§9.2, §9.4). */
export function commandArgumentValid(command: Command, argument: number): boolean {
  if (!commandTakesArgument(command)) return argument === 0;
  if (command === Command.LogSwitch || command === Command.LogHold) return argument <= 1;
  if (command === Command.LogRead || command === Command.LogReadOwn) return logReadArgumentValid(argument);
  return true;
}

function isCommand(code: number): code is Command {
  return code >= Command.Enrol && code <= COMMAND_MAX;
}

/** §9.4: LOG_READ_OWN is MACed under the key's own K_key; every other command under T_auth. */
export function commandMacKeyIsKKey(command: Command): boolean {
  return command === Command.LogReadOwn;
}

/** The frame, its MAC computed with `macKey` (T_auth of the lock's current T, or K_key for LOG_READ_OWN) for the session `binding`. */
export function encodeCommand(fields: CommandFields, binding: SessionBinding, macKey: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const head = new Uint8Array(COMMAND_MAC);
  head[0] = FrameType.Command;
  head[COMMAND_CODE] = fields.command;
  setU32(head, COMMAND_ARGUMENT, fields.argument);
  return concat(head, commandMac(backend, macKey, binding, head));
}

/**
 * The frame's fields after checking its length, its command byte (1..COMMAND_MAX) and its argument
 * (commandArgumentValid); throws FrameError (Malformed). Checks no MAC.
 */
export function decodeCommand(frame: Uint8Array): CommandFrame {
  expectFrame(frame, FrameType.Command, COMMAND_BYTES, 'COMMAND');
  const code = frame[COMMAND_CODE]!;
  if (!isCommand(code)) throw malformed(`COMMAND: command ${code} is not 1..${COMMAND_MAX}`);
  const argument = getU32(frame, COMMAND_ARGUMENT);
  if (!commandArgumentValid(code, argument)) throw malformed(`COMMAND: ${Command[code]} does not take argument ${argument}`);
  return { command: code, argument, mac: frame.slice(COMMAND_MAC) };
}

/** §9.2: the COMMAND's MAC under `macKey` (T_auth, or K_key for LOG_READ_OWN) for the session `binding`. */
export function verifyCommandMac(frame: Uint8Array, binding: SessionBinding, macKey: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (frame.length !== COMMAND_BYTES) return false;
  return bytesEqual(frame.subarray(COMMAND_MAC), commandMac(backend, macKey, binding, frame.subarray(0, COMMAND_MAC)));
}
