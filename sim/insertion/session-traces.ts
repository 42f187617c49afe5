/**
 * One insertion as a phone session on the air (ISO/IEC 14443-A at 106 kbit/s) and as traces: a
 * pcap of the NFC frames (Wireshark, tshark), a VCD of the field, the air and the MCU (GTKWave,
 * Surfer), and a Chrome trace of the same spans (Perfetto).
 */
import { phoneSessionTimeline, type PhoneSessionTimeline } from '../../host/nfc/activation.js';
import type { TimedExchange } from '../../host/lock/timed-lock.js';
import { u32le } from '../../host/protocol/bytes.js';
import { timelinePcap } from '../../host/trace/pcap-iso14443.js';
import type { Change, Instant, Span, Timeline } from '../../host/trace/timeline.js';
import { writeChromeTrace } from '../../host/trace/chrome-trace.js';
import { writeVcd } from '../../host/trace/vcd-writer.js';
import { FrameType } from '../../firmware/protocol.js';

/** ISO/IEC 14443-3: a single-size UID's first byte must not be the cascade tag 0x88. */
const CASCADE_TAG = 0x88;

/** The lock's 4-byte UID, from its lockId (little-endian), its first byte kept off the cascade tag. */
export function lockUid(lockId: number): Uint8Array {
  const uid = u32le(lockId);
  if (uid[0] === CASCADE_TAG) uid[0] = 0x08;
  return uid;
}

export function nfcSession(lockId: number, exchanges: readonly TimedExchange[]): PhoneSessionTimeline {
  return phoneSessionTimeline({ uid: lockUid(lockId), exchanges });
}

/** From field-on to the end of the lock's RESULT (or its last answer when there is none). */
export function latencyUs(session: PhoneSessionTimeline): number {
  const answers = session.frames.filter((frame) => frame.kind === 'I-block' && frame.direction === 'picc-to-pcd');
  const result = answers.find((frame) => frame.bytes[1] === FrameType.Result) ?? answers.at(-1);
  return result ? result.atUs + result.durationUs - session.fieldOnAtUs : 0;
}

/** Trace times in whole nanoseconds (the VCD timescale); air times are whole carrier cycles (73.7 ns). */
const toNs = (us: number): number => Math.round(us * 1000) / 1000;

const MCU_STATES = ['off', 'idle', 'deciding'] as const;
const AIR_STATES = ['quiet', 'phone', 'lock'] as const;

/** The session as a neutral timeline: field, air and MCU signals; NFC and firmware lanes. */
export function sessionTimeline(session: PhoneSessionTimeline, exchanges: readonly TimedExchange[]): Timeline {
  const changes: Change[] = [];
  const spans: Span[] = [];
  const instants: Instant[] = [];
  const change = (signal: string, atUs: number, value: number | string) => changes.push({ signal, atUs: toNs(atUs), value });
  change('field_on', session.fieldOnAtUs, 1);
  change('mcu_state', session.fieldOnAtUs, 'idle');
  let exchange = 0;
  for (const frame of session.frames) {
    const from = frame.direction === 'pcd-to-picc' ? 'phone' : 'lock';
    change('air', frame.atUs, from);
    change('air', frame.atUs + frame.durationUs, 'quiet');
    spans.push({ lane: 'nfc', name: frame.kind, category: from, startUs: toNs(frame.atUs), durationUs: toNs(frame.durationUs), args: { bytes: Buffer.from(frame.bytes).toString('hex') } });
    if (frame.kind === 'I-block' && frame.direction === 'pcd-to-picc') {
      const processing = exchanges[exchange++]?.lockProcessingUs ?? 0;
      const start = frame.atUs + frame.durationUs;
      if (processing > 0) {
        change('mcu_state', start, 'deciding');
        change('mcu_state', start + processing, 'idle');
        spans.push({ lane: 'firmware', name: `frame 0x${frame.bytes[1]!.toString(16).padStart(2, '0')}`, category: 'firmware', startUs: toNs(start), durationUs: toNs(processing) });
      }
    }
  }
  const result = session.frames.find((frame) => frame.direction === 'picc-to-pcd' && frame.bytes[1] === FrameType.Result);
  if (result && result.bytes[2] === 1) instants.push({ lane: 'firmware', name: 'release', atUs: toNs(result.atUs), args: { decision: 'grant' } });
  change('field_on', session.fieldOffAtUs, 0);
  change('mcu_state', session.fieldOffAtUs, 'off');
  return {
    signals: [
      { kind: 'wire', name: 'field_on', scope: 'lock.nfc', width: 1, initial: 0 },
      { kind: 'wire', name: 'air', scope: 'lock.nfc', width: 2, states: AIR_STATES, initial: 'quiet' },
      { kind: 'wire', name: 'mcu_state', scope: 'lock.mcu', width: 2, states: MCU_STATES, initial: 'off' },
    ],
    lanes: [{ name: 'nfc' }, { name: 'firmware' }],
    changes: dedupeSameTime(changes),
    spans,
    instants,
    endUs: toNs(session.fieldOffAtUs),
  };
}

/** Changes in time order; a signal that changes twice at one time keeps the later value (a span of zero length). */
function dedupeSameTime(changes: Change[]): Change[] {
  const kept = new Map<string, Change>();
  for (const c of changes) kept.set(`${c.signal}@${c.atUs}`, c);
  return [...kept.values()].sort((a, b) => a.atUs - b.atUs);
}

export interface SessionTraceFiles {
  pcap: Uint8Array;
  vcd: string;
  traceJson: string;
}

export function sessionTraceFiles(session: PhoneSessionTimeline, exchanges: readonly TimedExchange[]): SessionTraceFiles {
  const timeline = sessionTimeline(session, exchanges);
  return { pcap: timelinePcap(session), vcd: writeVcd(timeline), traceJson: writeChromeTrace(timeline) };
}
