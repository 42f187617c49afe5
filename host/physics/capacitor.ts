/**
 * The storage capacitor and the MCU's supervisor on it.
 *
 * Law: C dV/dt = Iin - Iout. Over an interval where both currents are constant, V is exactly linear
 * in time, V(t) = V0 + (Iin - Iout) t / C, so a step is computed in closed form (no Euler steps, no
 * step-size error): an interval is cut only where a threshold is crossed, at the exact crossing time.
 * Stored energy E = C V^2 / 2 (uF x V^2 = uJ).
 *
 * Thresholds (the supervisor, with hysteresis):
 *   - power-on: while off, V rising to powerOnV releases the MCU from reset;
 *   - brown-out: while on, V falling to brownOutV holds it in reset (RAM is lost). The load stops at
 *     that instant for the rest of the step: the work that was drawing current is cut off;
 *   - clamp: no source charges the capacitor above min(clampV, the source's own ceiling). At that
 *     voltage the source delivers only what the load takes, and the rest of its current is turned
 *     away (shunted by the clamp, or never drawn from a compliance-limited source: `rejectedUc`).
 *
 * Load model: a constant current, drawn only while the MCU is powered. The profile prices work in
 * microjoules at the nominal supply (cycles x current x supplyV), so a cost of E uJ at supplyV is
 * the charge E / supplyV uC: the MCU's internal regulator makes its supply current nearly
 * independent of VDD (assumed: the STM32L0 core runs from an internal regulator, so its run current
 * is set by clock and mode, not by VDD), so it takes the same charge whatever the capacitor's
 * voltage. The capacitor then loses Q x Vmean of stored energy; the difference with E is what the
 * regulator dissipates (V > supplyV) or what the load does without (V < supplyV).
 */
import { chargeUc, UC_PER_UA_US } from './units.js';

export interface CapacitorFigures {
  /** Capacitance, uF (profile energy.capacitorUf). */
  capacitanceUf: number;
  /** Rising threshold that releases the MCU from reset, V (profile energy.powerOnV). */
  powerOnV: number;
  /** Falling threshold that holds it in reset, V (profile energy.brownOutV). */
  brownOutV: number;
  /** Shunt clamp: no source charges above it, V (profile energy.clampV). */
  clampV: number;
}

/** Currents held constant over one step. */
export interface StepCurrents {
  /** Current the source pushes into the capacitor, uA (default 0). */
  inUa?: number;
  /** Current the load draws while the MCU is powered, uA (default 0). */
  loadUa?: number;
  /** The source's compliance: it cannot charge above this, V (default: clampV; never above it). */
  ceilingV?: number;
  /** End the step early at this event (the step's durationUs is then the time to it). */
  stopAt?: 'brownOut' | 'powerOn';
}

/**
 * Called at the end of every piece a step is cut into, with the time from the step's start (us) and
 * the voltage there: V is linear between consecutive calls (and from the step's start to the first),
 * so these knots describe the voltage exactly (a trace samples it from them).
 */
export type KnotObserver = (offsetUs: number, voltageV: number) => void;

/** What happened during one step. Times are offsets from the step's start, in us. */
export interface CapacitorStep {
  /** Time stepped: as asked, or less if the step stopped at the event asked for. */
  durationUs: number;
  startV: number;
  endV: number;
  /** When V rose to powerOnV while the MCU was off (undefined: it did not). */
  powerOnAtUs: number | undefined;
  /** When V fell to brownOutV while the MCU was on (undefined: it did not). */
  brownOutAtUs: number | undefined;
  /** How long the load drew its current. */
  loadUs: number;
  /** Charge the capacitor accepted from the source, uC. */
  chargeInUc: number;
  /** Charge the load drew, uC. */
  chargeOutUc: number;
  /** Charge the source offered that the ceiling turned away, uC. */
  rejectedUc: number;
  /** Energy accepted at the capacitor's terminals, integral of V Iin dt, uJ. */
  energyInUj: number;
  /** Energy drawn at the capacitor's terminals, integral of V Iload dt, uJ. */
  energyOutUj: number;
}

/** A draw priced at the supply: the step plus what the load received. */
export interface SupplyDraw extends CapacitorStep {
  /** Energy the load received priced at supplyV (chargeOutUc x supplyV), uJ. */
  drawnUj: number;
}

