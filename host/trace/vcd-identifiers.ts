/**
 * VCD identifier codes (IEEE 1364-2005 §18.2.1, identifier_code; §18.2.3.7 $var): short strings of
 * printable ASCII characters '!' (33) to '~' (126), one per variable. Ours follow the declaration
 * order: 0 -> '!', 93 -> '~', 94 -> '!!', 95 -> '"!', ... (bijective base 94, least significant
 * character first), so the same declarations always get the same codes.
 */

const FIRST = 33;
const RADIX = 94;

export function vcdIdentifier(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`identifier index ${index} is not an integer >= 0`);
  let code = '';
  let rest = index;
  for (;;) {
    code += String.fromCharCode(FIRST + (rest % RADIX));
    rest = Math.floor(rest / RADIX);
    if (rest === 0) return code;
    rest -= 1;
  }
}
