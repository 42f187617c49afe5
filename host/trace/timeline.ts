/**
 * A neutral timeline of one simulation: what a session fills once and hands to every trace writer
 * (VCD for waveform viewers, Chrome trace-event JSON for Perfetto, later others).
 *
 * Two views of the same run:
 * - signals and their value changes (sampled physics and state: capacitor voltage, field on/off,
 *   MCU state as a coded enumeration), for waveform viewers;
 * - lanes holding spans (work with a start and a duration) and instants (points), for timeline
 *   viewers.
 *
 * All times are microseconds from the start of the run, as plain numbers (fractions allowed).
 * No firmware or protocol types here: names and numbers only.
 */

/** A sampled analogue quantity; its name carries the unit (`cap_voltage_v`). */
export interface RealSignal {
  readonly kind: 'real';
  /** Verilog-style identifier, unique in the timeline, with a unit suffix: `cap_voltage_v`. */
  readonly name: string;
  /** Dot-separated hierarchy, outermost first: `lock.power`. */
  readonly scope: string;
  /** Value before the first change (default 0). */
  readonly initial?: number;
}

/** A digital signal: one bit (width 1) or a vector, optionally an enumeration with named codes. */
export interface WireSignal {
  readonly kind: 'wire';
  readonly name: string;
  readonly scope: string;
  readonly width: number;
  /** Names of the codes 0, 1, 2, ... (an enumeration); values may then be given by name. */
  readonly states?: readonly string[];
  /** Value before the first change (default 'x', unknown). */
  readonly initial?: WireValue;
}

export type Signal = RealSignal | WireSignal;

/** An unsigned integer code, all bits unknown ('x') or high impedance ('z'), or a state name. */
export type WireValue = number | 'x' | 'z' | string;

export type SignalValue = number | string;

/** A signal takes a new value at a time. */
export interface Change {
  readonly signal: string;
  readonly atUs: number;
  readonly value: SignalValue;
}

/** A horizontal track of work (a thread in Chrome's terms), grouped under a process. */
export interface Lane {
  /** `firmware`, `nfc`, `nvm`, `actuator`. */
  readonly name: string;
  /** The group the lane belongs to (default `cylsim`). */
  readonly process?: string;
}

export type TraceArgs = Readonly<Record<string, string | number | boolean>>;

/** Work on a lane from startUs for durationUs. */
export interface Span {
  readonly lane: string;
  readonly name: string;
  /** Free classification (default: the lane's name). */
  readonly category?: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly args?: TraceArgs;
}

/** A point in time on a lane; scope 'process' marks it across the lane's whole process. */
export interface Instant {
  readonly lane: string;
  readonly name: string;
  readonly category?: string;
  readonly atUs: number;
  readonly scope?: 'thread' | 'process';
  readonly args?: TraceArgs;
}

export interface Timeline {
  readonly signals: readonly Signal[];
  readonly lanes: readonly Lane[];
  /** In time order; equal times only for different signals. */
  readonly changes: readonly Change[];
  /** Any order. */
  readonly spans: readonly Span[];
  /** Any order. */
  readonly instants: readonly Instant[];
  /** End of the run (default: the last change); waveform viewers show the last values up to it. */
  readonly endUs?: number;
}

export const DEFAULT_PROCESS = 'cylsim';

/** Verilog simple identifier (IEEE 1364-2005 §3.7.1): safe as a VCD scope or reference name. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

export function isIdentifier(text: string): boolean {
  return IDENTIFIER.test(text);
}

export class TimelineError extends Error {
  override readonly name = 'TimelineError';
}

function checkTime(what: string, us: number): void {
  if (!Number.isFinite(us) || us < 0) throw new TimelineError(`${what}: time ${us} µs is not a finite number >= 0`);
}

function checkSignal(signal: Signal): void {
  if (!isIdentifier(signal.name)) throw new TimelineError(`signal name ${JSON.stringify(signal.name)} is not an identifier`);
  for (const part of signal.scope.split('.')) {
    if (!isIdentifier(part)) throw new TimelineError(`signal ${signal.name}: scope ${JSON.stringify(signal.scope)} is not dot-separated identifiers`);
  }
  if (signal.kind === 'real') {
    if (signal.initial !== undefined) realValue(signal, signal.initial);
    return;
  }
  if (!Number.isSafeInteger(signal.width) || signal.width < 1 || signal.width > 53) {
    throw new TimelineError(`signal ${signal.name}: width ${signal.width} is not an integer from 1 to 53`);
  }
  const states = signal.states ?? [];
  if (states.length > 2 ** signal.width) throw new TimelineError(`signal ${signal.name}: ${states.length} states do not fit in ${signal.width} bits`);
  if (new Set(states).size !== states.length) throw new TimelineError(`signal ${signal.name}: state names repeat`);
  for (const state of states) {
    if (!isIdentifier(state) || state === 'x' || state === 'z') throw new TimelineError(`signal ${signal.name}: state name ${JSON.stringify(state)} is not an identifier other than x and z`);
  }
  if (signal.initial !== undefined) wireValue(signal, signal.initial);
}

/** The value of a real signal, checked: a finite number. */
export function realValue(signal: RealSignal, value: SignalValue): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TimelineError(`signal ${signal.name}: ${JSON.stringify(value)} is not a finite number`);
  return value;
}

