/** Benchmark inputs from a seeded generator: the same bytes on every run, no Math.random. */
import { SeededEntropy } from '../host/devices/seeded-entropy.js';

/** Start of each string: 16 bytes keeps every string 4-byte aligned, so noble reads it in place. */
const ALIGN_BYTES = 16;

/** `count` byte strings of `size` bytes, distinct views into one buffer. */
export function seededByteStrings(seed: string, count: number, size: number): Uint8Array[] {
  const stride = Math.ceil(size / ALIGN_BYTES) * ALIGN_BYTES;
  const all = new Uint8Array(stride * count);
  new SeededEntropy(seed).fill(all);
  return Array.from({ length: count }, (_, i) => all.subarray(i * stride, i * stride + size));
}
