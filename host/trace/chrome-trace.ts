/**
 * A timeline as Chrome trace-event JSON, the "JSON Object Format" that Perfetto and
 * chrome://tracing open: `{ "traceEvents": [...], "displayTimeUnit": "ns" }`.
 *
 * - each lane is a thread (tid, from the lane's declaration order, from 1) of a process (pid, from
 *   the order processes first appear, from 1), named by metadata events (ph 'M': process_name,
 *   thread_name, and process_sort_index / thread_sort_index to keep the declared order);
 * - spans are complete events (ph 'X') with ts and dur in microseconds;
 * - instants are instant events (ph 'i') with scope s 't' (thread) or 'p' (process);
 * - the changes of the counter signals (default: every real signal, e.g. cap_voltage_v) are
 *   counter events (ph 'C', name = signal, args { value }) in the counter process (default: the
 *   first lane's process), on that process's first lane (or a `counters` lane added for them).
 *
 * Deterministic: no wall clock; metadata first, then events by ts, then pid, tid, longer span
 * first (so nested spans stack), phase, name and input order. The same timeline gives the same bytes.
 */
import type { Signal, Timeline, TraceArgs } from './timeline.js';
import { checkLaneEvents, checkSignalChanges, DEFAULT_PROCESS, TimelineError, wireValue } from './timeline.js';

interface ChromeEventBase {
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
  readonly args: Readonly<Record<string, string | number | boolean>>;
}

export interface ChromeCompleteEvent extends ChromeEventBase {
  readonly ph: 'X';
  readonly cat: string;
  readonly ts: number;
  readonly dur: number;
}

export interface ChromeInstantEvent extends ChromeEventBase {
  readonly ph: 'i';
  readonly cat: string;
  readonly ts: number;
  readonly s: 't' | 'p';
}

export interface ChromeCounterEvent extends ChromeEventBase {
  readonly ph: 'C';
  readonly cat: string;
  readonly ts: number;
}

export interface ChromeMetadataEvent extends ChromeEventBase {
  readonly ph: 'M';
  readonly name: 'process_name' | 'thread_name' | 'process_sort_index' | 'thread_sort_index';
}

export type ChromeEvent = ChromeCompleteEvent | ChromeInstantEvent | ChromeCounterEvent | ChromeMetadataEvent;

export interface ChromeTrace {
  readonly traceEvents: readonly ChromeEvent[];
  readonly displayTimeUnit: 'ns' | 'ms';
}

export interface ChromeTraceOptions {
  /** How the viewer labels times (default 'ns'); ts and dur stay in microseconds. */
  readonly displayTimeUnit?: 'ns' | 'ms';
  /** Signals written as counters (default: the real signals). */
  readonly counters?: readonly string[];
  /** Process that holds the counter tracks (default: the first lane's process, or `cylsim`). */
  readonly counterProcess?: string;
}

const COUNTER_LANE = 'counters';
const PHASE_ORDER = { X: 0, i: 1, C: 2 } as const;

interface Thread {
  readonly name: string;
  readonly pid: number;
  readonly tid: number;
}

/** pid per process and pid/tid per lane, in declaration order, plus the thread the counters go on. */
function threads(timeline: Timeline, counterProcess: string | undefined, needCounters: boolean) {
  const pids = new Map<string, number>();
  const pidOf = (process: string) => {
    if (!pids.has(process)) pids.set(process, pids.size + 1);
    return pids.get(process)!;
  };
  const lanes = new Map<string, Thread>();
  timeline.lanes.forEach((lane, index) => {
    lanes.set(lane.name, { name: lane.name, pid: pidOf(lane.process ?? DEFAULT_PROCESS), tid: index + 1 });
  });
  const all = [...lanes.values()];
  let counterThread: Thread | undefined;
  if (needCounters) {
    const pid = pidOf(counterProcess ?? timeline.lanes[0]?.process ?? DEFAULT_PROCESS);
    counterThread = all.find((thread) => thread.pid === pid);
    if (counterThread === undefined) {
      counterThread = { name: COUNTER_LANE, pid, tid: all.length + 1 };
      all.push(counterThread);
    }
  }
  return { pids, lanes, all, counterThread };
}

