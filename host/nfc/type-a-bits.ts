/**
 * The bits of Type A frames as they go on the air: the odd parity bit of a standard frame and the
 * last data bit of a frame, which decides the frame delay time (ISO/IEC 14443-3 6.2.1.1).
 */
import { SHORT_FRAME_DATA_BITS } from './frame-timing.js';

/** The odd parity bit sent after a byte: 1 when the byte has an even number of ones (ISO/IEC 14443-3 6.2.3.2). */
export function oddParityBit(byte: number): 0 | 1 {
  let ones = 0;
  for (let v = byte & 0xff; v !== 0; v >>= 1) ones += v & 1;
  return ones % 2 === 0 ? 1 : 0;
}

/** Last data bit of a standard frame: the parity bit of its last byte (bytes go LSB first, parity after). */
export function standardFrameLastBitIsOne(frame: Uint8Array): boolean {
  const last = frame[frame.length - 1];
  if (last === undefined) throw new RangeError('a standard frame has at least 1 byte');
  return oddParityBit(last) === 1;
}

/** Last data bit of a short frame: bit b7 of its 7-bit code (ISO/IEC 14443-3 6.2.3.1, LSB first). */
export function shortFrameLastBitIsOne(code: number): boolean {
  return ((code >> (SHORT_FRAME_DATA_BITS - 1)) & 1) === 1;
}
