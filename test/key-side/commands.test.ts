/**
 * The key side's frames for tenant commands (PROTOCOL.md §9.2: COMMAND, COMMAND_RESULT) and the
 * emergency notice of RESULT (§9.3), byte for byte, with the MACs recomputed from the spec's text.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { Command, COMMAND_MAX, FrameType, LABEL_CMD, LABEL_CRS, LABEL_RES, LABEL_TSK, NOTICE_EMERGENCY } from '../../firmware/protocol.js';
import { concat, label, setU8, u32le } from '../../host/protocol/bytes.js';
import { mac8, nobleBackend, nodeBackend } from '../../host/protocol/crypto-backend.js';
import { frameFields } from '../../host/protocol/frame-fields.js';
import {
  CommandResultMacError,
  decodeCommand,
  decodeCommandResult,
  decodeEmergencyNotice,
  decodeResult,
  encloseRotatedSecret,
  encodeCommand,
  encodeCommandResult,
  encodeEmergencyNotice,
  encodeResult,
  encodeVoucher,
  encloseTenantSecret,
  FrameError,
  openRotatedSecret,
  verifyCommandMac,
  type EmergencyNotice,
  type SessionBinding,
} from '../../host/protocol/frames.js';

const key16 = (start: number) => Uint8Array.from({ length: 16 }, (_, i) => (start + i * 13) & 0xff);
const T_AUTH = key16(21);
const K_KEY = key16(22);
const K_TIME = key16(23);
const BINDING: SessionBinding = { lockId: 0x0a0b0c0d, lockNonce: key16(24), keyNonce: Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 2) };
const OTHER_BINDING: SessionBinding = { ...BINDING, keyNonce: Uint8Array.of(9, 8, 7, 6, 5, 4, 3, 1) };
const hex = bytesToHex;

function flipped(bytes: Uint8Array, index: number): Uint8Array {
  const copy = bytes.slice();
  copy[index]! ^= 0x01;
  return copy;
}

function expectMalformed(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).reason).toBe(Reason.Malformed);
    return;
  }
  throw new Error('expected a FrameError');
}

/** A frame's MAC recomputed over `covered` as `macOf` says, replacing the last 8 bytes. */
function withMac(covered: Uint8Array, macOf: (covered: Uint8Array) => Uint8Array): Uint8Array {
  return concat(covered, macOf(covered));
}

describe('COMMAND (§9.2)', () => {
  it('should be type ‖ command ‖ argument LE4 ‖ MAC8(T_auth, "CMD" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, 6))', () => {
    const frame = encodeCommand({ command: Command.Enrol, argument: 0x11223344 }, BINDING, T_AUTH);
    expect(frame.length).toBe(14);
    expect(hex(frame.subarray(0, 6))).toBe('040144332211');
    const mac = mac8(nobleBackend, T_AUTH, label(LABEL_CMD), u32le(BINDING.lockId), BINDING.lockNonce, BINDING.keyNonce, frame.subarray(0, 6));
    expect(hex(frame.subarray(6))).toBe(hex(mac));
    expect(hex(label(LABEL_CMD))).toBe('434d44');
    expect(decodeCommand(frame)).toEqual({ command: Command.Enrol, argument: 0x11223344, mac });
    expect(hex(encodeCommand({ command: Command.Enrol, argument: 0x11223344 }, BINDING, T_AUTH, nodeBackend))).toBe(hex(frame));
  });

  it('should carry a MAC that verifies for its session and T_auth only and breaks with any changed byte', () => {
    const frame = encodeCommand({ command: Command.AckEmergency, argument: 3 }, BINDING, T_AUTH);
    expect(verifyCommandMac(frame, BINDING, T_AUTH)).toBe(true);
    expect(verifyCommandMac(frame, OTHER_BINDING, T_AUTH)).toBe(false);
    expect(verifyCommandMac(frame, { ...BINDING, lockId: BINDING.lockId + 1 }, T_AUTH)).toBe(false);
    expect(verifyCommandMac(frame, BINDING, K_KEY)).toBe(false);
    for (let i = 0; i < frame.length; i++) expect(verifyCommandMac(flipped(frame, i), BINDING, T_AUTH)).toBe(false);
  });

  it('should take any argument for ENROL and ACK_EMERGENCY and 0 only for ROTATE and RAISE_CONSENT_EPOCH', () => {
    for (const command of [Command.Enrol, Command.AckEmergency]) {
      expect(decodeCommand(encodeCommand({ command, argument: 0xffff_ffff }, BINDING, T_AUTH))).toMatchObject({ command, argument: 0xffff_ffff });
    }
    for (const command of [Command.Rotate, Command.RaiseConsentEpoch]) {
      expect(decodeCommand(encodeCommand({ command, argument: 0 }, BINDING, T_AUTH))).toMatchObject({ command, argument: 0 });
      for (const argument of [1, 0x100, 0x1_0000, 0x100_0000]) expectMalformed(() => decodeCommand(encodeCommand({ command, argument }, BINDING, T_AUTH)));
    }
  });

  it('should refuse a wrong length or a command byte outside 1..COMMAND_MAX as Malformed', () => {
    const frame = encodeCommand({ command: Command.Rotate, argument: 0 }, BINDING, T_AUTH);
    expectMalformed(() => decodeCommand(frame.subarray(0, 13)));
    expectMalformed(() => decodeCommand(concat(frame, Uint8Array.of(0))));
    for (const code of [0, COMMAND_MAX + 1, 0x84, 0xff]) expectMalformed(() => decodeCommand(Object.assign(frame.slice(), { [1]: code })));
    expectMalformed(() => decodeCommand(Object.assign(frame.slice(), { [0]: FrameType.Auth })));
  });
});

