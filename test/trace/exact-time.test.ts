import { describe, expect, it } from 'vitest';
import { microsecondsToNanoseconds } from '../../host/trace/exact-time.js';

describe('microseconds to nanoseconds', () => {
  it('should convert decimal fractions exactly, where a multiplication would not', () => {
    expect(1.001 * 1000).not.toBe(1001);
    expect(microsecondsToNanoseconds(1.001)).toBe(1001n);
    expect(microsecondsToNanoseconds(2.875)).toBe(2875n);
    expect(microsecondsToNanoseconds(0)).toBe(0n);
    expect(microsecondsToNanoseconds(0.001)).toBe(1n);
    expect(microsecondsToNanoseconds(1e-3)).toBe(1n);
    expect(microsecondsToNanoseconds(1e21)).toBe(10n ** 24n);
    expect(microsecondsToNanoseconds(123456789.5)).toBe(123456789500n);
  });

  it('should refuse what is not a whole number of nanoseconds, negative or not finite', () => {
    expect(() => microsecondsToNanoseconds(0.0001)).toThrow(/whole number of nanoseconds/);
    expect(() => microsecondsToNanoseconds(0.1 + 0.2)).toThrow(/whole number of nanoseconds/);
    expect(() => microsecondsToNanoseconds(-1)).toThrow(/>= 0/);
    expect(() => microsecondsToNanoseconds(Number.POSITIVE_INFINITY)).toThrow(/>= 0/);
  });
});
