import { Reason } from '../../firmware/abi.js';

/**
 * A frame or structure that cannot be placed (PROTOCOL.md §5), with the reason a lock answers it
 * with: Malformed, or UnsupportedVersion for a version other than 1.
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';

  constructor(
    readonly reason: Reason,
    message: string,
  ) {
    super(message);
  }
}

export function malformed(message: string): FrameError {
  return new FrameError(Reason.Malformed, message);
}

export function unsupportedVersion(message: string): FrameError {
  return new FrameError(Reason.UnsupportedVersion, message);
}

/** Throws Malformed unless `frame` is `expectedBytes` long and starts with `type`. */
export function expectFrame(frame: Uint8Array, type: number, expectedBytes: number, name: string): void {
  if (frame.length < 1 || frame[0] !== type) throw malformed(`${name}: expected type 0x${type.toString(16)}, got ${describeType(frame)}`);
  if (frame.length !== expectedBytes) throw malformed(`${name}: expected ${expectedBytes} bytes, got ${frame.length}`);
}

/** Throws Malformed unless `frame` starts with `type` and has at least `minimumBytes`. */
export function expectFrameAtLeast(frame: Uint8Array, type: number, minimumBytes: number, name: string): void {
  if (frame.length < 1 || frame[0] !== type) throw malformed(`${name}: expected type 0x${type.toString(16)}, got ${describeType(frame)}`);
  if (frame.length < minimumBytes) throw malformed(`${name}: expected at least ${minimumBytes} bytes, got ${frame.length}`);
}

function describeType(frame: Uint8Array): string {
  return frame.length === 0 ? 'an empty frame' : `type 0x${frame[0]!.toString(16)}`;
}
