/**
 * A source that charges the storage capacitor: a current that is constant between breakpoints on
 * the simulation's clock (virtual microseconds), with the voltage it can charge up to. The key
 * generator and the NFC field both give one; the power supply steps the capacitor exactly between
 * breakpoints.
 */
import { chargeUc } from './units.js';

/** The source's current from the asked time until `untilUs`. */
export interface SourceSegment {
  /** Current into the capacitor, uA. */
  currentUa: number;
  /** The source cannot charge the capacitor above this voltage, V. */
  ceilingV: number;
  /** End of this constant piece (exclusive), us on the simulation clock; Infinity if it never ends. */
  untilUs: number;
}

export interface ChargeSource {
  /** The constant piece in force at `timeUs`. */
  at(timeUs: number): SourceSegment;
}

/** One piece of a piecewise-constant source, [fromUs, untilUs). */
export interface CurrentPiece {
  fromUs: number;
  untilUs: number;
  currentUa: number;
  ceilingV: number;
}

/** No source: the capacitor only discharges. */
export const NO_SOURCE: ChargeSource = {
  at: () => ({ currentUa: 0, ceilingV: Infinity, untilUs: Infinity }),
};

/** A source made of pieces (sorted, not overlapping); between and outside them it gives nothing. */
export class PiecewiseSource implements ChargeSource {
  readonly pieces: readonly CurrentPiece[];

  constructor(pieces: readonly CurrentPiece[]) {
    let previousEnd = -Infinity;
    for (const p of pieces) {
      if (!(p.untilUs > p.fromUs) || p.fromUs < previousEnd || !(p.currentUa >= 0) || !Number.isFinite(p.currentUa)) {
        throw new RangeError(`pieces must be sorted, non-empty, non-overlapping, with currents >= 0: ${JSON.stringify(p)}`);
      }
      previousEnd = p.untilUs;
    }
    this.pieces = pieces;
  }

  at(timeUs: number): SourceSegment {
    for (const p of this.pieces) {
      if (timeUs < p.fromUs) return { currentUa: 0, ceilingV: Infinity, untilUs: p.fromUs };
      if (timeUs < p.untilUs) return { currentUa: p.currentUa, ceilingV: p.ceilingV, untilUs: p.untilUs };
    }
    return NO_SOURCE.at(timeUs);
  }

  /** Total charge the source offers, uC. */
  totalChargeUc(): number {
    return this.pieces.reduce((sum, p) => sum + chargeUc(p.currentUa, p.untilUs - p.fromUs), 0);
  }
}
