/**
 * Samples of a piecewise-linear voltage for a trace: a VCD `real` variable holds each value until the
 * next change, so the voltage is written where it changes meaningfully, not at every step of the
 * model:
 * - where it has moved by `stepV` since the last sample (each crossing of a multiple of stepV, at the
 *   exact crossing time), so the held value is never further than stepV from the model (plus what
 *   the voltage moves in the nanosecond a time is rounded by: nanovolts for a lock's capacitor);
 * - at every corner, where the slope changes (a load starts or stops, power-on's current, the clamp,
 *   the source's next piece), so the trace turns where the model does;
 * - at the first and last knot.
 * Each sample's time is rounded to a whole nanosecond (the VCD's timescale) and its value is the
 * model's voltage at that rounded time, rounded to 1 uV; so every sample lies on the model's curve.
 */

/** A point of the model's voltage: linear between consecutive knots. */
export interface VoltagePoint {
  readonly atUs: number;
  readonly voltageV: number;
}

export interface VoltageSampling {
  /** Largest move between samples, V (default 0.01 V). */
  readonly stepV?: number;
  /** A slope change smaller than this fraction of the slope is not a corner (default 1e-3). */
  readonly cornerTolerance?: number;
}

/** Values are written to 1 uV: V rounded to 6 decimals. */
const VALUE_DECIMALS = 1e6;
/** Times are whole nanoseconds: us rounded to 3 decimals. */
const NS_PER_US = 1_000;

const roundNs = (us: number): number => Math.round(us * NS_PER_US) / NS_PER_US;
const roundUv = (v: number): number => Math.round(v * VALUE_DECIMALS) / VALUE_DECIMALS;

/** The knots in time order with one per time (the later wins), checked. */
function cleanKnots(knots: readonly VoltagePoint[]): VoltagePoint[] {
  const out: VoltagePoint[] = [];
  for (const knot of knots) {
    if (!Number.isFinite(knot.atUs) || !Number.isFinite(knot.voltageV)) throw new RangeError(`knot ${JSON.stringify(knot)} is not finite`);
    const last = out.at(-1);
    if (last !== undefined && knot.atUs < last.atUs) throw new RangeError(`knots go back in time at ${knot.atUs} us`);
    if (last !== undefined && knot.atUs === last.atUs) out[out.length - 1] = knot;
    else out.push(knot);
  }
  return out;
}

/** The model's voltage at `atUs` (linear between knots, held outside them). */
export function voltageAt(knots: readonly VoltagePoint[], atUs: number): number {
  if (knots.length === 0) throw new RangeError('no knots');
  if (atUs <= knots[0]!.atUs) return knots[0]!.voltageV;
  let lo = 0;
  let hi = knots.length - 1;
  if (atUs >= knots[hi]!.atUs) return knots[hi]!.voltageV;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (knots[mid]!.atUs <= atUs) lo = mid;
    else hi = mid;
  }
  const a = knots[lo]!;
  const b = knots[hi]!;
  return a.voltageV + ((b.voltageV - a.voltageV) * (atUs - a.atUs)) / (b.atUs - a.atUs);
}

function slope(a: VoltagePoint, b: VoltagePoint): number {
  return (b.voltageV - a.voltageV) / (b.atUs - a.atUs);
}

/** The samples of `knots`, in time order, one per nanosecond at most. */
export function sampleVoltage(knots: readonly VoltagePoint[], sampling: VoltageSampling = {}): VoltagePoint[] {
  const stepV = sampling.stepV ?? 0.01;
  const tolerance = sampling.cornerTolerance ?? 1e-3;
  if (!(stepV > 0)) throw new RangeError(`stepV: expected > 0, got ${stepV}`);
  const points = cleanKnots(knots);
  if (points.length === 0) return [];
  const times: number[] = [points[0]!.atUs];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    // Crossings of multiples of stepV strictly inside the segment.
    const [lo, hi] = a.voltageV < b.voltageV ? [a.voltageV, b.voltageV] : [b.voltageV, a.voltageV];
    for (let level = Math.floor(lo / stepV) + 1; level * stepV < hi; level++) {
      times.push(a.atUs + ((level * stepV - a.voltageV) * (b.atUs - a.atUs)) / (b.voltageV - a.voltageV));
    }
    const next = points[i + 1];
    if (next === undefined) {
      times.push(b.atUs);
    } else {
      const before = slope(a, b);
      const after = slope(b, next);
      if (Math.abs(after - before) > tolerance * Math.max(Math.abs(before), Math.abs(after))) times.push(b.atUs);
    }
  }
  times.sort((x, y) => x - y); // a falling segment's crossings came highest level first
  const samples: VoltagePoint[] = [];
  for (const time of times) {
    const atUs = roundNs(time);
    const sample = { atUs, voltageV: roundUv(voltageAt(points, atUs)) };
    const last = samples.at(-1);
    if (last !== undefined && atUs <= last.atUs) {
      if (atUs === last.atUs) samples[samples.length - 1] = sample;
      continue;
    }
    samples.push(sample);
  }
  return samples;
}