describe('COMMAND_RESULT (§9.2)', () => {
  const crsMac = (covered: Uint8Array) => mac8(nobleBackend, K_KEY, label(LABEL_CRS), u32le(BINDING.lockId), BINDING.lockNonce, BINDING.keyNonce, covered);

  it('should be type ‖ reason ‖ value LE4 ‖ MAC8(K_key, "CRS" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8))', () => {
    const frame = encodeCommandResult({ reason: Reason.EnrolmentFull, value: 4 }, BINDING, K_KEY);
    expect(frame.length).toBe(14);
    expect(hex(frame.subarray(0, 6))).toBe('841904000000');
    expect(hex(frame.subarray(6))).toBe(hex(crsMac(frame.subarray(0, 6))));
    expect(hex(label(LABEL_CRS))).toBe('435253');
    expect(decodeCommandResult(frame, BINDING, K_KEY)).toEqual({ reason: Reason.EnrolmentFull, value: 4 });
  });

  it("should enclose T' after ROTATE as E = T' XOR AES(T_auth, \"TSK\" ‖ lockNonce[0, 13)) ‖ MAC8(T_auth, \"TSK\" ‖ lockNonce ‖ E)", () => {
    const newSecret = key16(25);
    const rotated = encloseRotatedSecret(nobleBackend, T_AUTH, BINDING.lockNonce, newSecret);
    const pad = nobleBackend.aesBlock(T_AUTH, concat(label(LABEL_TSK), BINDING.lockNonce.subarray(0, 13)));
    expect(hex(rotated.subarray(0, 16))).toBe(hex(newSecret.map((b, i) => b ^ pad[i]!)));
    expect(hex(rotated.subarray(16))).toBe(hex(mac8(nobleBackend, T_AUTH, label(LABEL_TSK), BINDING.lockNonce, rotated.subarray(0, 16))));
    expect(hex(rotated)).toBe(hex(encloseTenantSecret(nobleBackend, T_AUTH, BINDING.lockNonce, newSecret)));

    const frame = encodeCommandResult({ reason: Reason.Ok, value: 0, rotatedSecret: rotated }, BINDING, K_KEY);
    expect(frame.length).toBe(14 + 24);
    expect(hex(frame.subarray(0, 6))).toBe('840000000000');
    expect(hex(frame.subarray(6, 30))).toBe(hex(rotated));
    expect(hex(frame.subarray(30))).toBe(hex(crsMac(frame.subarray(0, 30))));
    const decoded = decodeCommandResult(frame, BINDING, K_KEY);
    expect(hex(decoded.rotatedSecret!)).toBe(hex(rotated));
    expect(hex(openRotatedSecret(nobleBackend, T_AUTH, BINDING.lockNonce, decoded.rotatedSecret!))).toBe(hex(newSecret));
    expect(() => openRotatedSecret(nobleBackend, K_KEY, BINDING.lockNonce, decoded.rotatedSecret!)).toThrow(/MAC is wrong/);
    expect(frameFields(frame).map((f) => f.name)).toEqual(['type', 'reason', 'value', 'rotatedSecret.E', 'rotatedSecret.mac', 'mac']);
  });

  it('should throw CommandResultMacError for another session or any changed byte', () => {
    const frame = encodeCommandResult({ reason: Reason.Ok, value: 2 }, BINDING, K_KEY);
    expect(() => decodeCommandResult(frame, OTHER_BINDING, K_KEY)).toThrow(CommandResultMacError);
    for (let i = 1; i < frame.length; i++) expect(() => decodeCommandResult(flipped(frame, i), BINDING, K_KEY)).toThrow(CommandResultMacError);
  });

  it('should refuse a length other than 14 or 38, a secret with a refusal, or an unknown reason as Malformed', () => {
    expectMalformed(() => decodeCommandResult(withMac(new Uint8Array(12).fill(0).map((_, i) => (i === 0 ? FrameType.CommandResult : 0)), crsMac), BINDING, K_KEY));
    const withSecret = new Uint8Array(30);
    withSecret[0] = FrameType.CommandResult;
    setU8(withSecret, 1, Reason.BadKeyMac);
    expectMalformed(() => decodeCommandResult(withMac(withSecret, crsMac), BINDING, K_KEY));
    expectMalformed(() => decodeCommandResult(withMac(Uint8Array.of(FrameType.CommandResult, 200, 0, 0, 0, 0), crsMac), BINDING, K_KEY));
    expect(() => encodeCommandResult({ reason: Reason.BadKeyMac, value: 0, rotatedSecret: new Uint8Array(24) }, BINDING, K_KEY)).toThrow(RangeError);
  });
});

