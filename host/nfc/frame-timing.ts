/**
 * Frame durations and delays of ISO/IEC 14443 Type A at 106 kbit/s, in carrier cycles (Fc).
 *
 * Clause numbers are those of ISO/IEC 14443-3:2018 and ISO/IEC 14443-4:2018 (their tables of
 * contents); ISO/IEC 14443-2 is cited by section title.
 *
 * Model of a frame on the air (one bit period = 128 Fc):
 * - PCD -> PICC (modified Miller, ISO/IEC 14443-2 "Communication signal interface Type A", PCD to
 *   PICC bit representation and coding): start of communication = sequence Z (1 bit period), the data
 *   bits, end of communication = logic "0" followed by sequence Y (2 bit periods). A pause starts at
 *   the beginning of a bit period (Z) or in its middle (X, a logic "1").
 * - PICC -> PCD (Manchester on the fc/16 subcarrier, same part, PICC to PCD bit representation and
 *   coding): start of communication = sequence D (1 bit period), the data bits, end of communication
 *   = sequence F (1 bit period without modulation).
 * - Data bits: a short frame has 7 (ISO/IEC 14443-3 6.2.3.1), a standard frame 9 per byte: 8 data
 *   bits LSB first and an odd parity bit (6.2.3.2).
 */
import { BIT_106_FC } from './carrier.js';

/** Data bits of a short frame (REQA, WUPA): 7 (ISO/IEC 14443-3 6.2.3.1). */
export const SHORT_FRAME_DATA_BITS = 7;

/** Bits per byte in a standard frame: 8 data bits + 1 odd parity bit (ISO/IEC 14443-3 6.2.3.2). */
export const BITS_PER_BYTE_WITH_PARITY = 9;

/** Start of communication PCD -> PICC: sequence Z, 1 bit period (ISO/IEC 14443-2, Type A PCD to PICC coding). */
export const PCD_START_OF_COMMUNICATION_BITS = 1;

/** End of communication PCD -> PICC: logic "0" then sequence Y, 2 bit periods (ISO/IEC 14443-2, Type A PCD to PICC coding). */
export const PCD_END_OF_COMMUNICATION_BITS = 2;

/** Start of communication PICC -> PCD: sequence D, 1 bit period (ISO/IEC 14443-2, Type A PICC to PCD coding). */
export const PICC_START_OF_COMMUNICATION_BITS = 1;

/** End of communication PICC -> PCD: sequence F, 1 bit period (ISO/IEC 14443-2, Type A PICC to PCD coding). */
export const PICC_END_OF_COMMUNICATION_BITS = 1;

/**
 * Length of a PCD pause (t1 of PauseA at fc/128), in Fc: 40 Fc (2.95 us). ISO/IEC 14443-2 ("PCD to
 * PICC" signal shape, PauseA at fc/128) bounds t1 to roughly 28/fc..40.5/fc; the value inside the
 * range is an assumption of this model. It matters only because the frame delay time is counted
 * from the end of the last pause.
 */
export const PAUSE_A_T1_FC = 40;

/** The pause of sequence X (logic "1") starts half a bit period into the bit: 64 Fc (ISO/IEC 14443-2, sequence X). */
const SEQUENCE_X_PAUSE_OFFSET_FC = BIT_106_FC / 2;

/** FDT PCD -> PICC: n x 128 + 84 Fc after a last data bit "1" (ISO/IEC 14443-3 6.2.1.1). */
export const FDT_LAST_BIT_ONE_EXTRA_FC = 84;

/** FDT PCD -> PICC: n x 128 + 20 Fc after a last data bit "0" (ISO/IEC 14443-3 6.2.1.1). */
export const FDT_LAST_BIT_ZERO_EXTRA_FC = 20;

/** n = 9 for REQA, WUPA, ANTICOLLISION and SELECT, and the least n for any other command (ISO/IEC 14443-3 6.2.1.1). */
export const FDT_MIN_N = 9;

/** Minimum FDT PICC -> PCD, from the PICC's last modulation to the PCD's first pause: 1172 Fc (ISO/IEC 14443-3 6.2.1.2). */
export const FDT_PICC_TO_PCD_MIN_FC = 1172;

/** Request guard time, minimum between the start bits of two consecutive REQA: 7000 Fc (ISO/IEC 14443-3 6.2.2). */
export const REQUEST_GUARD_TIME_FC = 7000;

/**
 * Unmodulated field before the first REQA: 5.1 ms = 69156 Fc. ISO/IEC 14443-3 5.2.1 ("Polling")
 * requires a PICC to accept a request within 5 ms of unmodulated field, and notes that a PCD shall
 * therefore give at least 5.1 ms of unmodulated field before its first request; DESIGN.md's "readers
 * wait about 5 ms after field-on" is this reader behaviour. Real phones may wait longer.
 */
export const FIELD_ON_GUARD_FC = 69_156;

/** FWT = (256 x 16 / fc) x 2^FWI: the unit is 4096 Fc (about 302 us) (ISO/IEC 14443-4 7.3). */
export const FWT_UNIT_FC = 256 * 16;

/** Largest FWI; 15 is RFU (ISO/IEC 14443-4 7.3 and 5.3.5, TB(1)). */
export const FWI_MAX = 14;

