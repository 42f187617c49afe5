/**
 * COMMAND, key → lock, 14 bytes (PROTOCOL.md §9.2): type ‖ command ‖ argument (u32) ‖
 * MAC8(T_auth, "CMD" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, 6)).
 */
import { Command, COMMAND_ARGUMENT, COMMAND_BYTES, COMMAND_CODE, COMMAND_MAC, FrameType } from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU32, setU32 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, malformed } from '../frame-error.js';
import { commandMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';

export interface CommandFields {
  command: Command;
  /** ENROL: the keyId to enrol; ACK_EMERGENCY: the emergency count seen; otherwise 0. */
  argument: number;
}

export interface CommandFrame extends CommandFields {
  mac: Uint8Array;
}

/** The commands whose argument must be 0 (§9.2). */
export function commandTakesArgument(command: Command): boolean {
  return command === Command.Enrol || command === Command.AckEmergency;
}

function isCommand(code: number): code is Command {
  return code >= Command.Enrol && code <= Command.AckEmergency;
}

/** The frame, its MAC computed with T_auth (of the lock's current T) for the session `binding`. */
export function encodeCommand(fields: CommandFields, binding: SessionBinding, tAuth: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const head = new Uint8Array(COMMAND_MAC);
  head[0] = FrameType.Command;
  head[COMMAND_CODE] = fields.command;
  setU32(head, COMMAND_ARGUMENT, fields.argument);
  return concat(head, commandMac(backend, tAuth, binding, head));
}

/**
 * The frame's fields after checking its length, its command byte (1..4) and a zero argument where
 * the command takes none; throws FrameError (Malformed). Checks no MAC.
 */
export function decodeCommand(frame: Uint8Array): CommandFrame {
  expectFrame(frame, FrameType.Command, COMMAND_BYTES, 'COMMAND');
  const code = frame[COMMAND_CODE]!;
  if (!isCommand(code)) throw malformed(`COMMAND: command ${code} is not 1..4`);
  const argument = getU32(frame, COMMAND_ARGUMENT);
  if (!commandTakesArgument(code) && argument !== 0) throw malformed(`COMMAND: ${Command[code]} takes argument 0, got ${argument}`);
  return { command: code, argument, mac: frame.slice(COMMAND_MAC) };
}

/** §9.2: the COMMAND's MAC under T_auth for the session `binding`. */
export function verifyCommandMac(frame: Uint8Array, binding: SessionBinding, tAuth: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  if (frame.length !== COMMAND_BYTES) return false;
  return bytesEqual(frame.subarray(COMMAND_MAC), commandMac(backend, tAuth, binding, frame.subarray(0, COMMAND_MAC)));
}
