/**
 * A physical insertion's own timeline (host/power: a key's turn or a phone's field powering the
 * firmware) as traces: the capacitor's voltage as a real signal sampled where it changes
 * meaningfully (host/trace/voltage-samples.ts), the supervisor's power-good, the MCU's state from
 * the rail's spans (boot, waiting on the link, compute, NVM writes, release), the NVM and the
 * actuator, and the link: the contact's frames, or the phone's field and every frame on the air.
 * One neutral timeline (host/trace/timeline.ts) feeds the VCD (GTKWave, Surfer) and the Chrome trace
 * (Perfetto).
 */
import { FrameType } from '../../firmware/protocol.js';
import type { ContactFrame } from '../../host/link/contact-link.js';
import type { PhoneSessionTimeline } from '../../host/nfc/air-schedule.js';
import { mergeSpans, type RailActivity } from '../../host/power/power-rail.js';
import type { PoweredInsertion } from '../../host/power/powered-session.js';
import { writeChromeTrace } from '../../host/trace/chrome-trace.js';
import type { Change, Instant, Signal, Span, Timeline, TraceArgs } from '../../host/trace/timeline.js';
import { sampleVoltage } from '../../host/trace/voltage-samples.js';
import { writeVcd } from '../../host/trace/vcd-writer.js';

/** How the key's frames travelled. */
export type InsertionLinkFrames = { kind: 'contact'; frames: readonly ContactFrame[] } | { kind: 'phone'; air: PhoneSessionTimeline };

/** The voltage is written each time it has moved this much, V (and at every corner). */
export const VOLTAGE_STEP_V = 0.01;

/** The MCU's states: held in reset, the rail's activities, and halted once the session is over (still powered, drawing nothing modelled). */
export const MCU_STATES = ['reset', 'boot', 'wait', 'compute', 'nvm_write', 'release', 'halted'] as const;
const STATE_OF: Readonly<Record<RailActivity, (typeof MCU_STATES)[number]>> = {
  boot: 'boot',
  link: 'wait',
  compute: 'compute',
  'nvm-write': 'nvm_write',
  release: 'release',
};
const ACTUATOR_STATES = ['blocked', 'releasing', 'released'] as const;
const LINK_STATES = ['quiet', 'key', 'lock'] as const;
const AIR_STATES = ['quiet', 'phone', 'lock'] as const;

/** Trace times in whole nanoseconds (the VCD timescale). */
const toNs = (us: number): number => Math.round(us * 1000) / 1000;
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** The application frame's type name (PROTOCOL.md §5), or its first byte. */
function frameName(bytes: Uint8Array): string {
  const type = bytes[0];
  return type === undefined ? 'empty' : (FrameType[type] ?? `0x${type.toString(16).padStart(2, '0')}`);
}

class TimelineBuilder {
  readonly changes: Change[] = [];
  readonly spans: Span[] = [];
  readonly instants: Instant[] = [];

  change(signal: string, atUs: number, value: number | string): void {
    this.changes.push({ signal, atUs: toNs(atUs), value });
  }

  span(lane: string, name: string, startUs: number, endUs: number, args?: TraceArgs): void {
    const start = toNs(startUs);
    this.spans.push({ lane, name, startUs: start, durationUs: Math.max(0, toNs(endUs) - start), ...(args ? { args } : {}) });
  }

  instant(lane: string, name: string, atUs: number, args?: TraceArgs): void {
    this.instants.push({ lane, name, atUs: toNs(atUs), ...(args ? { args } : {}) });
  }

  /** Changes in time order; a signal that changes twice at one time keeps the later value. */
  orderedChanges(): Change[] {
    const kept = new Map<string, Change>();
    for (const c of this.changes) {
      const key = `${c.signal}@${c.atUs}`;
      kept.delete(key);
      kept.set(key, c);
    }
    return [...kept.values()].sort((a, b) => a.atUs - b.atUs);
  }
}

function powerAndMcu(insertion: PoweredInsertion, b: TimelineBuilder): void {
  const { record } = insertion;
  if (record.powerOnAtUs !== undefined) {
    b.change('powered', record.powerOnAtUs, 1);
    b.instant('mcu', 'power-on', record.powerOnAtUs);
  }
  const spans = mergeSpans(record.spans);
  for (const span of spans) {
    b.change('mcu_state', span.startUs, STATE_OF[span.activity]);
    b.span('mcu', span.activity, span.startUs, span.endUs, { drawnUj: Math.round(span.drawnUj * 1000) / 1000, endV: Math.round(span.endV * 1e6) / 1e6 });
  }
  for (const span of record.spans) {
    if (span.activity === 'nvm-write') {
      b.change('nvm_write', span.startUs, 1);
      b.change('nvm_write', span.endUs, 0);
      b.span('nvm', 'page write', span.startUs, span.endUs);
    }
    if (span.activity === 'release') {
      b.change('actuator', span.startUs, 'releasing');
      b.change('actuator', span.endUs, record.cut && record.cut.atUs <= span.endUs ? 'blocked' : 'released');
      b.span('actuator', 'release', span.startUs, span.endUs);
    }
  }
  const lastEnd = spans.at(-1)?.endUs;
  if (record.cut && record.powerOnAtUs !== undefined) {
    b.change('powered', record.cut.atUs, 0);
    b.change('mcu_state', record.cut.atUs, 'reset');
    b.change('nvm_write', record.cut.atUs, 0);
    b.instant('mcu', 'brown-out', record.cut.atUs, { during: record.cut.during });
  } else if (lastEnd !== undefined) {
    b.change('mcu_state', lastEnd, 'halted');
  }
}

