/**
 * The lock's supply as the firmware's HAL sees it: a charge source (the key generator or the phone's
 * field) feeding the storage capacitor, on the simulation clock (virtual microseconds, never the
 * wall clock).
 *
 * It depends only on small interfaces: the Capacitor model and a ChargeSource (a current that is
 * constant between breakpoints). It knows nothing of the firmware: the caller turns work into
 * (energy, duration) with the profile's prices, calls consume(), and cuts the firmware off when a
 * step reports a brown-out.
 *
 * Energy is counted in the profile's currency: microjoules at the nominal supply (mcu.supplyV). A
 * cost of E uJ is the charge E / supplyV drawn at constant current (see capacitor.ts, "Load
 * model"), so energyNj() and consume() agree exactly: a draw of more than energyNj() browns out, a
 * draw of less does not (without a source; a source only helps).
 */
import type { Capacitor } from './capacitor.js';
import { supplyLoadUa } from './capacitor.js';
import type { ChargeSource } from './charge-source.js';
import { NJ_PER_UJ } from './units.js';

/** What happened over one call. Times are absolute, on the simulation clock, in us. */
export interface SupplyStep {
  startUs: number;
  endUs: number;
  /** The MCU browned out during the step (consume() ends there: cut the firmware off). */
  brownOut: boolean;
  brownOutAtUs: number | undefined;
  powerOnAtUs: number | undefined;
  /** Energy asked for, priced at supplyV, uJ (0 for idle steps). */
  requestedUj: number;
  /** Energy the load received before any brown-out, priced at supplyV, uJ. */
  drawnUj: number;
  /** Energy the source put into the capacitor, at its terminals, uJ. */
  harvestedUj: number;
  endV: number;
}

type Stop = 'brownOut' | 'powerOn' | undefined;

/** The capacitor's voltage at a time on the simulation clock: V is linear between consecutive knots. */
export interface VoltageKnot {
  atUs: number;
  voltageV: number;
}

export interface PowerSupplyOptions {
  /** Keep every knot of the voltage (voltageKnots), for traces; off by default. */
  recordVoltage?: boolean;
}

export class PowerSupply {
  private timeUs: number;
  private harvestedTotalUj = 0;
  /** With recordVoltage: the voltage from the start, exactly (piecewise linear between knots). */
  readonly voltageKnots: VoltageKnot[] | undefined;

  constructor(
    private readonly capacitor: Capacitor,
    private readonly source: ChargeSource,
    /** Nominal supply at which the profile prices energy, V (profile mcu.supplyV). */
    readonly supplyV: number,
    startUs = 0,
    options: PowerSupplyOptions = {},
  ) {
    if (!(supplyV > 0)) throw new RangeError(`supplyV: expected > 0, got ${supplyV}`);
    this.timeUs = startUs;
    if (options.recordVoltage) this.voltageKnots = [{ atUs: startUs, voltageV: capacitor.voltageV }];
  }

  /** Energy the source has put into the capacitor since the start, at its terminals, uJ. */
  get harvestedUj(): number {
    return this.harvestedTotalUj;
  }

  /** The simulation clock, us. */
  get nowUs(): number {
    return this.timeUs;
  }

  get voltageV(): number {
    return this.capacitor.voltageV;
  }

  get powered(): boolean {
    return this.capacitor.powered;
  }

  /** Energy the MCU can spend now before brown-out, priced at supplyV, nJ (0 while unpowered). */
  energyNj(): number {
    return this.capacitor.supplyBudgetUj(this.supplyV) * NJ_PER_UJ;
  }

  /** The same, under the name of the HAL's EnergyGauge (host/firmware/hal-devices.ts). */
  availableNj(): number {
    return this.energyNj();
  }

  /** Lets `durationUs` pass with no load: the source charges, the MCU may power on. */
  idle(durationUs: number): SupplyStep {
    return this.run(durationUs, 0, 0, undefined);
  }

