/**
 * The 13.56 MHz carrier of ISO/IEC 14443 and conversions between carrier cycles and microseconds.
 *
 * Every NFC time in host/nfc is an integer count of carrier cycles ("Fc"), so timelines are exact and
 * deterministic; microseconds are derived from them only for display and traces.
 */

/** fc, the carrier frequency in Hz: 13.56 MHz (ISO/IEC 14443-2, "Power transfer": frequency of the operating field). */
export const CARRIER_HZ = 13_560_000;

/**
 * One bit (one etu) at 106 kbit/s, in carrier cycles: 128/fc, about 9.4395 us
 * (ISO/IEC 14443-2, "Communication signal interface Type A": bit rate fc/128; ISO/IEC 14443-3 6.1 "etu").
 */
export const BIT_106_FC = 128;

/** Microseconds in a second (unit conversion, no clause). */
const US_PER_S = 1_000_000;

/** Duration of `fc` carrier cycles in microseconds (128 fc -> 9.4395... us). */
export function fcToUs(fc: number): number {
  return (fc * US_PER_S) / CARRIER_HZ;
}

/** The smallest whole number of carrier cycles that lasts at least `us` microseconds. */
export function usToFcCeil(us: number): number {
  if (!Number.isFinite(us) || us < 0) throw new RangeError(`expected a duration >= 0 us, got ${us}`);
  const exact = (us * CARRIER_HZ) / US_PER_S;
  // A product like 1000 x 13.56 can land a hair above the integer it means: round that away first.
  const nearest = Math.round(exact);
  return Math.abs(exact - nearest) < 1e-6 ? nearest : Math.ceil(exact);
}

/** Duration of `bits` bit periods at 106 kbit/s, in carrier cycles. */
export function bitsToFc(bits: number): number {
  return bits * BIT_106_FC;
}