function metadata(pids: Map<string, number>, all: readonly Thread[]): ChromeMetadataEvent[] {
  const events: ChromeMetadataEvent[] = [];
  for (const [process, pid] of pids) {
    events.push({ ph: 'M', name: 'process_name', pid, tid: 0, args: { name: process } });
    events.push({ ph: 'M', name: 'process_sort_index', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { name, pid, tid } of all) {
    events.push({ ph: 'M', name: 'thread_name', pid, tid, args: { name } });
    events.push({ ph: 'M', name: 'thread_sort_index', pid, tid, args: { sort_index: tid } });
  }
  return events;
}

function counterValue(signal: Signal, value: number | string): number {
  if (signal.kind === 'real') return value as number;
  const code = wireValue(signal, value);
  if (code === 'x' || code === 'z') throw new TimelineError(`counter ${signal.name}: ${code} has no number`);
  return code;
}

function copyArgs(args: TraceArgs | undefined): Record<string, string | number | boolean> {
  const copy: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(args ?? {}).sort()) {
    const value = args![key]!;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TimelineError(`argument ${key}: ${value} is not a finite number (JSON has none)`);
    copy[key] = value;
  }
  return copy;
}

/** The trace-event object of a timeline. */
export function chromeTrace(timeline: Timeline, options: ChromeTraceOptions = {}): ChromeTrace {
  const signals = checkSignalChanges(timeline);
  checkLaneEvents(timeline);
  const counterNames = options.counters ?? timeline.signals.filter((signal) => signal.kind === 'real').map((signal) => signal.name);
  for (const name of counterNames) if (!signals.has(name)) throw new TimelineError(`counter ${name} is not a declared signal`);
  const counterSet = new Set(counterNames);
  const { pids, lanes, all, counterThread } = threads(timeline, options.counterProcess, counterSet.size > 0);

  const events: { event: ChromeCompleteEvent | ChromeInstantEvent | ChromeCounterEvent; order: number }[] = [];
  for (const span of timeline.spans) {
    const { pid, tid } = lanes.get(span.lane)!;
    const event: ChromeCompleteEvent = { ph: 'X', name: span.name, cat: span.category ?? span.lane, ts: span.startUs, dur: span.durationUs, pid, tid, args: copyArgs(span.args) };
    events.push({ event, order: events.length });
  }
  for (const instant of timeline.instants) {
    const { pid, tid } = lanes.get(instant.lane)!;
    const s = instant.scope === 'process' ? 'p' : 't';
    const event: ChromeInstantEvent = { ph: 'i', name: instant.name, cat: instant.category ?? instant.lane, ts: instant.atUs, s, pid, tid, args: copyArgs(instant.args) };
    events.push({ event, order: events.length });
  }
  if (counterThread !== undefined) {
    const initials = timeline.signals.filter((signal) => counterSet.has(signal.name));
    const startsAtZero = new Set(timeline.changes.filter((change) => change.atUs === 0).map((change) => change.signal));
    for (const signal of initials) {
      if (startsAtZero.has(signal.name)) continue;
      const initial = signal.initial ?? (signal.kind === 'real' ? 0 : undefined);
      if (initial === undefined || initial === 'x' || initial === 'z') continue;
      const event: ChromeCounterEvent = { ph: 'C', name: signal.name, cat: 'signal', ts: 0, pid: counterThread.pid, tid: counterThread.tid, args: { value: counterValue(signal, initial) } };
      events.push({ event, order: events.length });
    }
    for (const change of timeline.changes) {
      if (!counterSet.has(change.signal)) continue;
      const value = counterValue(signals.get(change.signal)!, change.value);
      const event: ChromeCounterEvent = { ph: 'C', name: change.signal, cat: 'signal', ts: change.atUs, pid: counterThread.pid, tid: counterThread.tid, args: { value } };
      events.push({ event, order: events.length });
    }
  }
  events.sort((a, b) => compareEvents(a.event, b.event) || a.order - b.order);
  return {
    traceEvents: [...metadata(pids, all), ...events.map(({ event }) => event)],
    displayTimeUnit: options.displayTimeUnit ?? 'ns',
  };
}

function compareEvents(a: ChromeCompleteEvent | ChromeInstantEvent | ChromeCounterEvent, b: typeof a): number {
  const longerFirst = a.ph === 'X' && b.ph === 'X' ? b.dur - a.dur : 0;
  return a.ts - b.ts || a.pid - b.pid || a.tid - b.tid || longerFirst || PHASE_ORDER[a.ph] - PHASE_ORDER[b.ph] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The JSON text: one event per line, keys in a fixed order, a final newline. */
export function writeChromeTrace(timeline: Timeline, options: ChromeTraceOptions = {}): string {
  const trace = chromeTrace(timeline, options);
  const lines = trace.traceEvents.map((event) => `  ${JSON.stringify(event)}`);
  return `{"displayTimeUnit":${JSON.stringify(trace.displayTimeUnit)},"traceEvents":[\n${lines.join(',\n')}\n]}\n`;
}
