/**
 * The MCU's power rail as the firmware's HAL meets it: every piece of work the firmware reports,
 * every NVM page it writes and every release draws its energy from the storage capacitor, on the
 * simulation clock, while the source (the key's generator, a phone's field) charges it. When the
 * capacitor falls to brown-out the MCU stops at once: the HAL call in progress throws PowerCut,
 * which unwinds the firmware mid-step (its RAM is lost; the next power-up is a cold reset). The NVM
 * page being programmed at that instant is left unwritten, the pages before it are written.
 *
 * Without a supply attached (between insertions, when a test drives the lock on the bench) the rail
 * only counts time: the work's cycles at the clock, and energy never runs out.
 *
 * Prices are the profile's (host/physics/energy-prices.ts): the MCU runs at its run current the whole
 * time it is powered, waiting on the link included (no sleep mode is modeled); a page write adds the
 * NVM's write current for the write time; a release adds the actuator's energy over its duration.
 */
import { ActuatorCommand, HalStatus, type WorkOp } from '../../firmware/abi.js';
import type { Actuator, EnergyGauge, NvmPort, PoweredTimer, WorkSink } from '../firmware/hal-devices.js';
import type { CyclesPerOp } from '../devices/work-meter.js';
import { pageWriteEnergyUj, releaseEnergyUj, runPowerUw } from '../physics/energy-prices.js';
import type { PowerSupply } from '../physics/power-supply.js';
import type { HardwareProfile } from '../profile/schema.js';
import { cyclesPerOp } from '../devices/bench-devices.js';

const US_PER_S = 1_000_000;
const US_PER_MS = 1_000;
/** The HAL's energyNj() is a u32 (firmware/abi.ts): a bench supply reports its largest value. */
const BENCH_ENERGY_NJ = 0xffff_ffff;

/** The brown-out: the MCU stopped at `atUs` (simulation clock) during `during`. */
export class PowerCut extends Error {
  constructor(
    readonly atUs: number,
    readonly during: RailActivity | 'power-on',
  ) {
    super(during === 'power-on' ? `no power-on by ${atUs.toFixed(1)} us` : `brown-out at ${atUs.toFixed(1)} us during ${during}`);
    this.name = 'PowerCut';
  }
}

export type RailActivity = 'boot' | 'compute' | 'link' | 'nvm-write' | 'release';

/** One stretch of powered time, for the timeline and the traces. */
export interface RailSpan {
  activity: RailActivity;
  startUs: number;
  endUs: number;
  /** Energy drawn, uJ at the supply voltage. */
  drawnUj: number;
  /** Capacitor voltage at the end of the span. */
  endV: number;
}

/** The spans merged where the same activity goes on without a break (many work reports make one compute span). */
export function mergeSpans(spans: readonly RailSpan[]): RailSpan[] {
  const merged: RailSpan[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last !== undefined && last.activity === span.activity && last.endUs === span.startUs) {
      merged[merged.length - 1] = { ...last, endUs: span.endUs, drawnUj: last.drawnUj + span.drawnUj, endV: span.endV };
    } else {
      merged.push({ ...span });
    }
  }
  return merged;
}

export interface RailPrices {
  cyclesPerOp: CyclesPerOp;
  clockMhz: number;
  runPowerUw: number;
  pageBytes: number;
  pageWriteUj: number;
  pageWriteUs: number;
  releaseUj: number;
  releaseUs: number;
}

export function railPrices(profile: HardwareProfile): RailPrices {
  return {
    cyclesPerOp: cyclesPerOp(profile),
    clockMhz: profile.mcu.clockMhz.value,
    runPowerUw: runPowerUw(profile),
    pageBytes: profile.nvm.pageBytes.value,
    pageWriteUj: pageWriteEnergyUj(profile),
    pageWriteUs: profile.nvm.writeTimeMs.value * US_PER_MS,
    releaseUj: releaseEnergyUj(profile),
    releaseUs: profile.energy.actuatorReleaseMs.value * US_PER_MS,
  };
}