  /** Idles until `timeUs` (no-op if it is not in the future). */
  advanceTo(timeUs: number): SupplyStep {
    return this.idle(Math.max(0, timeUs - this.timeUs));
  }

  /** Idles until the MCU powers on, at most `limitUs`; returns the power-on time, or undefined. */
  runUntilPowerOn(limitUs: number): number | undefined {
    if (this.powered) return this.timeUs;
    return this.run(limitUs, 0, 0, 'powerOn').powerOnAtUs;
  }

  /**
   * Draws `energyUj` (priced at supplyV) evenly over `durationUs` (> 0) while the source charges.
   * On a brown-out the step ends at that instant (brownOut: true, the clock stops there); while
   * unpowered nothing runs and the step reports a brown-out at once.
   */
  consume(energyUj: number, durationUs: number): SupplyStep {
    if (!(durationUs > 0) || !Number.isFinite(durationUs)) throw new RangeError(`durationUs: expected > 0, got ${durationUs}`);
    if (!(energyUj >= 0) || !Number.isFinite(energyUj)) throw new RangeError(`energyUj: expected >= 0, got ${energyUj}`);
    if (!this.powered) {
      const v = this.voltageV;
      const t = this.timeUs;
      return { startUs: t, endUs: t, brownOut: true, brownOutAtUs: t, powerOnAtUs: undefined, requestedUj: energyUj, drawnUj: 0, harvestedUj: 0, endV: v };
    }
    return this.run(durationUs, supplyLoadUa(energyUj, this.supplyV, durationUs), energyUj, 'brownOut');
  }

  /** Steps the capacitor exactly across the source's breakpoints, stopping at `stop` if asked. */
  private run(durationUs: number, loadUa: number, requestedUj: number, stop: Stop): SupplyStep {
    if (!(durationUs >= 0) || !Number.isFinite(durationUs)) throw new RangeError(`durationUs: expected >= 0, got ${durationUs}`);
    const startUs = this.timeUs;
    const endUs = startUs + durationUs;
    const out: SupplyStep = {
      startUs,
      endUs,
      brownOut: false,
      brownOutAtUs: undefined,
      powerOnAtUs: undefined,
      requestedUj,
      drawnUj: 0,
      harvestedUj: 0,
      endV: this.voltageV,
    };
    while (this.timeUs < endUs) {
      const segment = this.source.at(this.timeUs);
      const pieceEnd = Math.min(segment.untilUs, endUs);
      if (!(pieceEnd > this.timeUs)) throw new Error(`the source's piece at ${this.timeUs} us ends at ${segment.untilUs} us, not after it`);
      const pieceStart = this.timeUs;
      const knots = this.voltageKnots;
      const step = this.capacitor.step(
        pieceEnd - this.timeUs,
        {
          inUa: segment.currentUa,
          loadUa,
          ceilingV: segment.ceilingV,
          ...(stop === undefined ? {} : { stopAt: stop }),
        },
        knots && ((offsetUs, voltageV) => knots.push({ atUs: pieceStart + offsetUs, voltageV })),
      );
      // Land exactly on the breakpoint unless the step stopped early.
      this.timeUs = step.durationUs === pieceEnd - pieceStart ? pieceEnd : pieceStart + step.durationUs;
      out.drawnUj += step.chargeOutUc * this.supplyV;
      out.harvestedUj += step.energyInUj;
      this.harvestedTotalUj += step.energyInUj;
      if (step.powerOnAtUs !== undefined) out.powerOnAtUs ??= pieceStart + step.powerOnAtUs;
      if (step.brownOutAtUs !== undefined) {
        out.brownOut = true;
        out.brownOutAtUs = pieceStart + step.brownOutAtUs;
        loadUa = 0; // the work that was drawing is cut off
      }
      if ((stop === 'brownOut' && out.brownOut) || (stop === 'powerOn' && out.powerOnAtUs !== undefined)) break;
    }
    out.endUs = this.timeUs;
    out.endV = this.voltageV;
    return out;
  }
}
