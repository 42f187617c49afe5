/**
 * Value changes in VCD text (IEEE 1364-2005 §18.2.1 value_change, §18.2.2 "Formats of variable
 * values"):
 * - scalar (1-bit wire): the value character directly followed by the identifier: `1!`, `x!`;
 * - vector: `b` + binary digits, a space, the identifier: `b011 #`. We always write the full width
 *   (the shortening of Table 18-2 is allowed, not required);
 * - real: `r` + real number, a space, the identifier: `r2.875 !`. The number is JavaScript's
 *   shortest round-trip text (`2.875`, `1e-7`), which has the %g shape §18.2.2 describes and
 *   reads back to the same double.
 */
import type { Signal, SignalValue } from './timeline.js';
import { realValue, wireValue } from './timeline.js';

/** A checked value in the form the VCD text is made from. */
export type VcdValue = number | 'x' | 'z';

export function resolveValue(signal: Signal, value: SignalValue): VcdValue {
  return signal.kind === 'real' ? realValue(signal, value) : wireValue(signal, value);
}

/** The value a signal holds before its first change (real: 0, wire: all x). */
export function initialValue(signal: Signal): VcdValue {
  return resolveValue(signal, signal.initial ?? (signal.kind === 'real' ? 0 : 'x'));
}

/** The bits of a wire value, most significant first, `width` characters. */
export function wireBits(value: VcdValue, width: number): string {
  if (value === 'x' || value === 'z') return value.repeat(width);
  return value.toString(2).padStart(width, '0');
}

/** One value-change line for the variable `identifier`. */
export function vcdValueChange(signal: Signal, value: VcdValue, identifier: string): string {
  if (signal.kind === 'real') return `r${String(value)} ${identifier}`;
  const bits = wireBits(value, signal.width);
  return signal.width === 1 ? `${bits}${identifier}` : `b${bits} ${identifier}`;
}
