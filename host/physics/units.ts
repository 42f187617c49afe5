/**
 * Unit conversions of the physics models. Every quantity carries its unit as a suffix:
 * Us (microseconds), Ms (milliseconds), V, Uf (microfarads), Uc (microcoulombs), Ua (microamperes),
 * Uw (microwatts), Uj and Nj (micro- and nanojoules), Mm (millimetres), APerM (amperes per metre).
 *
 * With these units the capacitor's laws need no factors of ten: Q [uC] = C [uF] x V [V] and
 * E [uJ] = C [uF] x V^2 / 2; only currents times times need UC_PER_UA_US.
 */

/** Charge of 1 uA flowing for 1 us: 1e-12 C = 1e-6 uC (SI prefixes). */
export const UC_PER_UA_US = 1e-6;

/** Microseconds in a millisecond (SI prefixes). */
export const US_PER_MS = 1_000;

/** Nanojoules in a microjoule (SI prefixes). */
export const NJ_PER_UJ = 1_000;

/** Microseconds in a second: E [uJ] / P [uW] is in seconds (SI prefixes). */
export const US_PER_S = 1_000_000;

/** Charge [uC] carried by `currentUa` during `durationUs`. */
export function chargeUc(currentUa: number, durationUs: number): number {
  return currentUa * durationUs * UC_PER_UA_US;
}

/** The constant current [uA] that carries `chargeUc` in `durationUs`. */
export function currentUa(chargeUc: number, durationUs: number): number {
  return chargeUc / (durationUs * UC_PER_UA_US);
}
