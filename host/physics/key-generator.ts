/**
 * The key-turn generator: the energy one insertion harvests, as a function of the turn's speed and
 * travel, and its delivery into the storage capacitor as a piecewise-constant current.
 *
 * No vendor publishes these figures (DESIGN.md, "Physical figures to start from"). The profile's
 * harvestPerInsertionUj is the energy a normal insertion stores (a turn of normalTurnAngleDeg in
 * normalTurnDurationMs); everything else follows from the law below.
 *
 * Law chosen: E = E_normal x (w / w_normal) x (theta / theta_normal), with w = theta / T the turn's
 * mean angular speed. Why: a permanent-magnet generator's EMF is e = k w (Faraday). Its harvesting
 * front end (rectifier and converter) presents a roughly fixed resistance R, so the power is
 * P = e^2 / R, proportional to w^2; the turn lasts T = theta / w, so E = P T is proportional to
 * w x theta. Two other designs were considered and not taken:
 *   - a snap mechanism (the key winds a spring that then spins the generator at its own speed)
 *     makes E independent of the user's speed: the model would then hide the slow-insertion risk;
 *   - a rectifier straight into the capacitor delivers a charge proportional to theta above a
 *     threshold speed (EMF above the capacitor's voltage) and nothing below: a cliff whose position
 *     no one publishes.
 * The chosen law is the most speed-sensitive of the three: pessimistic for slow insertions, which
 * is the side a margin report must not flatter.
 *
 * Delivery: a turn speeds up, cruises and slows down. It is cut into four equal quarters of its
 * duration with relative speeds 0.5, 1, 1, 0.5 (assumed: a trapezoidal speed profile). Power goes
 * as w^2, so the quarters carry charge in the proportions 0.25 : 1 : 1 : 0.25, as constant currents
 * (current taken proportional to power: the capacitor's voltage changes little within a quarter).
 * The total charge Q is calibrated so that the capacitor, starting at V0 with no load, stores
 * exactly E: E = Q V0 + Q^2 / (2 C), whatever the shape, so Q = C (sqrt(V0^2 + 2 E / C) - V0).
 */
import { PiecewiseSource, type CurrentPiece } from './charge-source.js';
import { currentUa, US_PER_MS } from './units.js';

export interface GeneratorFigures {
  /** Energy a normal insertion stores, uJ (profile energy.harvestPerInsertionUj, assumed). */
  harvestPerInsertionUj: number;
  /** Travel of a normal turn, degrees (profile energy.normalTurnAngleDeg, assumed). */
  normalTurnAngleDeg: number;
  /** Duration of a normal turn, ms (profile energy.normalTurnDurationMs, assumed). */
  normalTurnDurationMs: number;
}

/** One insertion: how far the key turns the generator and how long it takes. */
export interface Insertion {
  turnAngleDeg: number;
  turnDurationMs: number;
}

export type InsertionPace = 'slow' | 'normal' | 'hurried';

/**
 * Turn speed relative to the normal insertion (assumed: a careful or frail user turns at about
 * half the normal speed, a hurried one at about twice; the general function takes any speed).
 */
export const PACE_SPEED_FACTOR: Readonly<Record<InsertionPace, number>> = { slow: 0.5, normal: 1, hurried: 2 };

/** Relative speeds of the turn's four quarters (assumed: trapezoidal profile, see the file comment). */
export const TURN_QUARTER_SPEEDS: readonly number[] = [0.5, 1, 1, 0.5];

/** The preset insertion at `pace`: the normal travel, at the pace's speed. */
export function insertionAtPace(figures: GeneratorFigures, pace: InsertionPace): Insertion {
  return { turnAngleDeg: figures.normalTurnAngleDeg, turnDurationMs: figures.normalTurnDurationMs / PACE_SPEED_FACTOR[pace] };
}

/** Mean turn speed, degrees per ms. */
export function turnSpeedDegPerMs(insertion: Insertion): number {
  return insertion.turnAngleDeg / insertion.turnDurationMs;
}

/** Energy [uJ] the insertion stores: E_normal x (speed ratio) x (travel ratio). */
export function insertionEnergyUj(figures: GeneratorFigures, insertion: Insertion): number {
  if (!(insertion.turnAngleDeg > 0) || !(insertion.turnDurationMs > 0)) {
    throw new RangeError(`expected a turn angle and duration > 0, got ${insertion.turnAngleDeg} deg in ${insertion.turnDurationMs} ms`);
  }
  const normal: Insertion = { turnAngleDeg: figures.normalTurnAngleDeg, turnDurationMs: figures.normalTurnDurationMs };
  const speedRatio = turnSpeedDegPerMs(insertion) / turnSpeedDegPerMs(normal);
  const travelRatio = insertion.turnAngleDeg / figures.normalTurnAngleDeg;
  return figures.harvestPerInsertionUj * speedRatio * travelRatio;
}

/** Charge [uC] that stores `energyUj` in `capacitanceUf` starting from `startV` (no load, no clamp). */
export function chargeForEnergyUc(energyUj: number, capacitanceUf: number, startV = 0): number {
  return capacitanceUf * (Math.sqrt(startV * startV + (2 * energyUj) / capacitanceUf) - startV);
}

export interface DeliveryTarget {
  /** When the turn starts on the simulation clock, us (default 0). */
  startUs?: number;
  /** The storage capacitor, uF. */
  capacitanceUf: number;
  /** Its voltage when the turn starts, V (default 0: a battery-less lock starts empty). */
  startV?: number;
  /** Clamp across the capacitor: the generator cannot charge above it, V. */
  clampV: number;
}

/** The insertion's current into the capacitor: four constant pieces over the turn. */
export function insertionPieces(figures: GeneratorFigures, insertion: Insertion, target: DeliveryTarget): CurrentPiece[] {
  const totalUc = chargeForEnergyUc(insertionEnergyUj(figures, insertion), target.capacitanceUf, target.startV ?? 0);
  const weights = TURN_QUARTER_SPEEDS.map((w) => w * w); // power goes as speed squared
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const startUs = target.startUs ?? 0;
  const turnUs = insertion.turnDurationMs * US_PER_MS;
  const pieceUs = turnUs / weights.length;
  return weights.map((w, i) => ({
    fromUs: startUs + i * pieceUs,
    untilUs: i === weights.length - 1 ? startUs + turnUs : startUs + (i + 1) * pieceUs,
    currentUa: currentUa((totalUc * w) / weightSum, pieceUs),
    ceilingV: target.clampV,
  }));
}

/** The insertion as a charge source for the power supply. */
export function insertionSource(figures: GeneratorFigures, insertion: Insertion, target: DeliveryTarget): PiecewiseSource {
  return new PiecewiseSource(insertionPieces(figures, insertion, target));
}
