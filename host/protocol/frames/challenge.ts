/** CHALLENGE, lock → key, 28 bytes (PROTOCOL.md §7.3). */
import {
  CHALLENGE_BLOCKLIST_VERSION,
  CHALLENGE_BYTES,
  CHALLENGE_LOCK_ID,
  CHALLENGE_MARK_DAY,
  CHALLENGE_NONCE,
  CHALLENGE_VERSION,
  FrameType,
  NONCE_BYTES,
  PROTOCOL_VERSION,
} from '../../../firmware/protocol.js';
import { getU16, getU32, setU16, setU32 } from '../bytes.js';
import { expectFrame, unsupportedVersion } from '../frame-error.js';

export interface ChallengeFields {
  lockId: number;
  /** 16 bytes. */
  lockNonce: Uint8Array;
  markDay: number;
  blocklistVersion: number;
}

export function encodeChallenge(fields: ChallengeFields): Uint8Array {
  if (fields.lockNonce.length !== NONCE_BYTES) throw new RangeError(`lock nonce: expected ${NONCE_BYTES} bytes, got ${fields.lockNonce.length}`);
  const frame = new Uint8Array(CHALLENGE_BYTES);
  frame[0] = FrameType.Challenge;
  frame[CHALLENGE_VERSION] = PROTOCOL_VERSION;
  setU32(frame, CHALLENGE_LOCK_ID, fields.lockId);
  frame.set(fields.lockNonce, CHALLENGE_NONCE);
  setU16(frame, CHALLENGE_MARK_DAY, fields.markDay);
  setU32(frame, CHALLENGE_BLOCKLIST_VERSION, fields.blocklistVersion);
  return frame;
}

export function decodeChallenge(frame: Uint8Array): ChallengeFields {
  expectFrame(frame, FrameType.Challenge, CHALLENGE_BYTES, 'CHALLENGE');
  const version = frame[CHALLENGE_VERSION]!;
  if (version !== PROTOCOL_VERSION) throw unsupportedVersion(`CHALLENGE: protocol version ${version} is not ${PROTOCOL_VERSION}`);
  return {
    lockId: getU32(frame, CHALLENGE_LOCK_ID),
    lockNonce: frame.slice(CHALLENGE_NONCE, CHALLENGE_NONCE + NONCE_BYTES),
    markDay: getU16(frame, CHALLENGE_MARK_DAY),
    blocklistVersion: getU32(frame, CHALLENGE_BLOCKLIST_VERSION),
  };
}
