/** HELLO, key → lock, 15 bytes (PROTOCOL.md §7.2). */
import {
  FrameType,
  HELLO_BYTES,
  HELLO_FLAGS,
  HELLO_KEY_ID,
  HELLO_KEY_NONCE,
  HELLO_VERSION,
  KEY_NONCE_BYTES,
  PROTOCOL_VERSION,
} from '../../../firmware/protocol.js';
import { getU32, setU32, setU8 } from '../bytes.js';
import { expectFrame, unsupportedVersion } from '../frame-error.js';

/** keyFlags bits (§7.2). */
export const KEY_FLAG_PHONE = 0x01;
export const KEY_FLAG_HOLDS_TENANT_SECRET = 0x02;
export const KEY_FLAG_CARRIES_VOUCHER = 0x04;

export interface HelloFields {
  keyId: number;
  /** 8 bytes. */
  keyNonce: Uint8Array;
  keyFlags: number;
  /** Defaults to 1; another value only to test a lock's refusal. */
  protocolVersion?: number;
}

export interface Hello extends HelloFields {
  protocolVersion: number;
}

export function encodeHello(fields: HelloFields): Uint8Array {
  if (fields.keyNonce.length !== KEY_NONCE_BYTES) throw new RangeError(`key nonce: expected ${KEY_NONCE_BYTES} bytes, got ${fields.keyNonce.length}`);
  const frame = new Uint8Array(HELLO_BYTES);
  frame[0] = FrameType.Hello;
  setU8(frame, HELLO_VERSION, fields.protocolVersion ?? PROTOCOL_VERSION);
  setU32(frame, HELLO_KEY_ID, fields.keyId);
  frame.set(fields.keyNonce, HELLO_KEY_NONCE);
  setU8(frame, HELLO_FLAGS, fields.keyFlags);
  return frame;
}

/** Throws FrameError: Malformed for a wrong length, UnsupportedVersion for a version other than 1. */
export function decodeHello(frame: Uint8Array): Hello {
  expectFrame(frame, FrameType.Hello, HELLO_BYTES, 'HELLO');
  const protocolVersion = frame[HELLO_VERSION]!;
  if (protocolVersion !== PROTOCOL_VERSION) throw unsupportedVersion(`HELLO: protocol version ${protocolVersion} is not ${PROTOCOL_VERSION}`);
  return {
    protocolVersion,
    keyId: getU32(frame, HELLO_KEY_ID),
    keyNonce: frame.slice(HELLO_KEY_NONCE, HELLO_KEY_NONCE + KEY_NONCE_BYTES),
    keyFlags: frame[HELLO_FLAGS]!,
  };
}