/** The value of a wire, resolved: an unsigned code below 2^width, 'x' or 'z' (state names become codes). */
export function wireValue(signal: WireSignal, value: SignalValue): number | 'x' | 'z' {
  if (value === 'x' || value === 'z') return value;
  if (typeof value === 'string') {
    const code = signal.states?.indexOf(value) ?? -1;
    if (code < 0) throw new TimelineError(`signal ${signal.name}: ${JSON.stringify(value)} is not one of its states (${(signal.states ?? []).join(', ') || 'none declared'})`);
    return code;
  }
  if (!Number.isSafeInteger(value) || value < 0 || value >= 2 ** signal.width) {
    throw new TimelineError(`signal ${signal.name}: ${value} is not an unsigned integer of ${signal.width} bit(s)`);
  }
  return value;
}

/** The signals by name, after checking their declarations. */
export function signalsByName(timeline: Timeline): Map<string, Signal> {
  const byName = new Map<string, Signal>();
  for (const signal of timeline.signals) {
    checkSignal(signal);
    if (byName.has(signal.name)) throw new TimelineError(`signal ${signal.name} is declared twice`);
    byName.set(signal.name, signal);
  }
  return byName;
}

/** Checks the signals and their changes: declared, valid values, times in order. */
export function checkSignalChanges(timeline: Timeline): Map<string, Signal> {
  const byName = signalsByName(timeline);
  let lastUs = -Infinity;
  const atLastUs = new Set<string>();
  timeline.changes.forEach((change, index) => {
    const what = `change ${index} (${change.signal} at ${change.atUs} µs)`;
    const signal = byName.get(change.signal);
    if (signal === undefined) throw new TimelineError(`${what}: signal ${change.signal} is not declared`);
    checkTime(what, change.atUs);
    if (signal.kind === 'real') realValue(signal, change.value);
    else wireValue(signal, change.value);
    if (change.atUs < lastUs) throw new TimelineError(`${what}: time goes back from ${lastUs} µs; changes must be in time order`);
    if (change.atUs > lastUs) {
      lastUs = change.atUs;
      atLastUs.clear();
    } else if (atLastUs.has(change.signal)) {
      throw new TimelineError(`${what}: ${change.signal} already changed at ${change.atUs} µs; one change per signal and time`);
    }
    atLastUs.add(change.signal);
  });
  if (timeline.endUs !== undefined) {
    checkTime('endUs', timeline.endUs);
    if (timeline.endUs < lastUs) throw new TimelineError(`endUs ${timeline.endUs} µs is before the last change at ${lastUs} µs`);
  }
  return byName;
}

/** Checks the lanes, spans and instants: lanes declared once, times finite and not negative. */
export function checkLaneEvents(timeline: Timeline): Map<string, Lane> {
  const byName = new Map<string, Lane>();
  for (const lane of timeline.lanes) {
    if (lane.name === '') throw new TimelineError('a lane has an empty name');
    if (byName.has(lane.name)) throw new TimelineError(`lane ${lane.name} is declared twice`);
    byName.set(lane.name, lane);
  }
  timeline.spans.forEach((span, index) => {
    const what = `span ${index} (${span.name} on ${span.lane})`;
    if (!byName.has(span.lane)) throw new TimelineError(`${what}: lane ${span.lane} is not declared`);
    checkTime(what, span.startUs);
    if (!Number.isFinite(span.durationUs) || span.durationUs < 0) throw new TimelineError(`${what}: duration ${span.durationUs} µs is not a finite number >= 0`);
  });
  timeline.instants.forEach((instant, index) => {
    const what = `instant ${index} (${instant.name} on ${instant.lane})`;
    if (!byName.has(instant.lane)) throw new TimelineError(`${what}: lane ${instant.lane} is not declared`);
    checkTime(what, instant.atUs);
  });
  return byName;
}
