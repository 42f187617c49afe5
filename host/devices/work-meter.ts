import { WORK_OP_COUNT, WorkOp } from '../../firmware/abi.js';
import type { PoweredTimer, WorkSink } from '../firmware/hal-devices.js';

/** Cycles one unit of each WorkOp costs on the modelled MCU (from the hardware profile). */
export type CyclesPerOp = Readonly<Record<WorkOp, number>>;

/**
 * Counts the work the firmware reports, turns it into MCU cycles, and serves as the powered timer:
 * the MCU's clock advances only by the work it does (virtual time, DESIGN.md "Determinism").
 */
export class WorkMeter implements WorkSink, PoweredTimer {
  readonly counts = new Array<number>(WORK_OP_COUNT).fill(0);
  cycles = 0;

  constructor(
    private readonly cyclesPerOp: CyclesPerOp,
    private readonly clockMhz: number,
  ) {}

  work(op: WorkOp, count: number): void {
    if (op < 0 || op >= WORK_OP_COUNT) return;
    this.counts[op]! += count;
    this.cycles += count * this.cyclesPerOp[op];
  }

  /** Cycles / MHz = microseconds. */
  elapsedUs(): number {
    return this.cycles / this.clockMhz;
  }

  count(op: WorkOp): number {
    return this.counts[op]!;
  }

  /** Power-on: the timer and the counts start again from zero. */
  reset(): void {
    this.counts.fill(0);
    this.cycles = 0;
  }
}
