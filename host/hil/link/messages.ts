/**
 * The device link's messages (docs/VECTORS.md, "The device link"): the runner's requests, the
 * device's responses, its FAULT and its unsolicited BOOT. Integers are little-endian, as on the
 * lock's own wire (PROTOCOL.md §1).
 */
import { DRBG_SEED_BYTES } from '../../../firmware/abi.js';
import { PROVISION_BYTES } from '../../../firmware/protocol.js';
import type { DeviceHello, NvmWritesAnswer } from '../device/hil-device.js';
import { STEP_FRAME_MAX_BYTES, type NvmWriteMode } from '../vectors/schema.js';

/** The version of the device link this code speaks, reported in HELLO. */
export const LINK_VERSION = 1;

export enum MessageKind {
  Hello = 0x01,
  Erase = 0x02,
  Provision = 0x03,
  PowerUp = 0x04,
  Frame = 0x05,
  /** A test build's fault injection: from now on the lock's NVM writes fail, or work again. */
  NvmWrites = 0x06,
  /** A response is its request's kind with bit 7 set. */
  HelloResponse = 0x81,
  EraseResponse = 0x82,
  ProvisionResponse = 0x83,
  PowerUpResponse = 0x84,
  FrameResponse = 0x85,
  NvmWritesResponse = 0x86,
  /** The device could not carry out the request; body: UTF-8 text saying why. */
  Fault = 0xfe,
  /** Unsolicited, sequence 0: the device has (re)started; body as HELLO's response. */
  Boot = 0xff,
}

export const RESPONSE_BIT = 0x80;
/** The sequence number of BOOT; requests use 1..255. */
export const BOOT_SEQUENCE = 0;

/** FRAME's body before the frame: energyNj u32, atUs u32. */
const FRAME_HEADER_BYTES = 8;
/** HELLO's fixed part: linkVersion u8, protocolVersion u8, abiVersion u32. */
const HELLO_FIXED_BYTES = 6;
/** Longest text field of HELLO (a u8 length). */
const TEXT_MAX_BYTES = 255;

export class LinkError extends Error {
  override readonly name = 'LinkError';
}

export function kindName(kind: number): string {
  return MessageKind[kind] ?? `0x${kind.toString(16).padStart(2, '0')}`;
}

export function encodeHelloBody(hello: DeviceHello): Uint8Array {
  const profile = Buffer.from(hello.profile, 'utf8');
  const implementation = Buffer.from(hello.implementation, 'utf8');
  if (profile.length > TEXT_MAX_BYTES || implementation.length > TEXT_MAX_BYTES) throw new RangeError(`HELLO texts are at most ${TEXT_MAX_BYTES} bytes`);
  const body = Buffer.alloc(HELLO_FIXED_BYTES + 2 + profile.length + implementation.length);
  body.writeUInt8(hello.linkVersion, 0);
  body.writeUInt8(hello.protocolVersion, 1);
  body.writeUInt32LE(hello.abiVersion, 2);
  body.writeUInt8(profile.length, HELLO_FIXED_BYTES);
  profile.copy(body, HELLO_FIXED_BYTES + 1);
  body.writeUInt8(implementation.length, HELLO_FIXED_BYTES + 1 + profile.length);
  implementation.copy(body, HELLO_FIXED_BYTES + 2 + profile.length);
  return body;
}

export function decodeHelloBody(body: Uint8Array): DeviceHello {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const fail = () => new LinkError(`a HELLO response of ${body.length} bytes does not fit its layout`);
  if (bytes.length < HELLO_FIXED_BYTES + 2) throw fail();
  const profileLength = bytes.readUInt8(HELLO_FIXED_BYTES);
  const implementationAt = HELLO_FIXED_BYTES + 1 + profileLength;
  if (bytes.length < implementationAt + 1) throw fail();
  const implementationLength = bytes.readUInt8(implementationAt);
  if (bytes.length !== implementationAt + 1 + implementationLength) throw fail();
  return {
    linkVersion: bytes.readUInt8(0),
    protocolVersion: bytes.readUInt8(1),
    abiVersion: bytes.readUInt32LE(2),
    profile: bytes.toString('utf8', HELLO_FIXED_BYTES + 1, implementationAt),
    implementation: bytes.toString('utf8', implementationAt + 1, implementationAt + 1 + implementationLength),
  };
}

export function encodeFrameBody(frame: Uint8Array, energyNj: number, atUs: number): Uint8Array {
  const body = Buffer.alloc(FRAME_HEADER_BYTES + frame.length);
  body.writeUInt32LE(energyNj, 0);
  body.writeUInt32LE(atUs, 4);
  body.set(frame, FRAME_HEADER_BYTES);
  return body;
}

export function decodeFrameBody(body: Uint8Array): { frame: Uint8Array; energyNj: number; atUs: number } {
  if (body.length < FRAME_HEADER_BYTES || body.length > FRAME_HEADER_BYTES + STEP_FRAME_MAX_BYTES) {
    throw new LinkError(`a FRAME request of ${body.length} bytes: expected ${FRAME_HEADER_BYTES} to ${FRAME_HEADER_BYTES + STEP_FRAME_MAX_BYTES}`);
  }
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return { energyNj: bytes.readUInt32LE(0), atUs: bytes.readUInt32LE(4), frame: body.slice(FRAME_HEADER_BYTES) };
}

/** NVM_WRITES' body, one byte: the mode. A device answers a mode it does not know `unsupported`. */
const NVM_WRITE_MODE_CODES: Record<NvmWriteMode, number> = { work: 0, fail: 1 };
/** NVM_WRITES' response, one byte: the status. */
const NVM_WRITES_STATUS_CODES: Record<NvmWritesAnswer, number> = { done: 0, unsupported: 1 };

export function encodeNvmWritesBody(mode: NvmWriteMode): Uint8Array {
  return Uint8Array.of(NVM_WRITE_MODE_CODES[mode]);
}

/** The mode NVM_WRITES asks for; undefined for a code this device does not know. */
export function decodeNvmWritesBody(body: Uint8Array): NvmWriteMode | undefined {
  return (Object.keys(NVM_WRITE_MODE_CODES) as NvmWriteMode[]).find((mode) => NVM_WRITE_MODE_CODES[mode] === body[0]);
}

export function encodeNvmWritesStatus(answer: NvmWritesAnswer): Uint8Array {
  return Uint8Array.of(NVM_WRITES_STATUS_CODES[answer]);
}

export function decodeNvmWritesStatus(body: Uint8Array): NvmWritesAnswer {
  const answer = (Object.keys(NVM_WRITES_STATUS_CODES) as NvmWritesAnswer[]).find((status) => NVM_WRITES_STATUS_CODES[status] === body[0]);
  if (body.length !== 1 || answer === undefined) throw new LinkError(`an NVM_WRITES response carries one status byte of 0 or 1, not ${Buffer.from(body).toString('hex') || '(empty)'}`);
  return answer;
}

/** Request bodies of fixed length: PROVISION the record, POWER_UP the TRNG bytes, NVM_WRITES the mode; HELLO and ERASE none. */
export function expectedRequestBytes(kind: MessageKind): number | undefined {
  switch (kind) {
    case MessageKind.Hello:
    case MessageKind.Erase:
      return 0;
    case MessageKind.Provision:
      return PROVISION_BYTES;
    case MessageKind.PowerUp:
      return DRBG_SEED_BYTES;
    case MessageKind.NvmWrites:
      return 1;
    default:
      return undefined;
  }
}
