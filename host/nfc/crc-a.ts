/**
 * CRC_A of ISO/IEC 14443-3 (6.2.4 "CRC_A" for Type A frames; the algorithm and its worked examples
 * are in the annex "CRC_A and CRC_B encoding"): the CRC-16 of ITU-T V.41, polynomial
 * x^16 + x^12 + x^5 + 1, register preset to 0x6363, data shifted in least significant bit first, no
 * final inversion; the two CRC bytes are appended low byte first.
 *
 * Written bit by bit (the register as the annex describes it), not with the usual byte-wise shortcut,
 * so the tests can compare it with that shortcut as an independent second implementation.
 */

/** Register preset of CRC_A: 0x6363 (ISO/IEC 14443-3, 6.2.4 and the CRC_A annex). */
export const CRC_A_PRESET = 0x6363;

/** x^16 + x^12 + x^5 + 1 with its bits reversed (0x1021 read LSB first), for an LSB-first register. */
const POLYNOMIAL_REFLECTED = 0x8408;

/** Length of CRC_A on the air (2 bytes, ISO/IEC 14443-3 6.2.4). */
export const CRC_A_BYTES = 2;

/** The 16-bit CRC_A register after shifting in `data` (bit 0 of the register is sent first). */
export function crcA(data: Uint8Array): number {
  let register = CRC_A_PRESET;
  for (const byte of data) {
    for (let bit = 0; bit < 8; bit++) {
      const feedback = (register ^ (byte >> bit)) & 1;
      register >>>= 1;
      if (feedback) register ^= POLYNOMIAL_REFLECTED;
    }
  }
  return register;
}

/** CRC_A as the two bytes sent on the air: low byte first, then high byte. */
export function crcABytes(data: Uint8Array): Uint8Array {
  const crc = crcA(data);
  return Uint8Array.of(crc & 0xff, crc >> 8);
}

/** `data` followed by its CRC_A. */
export function withCrcA(data: Uint8Array): Uint8Array {
  const frame = new Uint8Array(data.length + CRC_A_BYTES);
  frame.set(data);
  frame.set(crcABytes(data), data.length);
  return frame;
}

/** True if the last two bytes of `frame` are the CRC_A of the bytes before them. */
export function hasValidCrcA(frame: Uint8Array): boolean {
  if (frame.length < CRC_A_BYTES) return false;
  const data = frame.subarray(0, frame.length - CRC_A_BYTES);
  const crc = crcA(data);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >> 8;
}