export class PowerRail implements WorkSink, PoweredTimer, EnergyGauge {
  private supply: PowerSupply | null = null;
  private poweredAtUs = 0;
  /** Powered time on the bench (no supply attached), us. */
  private benchUs = 0;
  /** The spans since the supply was attached. */
  spans: RailSpan[] = [];
  /** NVM pages programmed since the supply was attached. */
  pagesWritten = 0;
  /** The activity the next compute span is recorded as (boot while booting). */
  computeActivity: RailActivity = 'compute';

  constructor(readonly prices: RailPrices) {}

  /** From now on the rail draws on `supply` (an insertion); null: back on the bench. */
  attach(supply: PowerSupply | null): void {
    this.supply = supply;
    this.spans = [];
    this.pagesWritten = 0;
  }

  get attached(): PowerSupply | null {
    return this.supply;
  }

  /** The MCU has just powered on: its timer starts from zero. */
  powerOn(): void {
    this.poweredAtUs = this.supply?.nowUs ?? 0;
    this.benchUs = 0;
  }

  work(op: WorkOp, count: number): void {
    const cycles = this.prices.cyclesPerOp[op];
    if (cycles === undefined || count <= 0) return;
    const us = (count * cycles) / this.prices.clockMhz;
    this.draw(this.computeActivity, us, (this.prices.runPowerUw * us) / US_PER_S);
  }

  /** The MCU awake with nothing to compute for `us` (waiting on the link), at its run current. */
  idle(activity: RailActivity, us: number): void {
    this.draw(activity, us, (this.prices.runPowerUw * us) / US_PER_S);
  }

  elapsedUs(): number {
    return this.supply ? this.supply.nowUs - this.poweredAtUs : this.benchUs;
  }

  availableNj(): number {
    return this.supply ? Math.min(this.supply.energyNj(), BENCH_ENERGY_NJ) : BENCH_ENERGY_NJ;
  }

  /** Draws `energyUj` over `us`; throws PowerCut at a brown-out. */
  draw(activity: RailActivity, us: number, energyUj: number): void {
    if (!(us > 0)) return;
    if (!this.supply) {
      this.benchUs += us;
      return;
    }
    const step = this.supply.consume(energyUj, us);
    this.spans.push({ activity, startUs: step.startUs, endUs: step.endUs, drawnUj: step.drawnUj, endV: step.endV });
    if (step.brownOut) throw new PowerCut(step.brownOutAtUs ?? step.endUs, activity);
  }

  /** NVM whose writes draw a page write per page they touch, in order; a cut leaves the page in progress unwritten. */
  nvm(inner: NvmPort): NvmPort {
    const rail = this;
    return {
      get sizeBytes() {
        return inner.sizeBytes;
      },
      read: (address, length, bytes, offset) => inner.read(address, length, bytes, offset),
      write(address, length, bytes, offset) {
        if (length <= 0) return inner.write(address, length, bytes, offset);
        const { pageBytes } = rail.prices;
        let at = address;
        const end = address + length;
        while (at < end) {
          const pageEnd = Math.min(end, (Math.floor(at / pageBytes) + 1) * pageBytes);
          rail.draw('nvm-write', rail.prices.pageWriteUs, rail.prices.pageWriteUj);
          const status = inner.write(at, pageEnd - at, bytes, offset + (at - address));
          if (status !== HalStatus.Ok) return status;
          rail.pagesWritten++;
          at = pageEnd;
        }
        return HalStatus.Ok;
      },
    };
  }

  /** An actuator whose release draws its energy; a cut before the end leaves the cylinder blocked. */
  actuator(inner: Actuator): Actuator {
    return {
      command: (command) => {
        if (command === ActuatorCommand.Release) this.draw('release', this.prices.releaseUs, this.prices.releaseUj);
        return inner.command(command);
      },
    };
  }
}
