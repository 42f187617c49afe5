/**
 * Microseconds (a JS number) to whole nanoseconds (a bigint), exactly: the conversion works on the
 * number's shortest decimal text (what String() prints), so 2.875 µs is 2875 ns, not the result of
 * a binary multiplication such as 1.001 * 1000 = 1000.9999999999999.
 */

const DECIMAL = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/** Whole nanoseconds in `us` microseconds; throws when it is negative, not finite or not whole. */
export function microsecondsToNanoseconds(us: number): bigint {
  if (!Number.isFinite(us) || us < 0) throw new RangeError(`time ${us} µs is not a finite number >= 0`);
  const match = DECIMAL.exec(String(us));
  if (match === null) throw new RangeError(`time ${us} µs: unexpected number text ${String(us)}`);
  const [, whole = '', fraction = '', exponent = '0'] = match;
  const digits = whole + fraction;
  // us = digits * 10^(exponent - fraction.length); ns = us * 10^3.
  const scale = Number(exponent) - fraction.length + 3;
  if (scale >= 0) return BigInt(digits) * 10n ** BigInt(scale);
  const dropped = digits.slice(scale);
  if (/[^0]/.test(dropped)) {
    throw new RangeError(`time ${us} µs is not a whole number of nanoseconds (the finest step is 0.001 µs)`);
  }
  return BigInt(digits.slice(0, scale) || '0');
}
