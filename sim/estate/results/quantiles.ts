/** Order statistics of the run's figures (nearest-rank definition: the value at rank ceil(p x n)). */

export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export interface Spread {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** p50, p99 and the largest of `values`, each divided by `unit` (e.g. minutes per day). */
export function spread(values: readonly number[], unit = 1): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const scaled = (value: number | null) => (value === null ? null : round(value / unit));
  return { count: sorted.length, p50: scaled(quantile(sorted, 0.5)), p99: scaled(quantile(sorted, 0.99)), max: scaled(sorted.at(-1) ?? null) };
}

/** Rounded to 3 decimals, so that printed results do not carry float noise. */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