/** Default FWI when the ATS has no TB(1): 4, so FWT = 4833 us (ISO/IEC 14443-4 5.3.5). */
export const FWI_DEFAULT = 4;

/** Activation frame waiting time, the longest a PICC may take to answer RATS: 65536 Fc (ISO/IEC 14443-4 5.6). */
export const ACTIVATION_FWT_FC = 65_536;

function assertByteCount(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`a standard frame has at least 1 byte, got ${bytes}`);
}

/** Data bits of a standard frame of `bytes` bytes (parity bits included). */
export function standardFrameDataBits(bytes: number): number {
  assertByteCount(bytes);
  return bytes * BITS_PER_BYTE_WITH_PARITY;
}

/** Duration of a PCD -> PICC frame with `dataBits` data bits, start and end of communication included. */
export function pcdFrameFc(dataBits: number): number {
  return (PCD_START_OF_COMMUNICATION_BITS + dataBits + PCD_END_OF_COMMUNICATION_BITS) * BIT_106_FC;
}

/** Duration of a PICC -> PCD frame with `dataBits` data bits, start and end of communication included. */
export function piccFrameFc(dataBits: number): number {
  return (PICC_START_OF_COMMUNICATION_BITS + dataBits + PICC_END_OF_COMMUNICATION_BITS) * BIT_106_FC;
}

/** A short frame (REQA/WUPA) from the PCD: (1 + 7 + 2) x 128 = 1280 Fc. */
export function pcdShortFrameFc(): number {
  return pcdFrameFc(SHORT_FRAME_DATA_BITS);
}

/** A standard frame of `bytes` bytes from the PCD: (1 + 9 x bytes + 2) x 128 Fc. */
export function pcdStandardFrameFc(bytes: number): number {
  return pcdFrameFc(standardFrameDataBits(bytes));
}

/** A standard frame of `bytes` bytes from the PICC: (1 + 9 x bytes + 1) x 128 Fc. */
export function piccStandardFrameFc(bytes: number): number {
  return piccFrameFc(standardFrameDataBits(bytes));
}

/**
 * End of the PCD's last pause, from the start of its frame (the reference of the FDT, ISO/IEC 14443-3
 * 6.2.1.1). The last data bit occupies bit period `dataBits` (the start bit is period 0). If it is a
 * "1" (sequence X), its pause starts half a bit in; if it is a "0", the end of communication's logic
 * "0" after it is a sequence Z, whose pause starts the next bit period.
 */
export function pcdLastPauseEndFc(dataBits: number, lastBitIsOne: boolean): number {
  const lastBitStart = dataBits * BIT_106_FC;
  const pauseStart = lastBitIsOne ? lastBitStart + SEQUENCE_X_PAUSE_OFFSET_FC : lastBitStart + BIT_106_FC;
  return pauseStart + PAUSE_A_T1_FC;
}

/**
 * End of the PICC's last modulation, from the start of its frame (the reference of the FDT PICC ->
 * PCD, ISO/IEC 14443-3 6.2.1.2): a last "1" (sequence D) is modulated in its first half only.
 */
export function piccLastModulationEndFc(dataBits: number, lastBitIsOne: boolean): number {
  const lastBitEnd = (PICC_START_OF_COMMUNICATION_BITS + dataBits) * BIT_106_FC;
  return lastBitIsOne ? lastBitEnd - SEQUENCE_X_PAUSE_OFFSET_FC : lastBitEnd;
}

/**
 * FDT PCD -> PICC (ISO/IEC 14443-3 6.2.1.1): (n x 128 + 84) Fc if the PCD's last data bit was "1",
 * (n x 128 + 20) Fc if it was "0"; n = 9 for REQA/WUPA/ANTICOLLISION/SELECT, any integer >= 9 otherwise.
 */
export function frameDelayTimeFc(n: number, lastBitIsOne: boolean): number {
  if (!Number.isInteger(n) || n < FDT_MIN_N) throw new RangeError(`n must be an integer >= ${FDT_MIN_N}, got ${n}`);
  return n * BIT_106_FC + (lastBitIsOne ? FDT_LAST_BIT_ONE_EXTRA_FC : FDT_LAST_BIT_ZERO_EXTRA_FC);
}

/** The least n (>= 9) whose FDT is at least `processingFc` after the PCD's last pause. */
export function frameDelayNFor(processingFc: number, lastBitIsOne: boolean): number {
  const extra = lastBitIsOne ? FDT_LAST_BIT_ONE_EXTRA_FC : FDT_LAST_BIT_ZERO_EXTRA_FC;
  return Math.max(FDT_MIN_N, Math.ceil((processingFc - extra) / BIT_106_FC));
}

/** FWT = 4096 Fc x 2^FWI (ISO/IEC 14443-4 7.3), FWI 0..14. */
export function frameWaitingTimeFc(fwi: number): number {
  if (!Number.isInteger(fwi) || fwi < 0 || fwi > FWI_MAX) throw new RangeError(`FWI must be 0..${FWI_MAX}, got ${fwi}`);
  return FWT_UNIT_FC * 2 ** fwi;
}
