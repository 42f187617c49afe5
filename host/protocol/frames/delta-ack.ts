/** DELTA_ACK, lock → key, 6 bytes (PROTOCOL.md §8). */
import { REASON_COUNT, type Reason } from '../../../firmware/abi.js';
import { DELTA_ACK_BYTES, FrameType } from '../../../firmware/protocol.js';
import { getU32, setU32, setU8 } from '../bytes.js';
import { expectFrame, malformed } from '../frame-error.js';

/** Offsets of DELTA_ACK's fields (§8). */
const ACK_REASON = 1;
const ACK_BLOCKLIST_VERSION = 2;

export interface DeltaAck {
  /** Ok: applied; else why not (nothing changed). */
  reason: Reason;
  /** The lock's blocklist version after the delta. */
  blocklistVersion: number;
}

export function encodeDeltaAck(ack: DeltaAck): Uint8Array {
  const frame = new Uint8Array(DELTA_ACK_BYTES);
  frame[0] = FrameType.DeltaAck;
  setU8(frame, ACK_REASON, ack.reason);
  setU32(frame, ACK_BLOCKLIST_VERSION, ack.blocklistVersion);
  return frame;
}

export function decodeDeltaAck(frame: Uint8Array): DeltaAck {
  expectFrame(frame, FrameType.DeltaAck, DELTA_ACK_BYTES, 'DELTA_ACK');
  const reason = frame[ACK_REASON]!;
  if (reason >= REASON_COUNT) throw malformed(`DELTA_ACK: unknown reason ${reason}`);
  return { reason, blocklistVersion: getU32(frame, ACK_BLOCKLIST_VERSION) };
}
