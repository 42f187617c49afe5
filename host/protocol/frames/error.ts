/** ERROR, lock → key, 2 bytes: `0xBF ‖ reason`, not authenticated; the session is over (PROTOCOL.md §5). */
import { REASON_COUNT, type Reason } from '../../../firmware/abi.js';
import { ERROR_BYTES, FrameType } from '../../../firmware/protocol.js';
import { expectFrame, malformed } from '../frame-error.js';

export function encodeError(reason: Reason): Uint8Array {
  return Uint8Array.of(FrameType.Error, reason);
}

export function decodeError(frame: Uint8Array): Reason {
  expectFrame(frame, FrameType.Error, ERROR_BYTES, 'ERROR');
  const reason = frame[1]!;
  if (reason >= REASON_COUNT) throw malformed(`ERROR: unknown reason ${reason}`);
  return reason;
}