describe('RESULT with an emergency notice (§9.3)', () => {
  const notice: EmergencyNotice = { count: 0x01020304, acknowledged: 0x00000102, newest: { day: 0x0320, minuteOfDay: 1439, keyId: 0xdeadbeef } };
  const voucher = encodeVoucher({ day: 812, lockId: 1001 }, K_TIME);

  it('should be count LE4 ‖ acknowledged LE4 ‖ day LE2 ‖ minuteOfDay LE2 ‖ keyId LE4', () => {
    const bytes = encodeEmergencyNotice(notice);
    expect(hex(bytes)).toBe('04030201' + '02010000' + '2003' + '9f05' + 'efbeadde');
    expect(decodeEmergencyNotice(bytes)).toEqual(notice);
  });

  it('should set notice bit 3 and enclose the 16 bytes after every other part, in bit order', () => {
    const enclosed = encloseTenantSecret(nobleBackend, K_KEY, BINDING.lockNonce, key16(26));
    const frame = encodeResult(
      { granted: true, reason: Reason.Ok, markDay: 812, enclosedTenantSecret: enclosed, voucher, emergencyNotice: notice },
      BINDING,
      K_KEY,
    );
    expect(frame.length).toBe(14 + 24 + 14 + 16);
    expect(frame[5]).toBe(1 | 2 | NOTICE_EMERGENCY);
    expect(hex(frame.subarray(6 + 24 + 14, 6 + 24 + 14 + 16))).toBe(hex(encodeEmergencyNotice(notice)));
    const resMac = mac8(nobleBackend, K_KEY, label(LABEL_RES), u32le(BINDING.lockId), BINDING.lockNonce, BINDING.keyNonce, frame.subarray(0, frame.length - 8));
    expect(hex(frame.subarray(frame.length - 8))).toBe(hex(resMac));
    const result = decodeResult(frame, BINDING, K_KEY);
    expect(result).toMatchObject({ granted: true, notices: 11, emergencyNotice: notice, voucher: { day: 812 } });
  });

  it('should place it after changeDay when both are present', () => {
    const frame = encodeResult({ granted: false, reason: Reason.TenantChanged, markDay: 812, changeDay: 805, emergencyNotice: notice }, BINDING, K_KEY);
    expect(frame.length).toBe(14 + 2 + 16);
    expect(hex(frame.subarray(6, 8))).toBe('2503');
    expect(decodeResult(frame, BINDING, K_KEY)).toMatchObject({ changeDay: 805, emergencyNotice: notice, notices: 4 | 8 });
    expect(frameFields(frame).map((f) => f.name).slice(5)).toEqual([
      'changeDay',
      'emergency.count',
      'emergency.acknowledged',
      'emergency.newest.day',
      'emergency.newest.minuteOfDay',
      'emergency.newest.keyId',
      'resultMac',
    ]);
    expect(frameFields(frame).find((f) => f.name === 'emergency.newest.keyId')?.value).toBe(String(0xdeadbeef));
  });

  it('should still refuse notices bits 4-7 and a length that does not match bit 3 as Malformed', () => {
    const resMac = (covered: Uint8Array) => mac8(nobleBackend, K_KEY, label(LABEL_RES), u32le(BINDING.lockId), BINDING.lockNonce, BINDING.keyNonce, covered);
    for (const notices of [0x10, 0x80, 0x18]) {
      expectMalformed(() => decodeResult(withMac(Uint8Array.of(FrameType.Result, 0, Reason.Blocked, 0, 0, notices), resMac), BINDING, K_KEY));
    }
    expectMalformed(() => decodeResult(withMac(Uint8Array.of(FrameType.Result, 0, Reason.Blocked, 0, 0, NOTICE_EMERGENCY), resMac), BINDING, K_KEY));
  });
});