function contactLink(frames: readonly ContactFrame[], b: TimelineBuilder): void {
  for (const frame of frames) {
    const from = frame.direction === 'key-to-lock' ? 'key' : 'lock';
    b.change('contact', frame.atUs, from);
    b.change('contact', frame.atUs + frame.durationUs, 'quiet');
    b.span('contact', frameName(frame.bytes), frame.atUs, frame.atUs + frame.durationUs, { from, bytes: hex(frame.bytes) });
  }
}

function phoneLink(air: PhoneSessionTimeline, b: TimelineBuilder): void {
  b.change('field_on', air.fieldOnAtUs, 1);
  b.instant('nfc', 'field on', air.fieldOnAtUs);
  for (const frame of air.frames) {
    const from = frame.direction === 'pcd-to-picc' ? 'phone' : 'lock';
    b.change('air', frame.atUs, from);
    b.change('air', frame.atUs + frame.durationUs, 'quiet');
    // An I-block's INF is the application frame (after the PCB).
    const name = frame.kind === 'I-block' ? `I-block ${frameName(frame.bytes.subarray(1))}` : frame.kind;
    b.span('nfc', name, frame.atUs, frame.atUs + frame.durationUs, { from, bytes: hex(frame.bytes) });
  }
  b.change('field_on', air.fieldOffAtUs, 0);
  b.instant('nfc', 'field off', air.fieldOffAtUs);
}

/** The insertion as a neutral timeline, from the start (the turn's, or field-on) to `endUs`. */
export function poweredInsertionTimeline(insertion: PoweredInsertion, link: InsertionLinkFrames, endUs: number): Timeline {
  const b = new TimelineBuilder();
  const samples = sampleVoltage(insertion.voltage, { stepV: VOLTAGE_STEP_V });
  for (const sample of samples) b.change('cap_voltage_v', sample.atUs, sample.voltageV);
  powerAndMcu(insertion, b);
  const signals: Signal[] = [
    { kind: 'real', name: 'cap_voltage_v', scope: 'lock.power', initial: samples[0]?.voltageV ?? 0 },
    { kind: 'wire', name: 'powered', scope: 'lock.power', width: 1, initial: 0 },
    { kind: 'wire', name: 'mcu_state', scope: 'lock.mcu', width: 3, states: MCU_STATES, initial: 'reset' },
    { kind: 'wire', name: 'nvm_write', scope: 'lock.nvm', width: 1, initial: 0 },
    { kind: 'wire', name: 'actuator', scope: 'lock.actuator', width: 2, states: ACTUATOR_STATES, initial: 'blocked' },
  ];
  let linkLane: string;
  if (link.kind === 'contact') {
    contactLink(link.frames, b);
    signals.push({ kind: 'wire', name: 'contact', scope: 'lock.link', width: 2, states: LINK_STATES, initial: 'quiet' });
    linkLane = 'contact';
  } else {
    phoneLink(link.air, b);
    signals.push(
      { kind: 'wire', name: 'field_on', scope: 'lock.nfc', width: 1, initial: 0 },
      { kind: 'wire', name: 'air', scope: 'lock.nfc', width: 2, states: AIR_STATES, initial: 'quiet' },
    );
    linkLane = 'nfc';
  }
  const changes = b.orderedChanges();
  const lastChangeUs = changes.at(-1)?.atUs ?? 0;
  return {
    signals,
    lanes: [{ name: 'mcu' }, { name: linkLane }, { name: 'nvm' }, { name: 'actuator' }],
    changes,
    spans: b.spans,
    instants: b.instants,
    endUs: Math.max(toNs(endUs), lastChangeUs),
  };
}

export interface InsertionTraceFiles {
  vcd: string;
  traceJson: string;
}

export function poweredInsertionTraceFiles(insertion: PoweredInsertion, link: InsertionLinkFrames, endUs: number): InsertionTraceFiles {
  const timeline = poweredInsertionTimeline(insertion, link, endUs);
  return { vcd: writeVcd(timeline), traceJson: writeChromeTrace(timeline) };
}
