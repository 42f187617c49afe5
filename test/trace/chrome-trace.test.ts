/** DESIGN.md "Traces": Chrome trace-event JSON (JSON Object Format) that Perfetto opens. */
import { describe, expect, it } from 'vitest';
import { writeChromeTrace } from '../../host/trace/chrome-trace.js';
import type { Timeline } from '../../host/trace/timeline.js';
import { sampleTimeline } from './sample-timeline.js';

type Json = Record<string, unknown>;

const text = writeChromeTrace(sampleTimeline);
const trace = JSON.parse(text) as { traceEvents: Json[]; displayTimeUnit: string };
const events = trace.traceEvents;
const timed = events.filter((event) => event.ph !== 'M');

/** Fields each phase needs, with their JSON types. */
const REQUIRED: Record<string, Record<string, string>> = {
  X: { name: 'string', cat: 'string', ts: 'number', dur: 'number', pid: 'number', tid: 'number', args: 'object' },
  i: { name: 'string', cat: 'string', ts: 'number', s: 'string', pid: 'number', tid: 'number' },
  C: { name: 'string', ts: 'number', pid: 'number', args: 'object' },
  M: { name: 'string', pid: 'number', args: 'object' },
};

describe('the Chrome trace', () => {
  it('should be a JSON object with traceEvents and a displayTimeUnit', () => {
    expect(Object.keys(trace).sort()).toEqual(['displayTimeUnit', 'traceEvents']);
    expect(['ns', 'ms']).toContain(trace.displayTimeUnit);
  });

  it('should give every event the fields its phase needs', () => {
    for (const event of events) {
      const required = REQUIRED[event.ph as string];
      expect(required, `phase ${String(event.ph)}`).toBeDefined();
      for (const [field, type] of Object.entries(required!)) expect(typeof event[field], `${String(event.name)} ${field}`).toBe(type);
      if (event.ph === 'i') expect(['t', 'p', 'g']).toContain(event.s);
      if (event.ph === 'X') expect(event.dur as number).toBeGreaterThanOrEqual(0);
      if (event.ph === 'C') for (const value of Object.values(event.args as Json)) expect(typeof value).toBe('number');
    }
    expect(new Set(timed.map((event) => event.ph))).toEqual(new Set(['X', 'i', 'C']));
  });

  it('should have the metadata first and the timed events in ts order', () => {
    const firstTimed = events.findIndex((event) => event.ph !== 'M');
    expect(events.slice(firstTimed).every((event) => event.ph !== 'M')).toBe(true);
    for (let i = 1; i < timed.length; i++) expect(timed[i]!.ts as number).toBeGreaterThanOrEqual(timed[i - 1]!.ts as number);
  });

  it('should name every process and thread it uses', () => {
    const processNames = new Map(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, (e.args as Json).name]));
    const threadNames = new Map(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [`${e.pid}/${e.tid}`, (e.args as Json).name]));
    for (const event of timed) {
      expect(processNames.has(event.pid), `pid ${String(event.pid)}`).toBe(true);
      expect(threadNames.has(`${event.pid}/${event.tid}`), `tid ${String(event.tid)}`).toBe(true);
    }
    expect([...processNames.values()]).toEqual(['lock']);
    expect([...threadNames.values()]).toEqual(['firmware', 'nfc', 'nvm', 'actuator']);
  });

  it('should put spans on their lanes with ts and dur in microseconds', () => {
    const tidOf = (lane: string) => events.find((e) => e.name === 'thread_name' && (e.args as Json).name === lane)!.tid;
    const verify = timed.find((event) => event.name === 'verify_mac')!;
    expect(verify).toMatchObject({ ph: 'X', cat: 'crypto', ts: 100.125, dur: 79.875, tid: tidOf('firmware'), args: { key_slot: 2 } });
    expect(timed.find((event) => event.name === 'write_record')).toMatchObject({ ts: 180, dur: 70, tid: tidOf('nvm') });
    expect(timed.find((event) => event.name === 'brownout')).toMatchObject({ ph: 'i', s: 'p', ts: 320.5 });
    expect(timed.find((event) => event.name === 'REQA')).toMatchObject({ ph: 'i', s: 't', tid: tidOf('nfc') });
  });

  it('should make the real signal a counter with every change', () => {
    const counter = timed.filter((event) => event.ph === 'C');
    expect(counter.map((event) => [event.ts, (event.args as Json).value])).toEqual(
      sampleTimeline.changes.filter((change) => change.signal === 'cap_voltage_v').map((change) => [change.atUs, change.value]),
    );
    expect(new Set(counter.map((event) => event.name))).toEqual(new Set(['cap_voltage_v']));
  });

  it('should give the same bytes for the same timeline, whatever the order of its spans and instants', () => {
    const shuffled: Timeline = { ...sampleTimeline, spans: [...sampleTimeline.spans].reverse(), instants: [...sampleTimeline.instants].reverse() };
    expect(writeChromeTrace(sampleTimeline)).toBe(text);
    expect(writeChromeTrace(shuffled)).toBe(text);
  });

  it('should stack a longer span before a shorter one that starts with it', () => {
    const nested: Timeline = {
      ...sampleTimeline,
      spans: [
        { lane: 'firmware', name: 'inner', startUs: 1, durationUs: 2 },
        { lane: 'firmware', name: 'outer', startUs: 1, durationUs: 5 },
      ],
    };
    expect(JSON.parse(writeChromeTrace(nested)).traceEvents.filter((e: Json) => e.ph === 'X').map((e: Json) => e.name)).toEqual(['outer', 'inner']);
  });

  it('should add a named lane for counters in a process without lanes, and write wire codes as counters when asked', () => {
    const out = JSON.parse(writeChromeTrace(sampleTimeline, { counters: ['mcu_state'], counterProcess: 'power', displayTimeUnit: 'ms' })) as typeof trace;
    expect(out.displayTimeUnit).toBe('ms');
    const counters = out.traceEvents.filter((e) => e.ph === 'C');
    expect(counters[0]).toMatchObject({ name: 'mcu_state', ts: 0, args: { value: 0 } });
    expect(counters.find((e) => e.ts === 100.125)).toMatchObject({ args: { value: 3 } });
    const pid = out.traceEvents.find((e) => e.name === 'process_name' && (e.args as Json).name === 'power')!.pid;
    expect(out.traceEvents.find((e) => e.name === 'thread_name' && e.pid === pid)).toMatchObject({ args: { name: 'counters' } });
    expect(counters.every((e) => e.pid === pid)).toBe(true);
  });

  it('should reject a span on an undeclared lane', () => {
    expect(() => writeChromeTrace({ ...sampleTimeline, spans: [{ lane: 'radio', name: 'tx', startUs: 0, durationUs: 1 }] })).toThrow(/lane radio is not declared/);
  });
});