/** Time [us] for a constant net current to move V from `fromV` to `toV`; Infinity if it never does. */
export function timeToVoltageUs(capacitanceUf: number, fromV: number, toV: number, netUa: number): number {
  const dv = toV - fromV;
  if (dv === 0) return 0;
  if (netUa === 0 || Math.sign(dv) !== Math.sign(netUa)) return Infinity;
  return (dv * capacitanceUf) / (netUa * UC_PER_UA_US);
}

/** The constant load current [uA] that draws `energyUj` priced at `supplyV` in `durationUs`. */
export function supplyLoadUa(energyUj: number, supplyV: number, durationUs: number): number {
  return energyUj / supplyV / (durationUs * UC_PER_UA_US);
}

const nonNegative = (name: string, v: number): number => {
  if (!Number.isFinite(v) || v < 0) throw new RangeError(`${name}: expected a finite number >= 0, got ${v}`);
  return v;
};

/** Steps in one call at most: each cut is a threshold crossed, and each threshold is crossed once. */
const MAX_CUTS = 16;

export class Capacitor {
  private v: number;
  private on: boolean;

  /** `voltageV` defaults to 0 (empty); `powered` to whether it is at least powerOnV. */
  constructor(
    readonly figures: CapacitorFigures,
    initial: { voltageV?: number; powered?: boolean } = {},
  ) {
    const { capacitanceUf, powerOnV, brownOutV, clampV } = figures;
    if (!(capacitanceUf > 0)) throw new RangeError(`capacitanceUf: expected > 0, got ${capacitanceUf}`);
    if (!(brownOutV > 0 && powerOnV > brownOutV && clampV >= powerOnV)) {
      throw new RangeError(`expected 0 < brownOutV < powerOnV <= clampV, got ${brownOutV}, ${powerOnV}, ${clampV} V`);
    }
    this.v = nonNegative('voltageV', initial.voltageV ?? 0);
    if (this.v > clampV) throw new RangeError(`voltageV: ${this.v} V is above the clamp (${clampV} V)`);
    this.on = initial.powered ?? this.v >= powerOnV;
    if (this.on && this.v <= brownOutV) throw new RangeError(`powered at ${this.v} V, at or below brown-out (${brownOutV} V)`);
  }

  get voltageV(): number {
    return this.v;
  }

  /** Whether the supervisor lets the MCU run. */
  get powered(): boolean {
    return this.on;
  }

  /** Stored energy C V^2 / 2, uJ. */
  energyUj(): number {
    return (this.figures.capacitanceUf * this.v * this.v) / 2;
  }

  /** Stored energy above the brown-out level, C (V^2 - Vbo^2) / 2, uJ (0 at or below it). */
  storedAboveBrownOutUj(): number {
    const { capacitanceUf, brownOutV } = this.figures;
    return this.v > brownOutV ? (capacitanceUf * (this.v * this.v - brownOutV * brownOutV)) / 2 : 0;
  }

  /**
   * What the MCU can still spend before brown-out, priced at `supplyV` like the profile's costs:
   * the charge above brown-out, C (V - Vbo), times supplyV (uJ). 0 while unpowered.
   */
  supplyBudgetUj(supplyV: number): number {
    const { capacitanceUf, brownOutV } = this.figures;
    return this.on ? capacitanceUf * Math.max(0, this.v - brownOutV) * supplyV : 0;
  }

  /** Time [us] until V reaches `targetV` at constant currents, ignoring the supervisor; Infinity if never. */
  timeToReachUs(targetV: number, currents: StepCurrents = {}): number {
    const ceiling = Math.min(currents.ceilingV ?? this.figures.clampV, this.figures.clampV);
    if (targetV > ceiling && targetV > this.v) return Infinity;
    const net = (currents.inUa ?? 0) - (currents.loadUa ?? 0);
    return timeToVoltageUs(this.figures.capacitanceUf, this.v, targetV, net);
  }

