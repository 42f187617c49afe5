import type { TraceEvent } from '../../firmware/abi.js';
import type { PoweredTimer, TraceSink } from '../firmware/hal-devices.js';

export interface TraceRecord {
  event: TraceEvent;
  arg: number;
  /** The powered timer's reading when the event was emitted. */
  atUs: number;
}

/** Keeps every trace event with its virtual time; the trace writers read it. */
export class TraceRecorder implements TraceSink {
  readonly records: TraceRecord[] = [];

  constructor(private readonly timer: PoweredTimer) {}

  event(event: TraceEvent, arg: number): void {
    this.records.push({ event, arg, atUs: this.timer.elapsedUs() });
  }
}