  /** Draws `energyUj` priced at `supplyV` evenly over `durationUs` (> 0), with the source's current. */
  drawAtSupply(energyUj: number, durationUs: number, supplyV: number, source: Omit<StepCurrents, 'loadUa'> = {}): SupplyDraw {
    nonNegative('energyUj', energyUj);
    if (!(durationUs > 0) || !Number.isFinite(durationUs)) throw new RangeError(`durationUs: expected > 0, got ${durationUs}`);
    if (!(supplyV > 0)) throw new RangeError(`supplyV: expected > 0, got ${supplyV}`);
    const step = this.step(durationUs, { ...source, loadUa: supplyLoadUa(energyUj, supplyV, durationUs) });
    return { ...step, drawnUj: step.chargeOutUc * supplyV };
  }

  /**
   * Advances `durationUs` with constant currents, exactly: the interval is cut where V reaches
   * brownOutV, powerOnV or the ceiling, and each piece is linear in time. The load runs only if the
   * MCU is powered at the start, and stops for good at a brown-out.
   */
  step(durationUs: number, currents: StepCurrents = {}, onKnot?: KnotObserver): CapacitorStep {
    nonNegative('durationUs', durationUs);
    const inUa = nonNegative('inUa', currents.inUa ?? 0);
    const loadUa = nonNegative('loadUa', currents.loadUa ?? 0);
    const { capacitanceUf: c, powerOnV, brownOutV, clampV } = this.figures;
    const ceiling = Math.min(currents.ceilingV ?? clampV, clampV);
    if (!(ceiling > 0)) throw new RangeError(`ceilingV: expected > 0, got ${currents.ceilingV}`);

    const out: CapacitorStep = {
      durationUs,
      startV: this.v,
      endV: this.v,
      powerOnAtUs: undefined,
      brownOutAtUs: undefined,
      loadUs: 0,
      chargeInUc: 0,
      chargeOutUc: 0,
      rejectedUc: 0,
      energyInUj: 0,
      energyOutUj: 0,
    };
    let loadOn = this.on && loadUa > 0;
    let t = 0;
    for (let cut = 0; ; cut++) {
      if (cut > MAX_CUTS) throw new Error('capacitor step did not converge (a threshold was crossed twice)');
      // The supervisor acts at the start of each piece too (a step may start exactly on a threshold).
      if (!this.on && this.v >= powerOnV) {
        this.on = true;
        out.powerOnAtUs ??= t;
        if (currents.stopAt === 'powerOn') break;
      }
      const load = loadOn ? loadUa : 0;
      if (this.on && load > 0 && this.v <= brownOutV) {
        this.on = false;
        loadOn = false;
        out.brownOutAtUs = t;
        if (currents.stopAt === 'brownOut') break;
        continue;
      }
      if (t >= durationUs) break;
      const remaining = durationUs - t;
      // Above the ceiling the source cannot push; at it, it gives only what the load takes.
      const accepted = this.v > ceiling ? 0 : this.v === ceiling ? Math.min(inUa, load) : inUa;
      const net = accepted - load;
      // The first threshold this piece reaches, and the voltage it snaps to there.
      let dt = remaining;
      let snapV: number | undefined;
      const consider = (targetV: number): void => {
        const tt = timeToVoltageUs(c, this.v, targetV, net);
        if (tt <= dt) {
          dt = tt;
          snapV = targetV;
        }
      };
      if (net < 0) {
        if (this.v > ceiling) consider(ceiling);
        if (this.on) consider(brownOutV);
      } else if (net > 0) {
        if (!this.on && this.v < powerOnV) consider(powerOnV);
        if (this.v < ceiling) consider(ceiling);
      }
      const v1 = snapV ?? this.v + (net * dt * UC_PER_UA_US) / c;
      const qIn = chargeUc(accepted, dt);
      const qOut = chargeUc(load, dt);
      const meanV = (this.v + v1) / 2; // V is linear over the piece: the integral of V I dt is I t Vmean
      out.chargeInUc += qIn;
      out.chargeOutUc += qOut;
      out.rejectedUc += chargeUc(inUa - accepted, dt);
      out.energyInUj += qIn * meanV;
      out.energyOutUj += qOut * meanV;
      if (load > 0) out.loadUs += dt;
      this.v = Math.max(0, v1);
      t = snapV === undefined || dt === remaining ? durationUs : t + dt;
      onKnot?.(t, this.v);
    }
    out.durationUs = t;
    out.endV = this.v;
    return out;
  }
}
