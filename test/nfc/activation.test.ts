/** The timeline of a phone session: frames, order, determinism and the minimum gaps of ISO/IEC 14443-3/-4. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phoneSessionTimeline, type NfcAirFrame } from '../../host/nfc/activation.js';
import { fcToUs, usToFcCeil } from '../../host/nfc/carrier.js';
import { hasValidCrcA } from '../../host/nfc/crc-a.js';
import {
  FDT_PICC_TO_PCD_MIN_FC,
  FIELD_ON_GUARD_FC,
  REQUEST_GUARD_TIME_FC,
  SHORT_FRAME_DATA_BITS,
  frameDelayTimeFc,
  pcdLastPauseEndFc,
  pcdShortFrameFc,
  pcdStandardFrameFc,
  piccLastModulationEndFc,
  piccStandardFrameFc,
  standardFrameDataBits,
} from '../../host/nfc/frame-timing.js';
import { shortFrameLastBitIsOne, standardFrameLastBitIsOne } from '../../host/nfc/type-a-bits.js';
import { SAMPLE_EXCHANGES, SAMPLE_UID, appFrame } from './session-frames.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** End of the PCD's last pause, absolute (the FDT's reference point). */
function pcdPauseEnd(frame: NfcAirFrame): number {
  if (frame.kind === 'REQA') return frame.atFc + pcdLastPauseEndFc(SHORT_FRAME_DATA_BITS, shortFrameLastBitIsOne(frame.bytes[0]!));
  return frame.atFc + pcdLastPauseEndFc(standardFrameDataBits(frame.bytes.length), standardFrameLastBitIsOne(frame.bytes));
}

/** The PCD's last data bit. */
function pcdLastBit(frame: NfcAirFrame): boolean {
  return frame.kind === 'REQA' ? shortFrameLastBitIsOne(frame.bytes[0]!) : standardFrameLastBitIsOne(frame.bytes);
}

/** Checks every timing rule on a timeline; returns nothing, throws on the first breach. */
function expectTimingRules(frames: readonly NfcAirFrame[], lockProcessingFc: readonly number[] = []): void {
  let exchange = 0;
  frames.forEach((frame, i) => {
    expect(frame.atUs).toBeCloseTo(fcToUs(frame.atFc), 9);
    expect(frame.durationUs).toBeCloseTo(fcToUs(frame.durationFc), 9);
    const expectedDuration =
      frame.kind === 'REQA'
        ? pcdShortFrameFc()
        : frame.direction === 'pcd-to-picc'
          ? pcdStandardFrameFc(frame.bytes.length)
          : piccStandardFrameFc(frame.bytes.length);
    expect(frame.durationFc).toBe(expectedDuration);
    if (i === 0) {
      expect(frame.atFc).toBeGreaterThanOrEqual(FIELD_ON_GUARD_FC);
      return;
    }
    const previous = frames[i - 1]!;
    // Half duplex: nothing overlaps.
    expect(frame.atFc).toBeGreaterThanOrEqual(previous.atFc + previous.durationFc);
    if (frame.direction === 'picc-to-pcd') {
      expect(previous.direction).toBe('pcd-to-picc');
      const lastBitIsOne = pcdLastBit(previous);
      const fdt = frame.atFc - pcdPauseEnd(previous);
      expect(fdt).toBe(frame.fdtFc);
      // On the FDT grid, n >= 9.
      const n = (fdt - (lastBitIsOne ? 84 : 20)) / 128;
      expect(Number.isInteger(n) && n >= 9).toBe(true);
      if (['ATQA', 'UID', 'SAK'].includes(frame.kind)) expect(fdt).toBe(frameDelayTimeFc(9, lastBitIsOne));
      if (frame.kind === 'I-block') {
        const processing = lockProcessingFc[exchange++] ?? 0;
        expect(fdt).toBeGreaterThanOrEqual(processing);
        expect(fdt === frameDelayTimeFc(9, lastBitIsOne) || fdt - 128 < processing).toBe(true);
      }
    } else if (previous.direction === 'picc-to-pcd') {
      const lastModulation = previous.atFc + piccLastModulationEndFc(standardFrameDataBits(previous.bytes.length), standardFrameLastBitIsOne(previous.bytes));
      expect(frame.atFc - lastModulation).toBeGreaterThanOrEqual(FDT_PICC_TO_PCD_MIN_FC);
    } else {
      // Two PCD frames in a row: unanswered REQAs, start bits at least the request guard time apart.
      expect(previous.kind).toBe('REQA');
      expect(frame.atFc - previous.atFc).toBeGreaterThanOrEqual(REQUEST_GUARD_TIME_FC);
    }
  });
}

describe('phone session timeline', () => {
  const timeline = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: SAMPLE_EXCHANGES });

  it('has the frames of an activation, then one I-block each way per exchange', () => {
    expect(timeline.frames.map((f) => `${f.kind} ${f.direction}`)).toEqual([
      'REQA pcd-to-picc',
      'ATQA picc-to-pcd',
      'ANTICOLLISION pcd-to-picc',
      'UID picc-to-pcd',
      'SELECT pcd-to-picc',
      'SAK picc-to-pcd',
      'RATS pcd-to-picc',
      'ATS picc-to-pcd',
      ...SAMPLE_EXCHANGES.flatMap(() => ['I-block pcd-to-picc', 'I-block picc-to-pcd']),
    ]);
    expect(timeline.fieldOnAtUs).toBe(0);
    expect(timeline.warnings).toEqual([]);
  });

  it('sends the bytes of ISO/IEC 14443-3 and -4, with CRC_A where the frame has one', () => {
    const bytes = timeline.frames.map((f) => hex(f.bytes));
    expect(bytes.slice(0, 4)).toEqual(['26', '0400', '9320', '085a3c117f']); // BCC = 08^5a^3c^11
    expect(bytes[4]!.startsWith('9370085a3c117f')).toBe(true);
    expect(bytes[5]).toBe('20fc70');
    expect(bytes[6]!.startsWith('e080')).toBe(true); // RATS, FSDI 8, CID 0
    expect(bytes[7]!.startsWith('0578007000')).toBe(true); // ATS: TL 5, T0 0x78 (FSCI 8), TA 00, TB FWI 7, TC 00
    for (const frame of timeline.frames.slice(4)) expect(hasValidCrcA(frame.bytes)).toBe(true);
  });

  it('carries each application frame as the INF of an I-block, block numbers 0, 1, 0 ... answered alike', () => {
    const blocks = timeline.frames.filter((f) => f.kind === 'I-block');
    SAMPLE_EXCHANGES.forEach((exchange, i) => {
      const pcb = 0x02 | (i % 2);
      const command = blocks[2 * i]!;
      const answer = blocks[2 * i + 1]!;
      expect(command.bytes[0]).toBe(pcb);
      expect(answer.bytes[0]).toBe(pcb);
      expect(hex(command.bytes.subarray(1, -2))).toBe(hex(exchange.command));
      expect(hex(answer.bytes.subarray(1, -2))).toBe(hex(exchange.response));
    });
  });

  it('respects the field-on guard, the frame delay times and the PICC -> PCD minimum gap', () => {
    expectTimingRules(timeline.frames, SAMPLE_EXCHANGES.map((e) => usToFcCeil(e.lockProcessingUs)));
    expect(timeline.frames[0]!.atUs).toBe(5100);
    expect(timeline.fieldOffAtFc).toBe(timeline.frames.at(-1)!.atFc + timeline.frames.at(-1)!.durationFc);
  });

  it('waits for the key: a command comes no earlier than the key processing time after the last answer', () => {
    const blocks = timeline.frames.filter((f) => f.kind === 'I-block');
    const previousAnswer = blocks[1]!;
    const lastModulation = previousAnswer.atFc + piccLastModulationEndFc(standardFrameDataBits(previousAnswer.bytes.length), standardFrameLastBitIsOne(previousAnswer.bytes));
    expect(blocks[2]!.atFc - lastModulation).toBe(usToFcCeil(SAMPLE_EXCHANGES[1].keyProcessingUs));
  });

  it('is deterministic', () => {
    const again = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: SAMPLE_EXCHANGES });
    expect(again).toEqual(timeline);
    expect(JSON.stringify(again.frames.map((f) => ({ ...f, bytes: hex(f.bytes) })))).toBe(JSON.stringify(timeline.frames.map((f) => ({ ...f, bytes: hex(f.bytes) }))));
  });

  it('repeats REQA a request guard time apart while the lock does not answer', () => {
    const t = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: [], unansweredReqas: 2 });
    expect(t.frames.slice(0, 4).map((f) => f.kind)).toEqual(['REQA', 'REQA', 'REQA', 'ATQA']);
    expect(t.frames[1]!.atFc - t.frames[0]!.atFc).toBe(7000);
    expectTimingRules(t.frames);
  });

  it('asks for a waiting time extension, S(WTX), when the lock needs longer than FWT, and answers within it', () => {
    const fwtFc = 4096 * 2 ** 7;
    const lockProcessingUs = 86_000; // a tenant change on the reference profile: 11 page writes and a release
    const t = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: [{ command: appFrame(0x03, 48), response: appFrame(0x83, 52), lockProcessingUs }] });
    expect(t.fwtFc).toBe(fwtFc);
    const tail = t.frames.slice(-4);
    expect(tail.map((f) => `${f.kind} ${f.direction}`)).toEqual(['I-block pcd-to-picc', 'S(WTX) picc-to-pcd', 'S(WTX) pcd-to-picc', 'I-block picc-to-pcd']);
    const [command, request, response, answer] = tail as [NfcAirFrame, NfcAirFrame, NfcAirFrame, NfcAirFrame];
    // ISO/IEC 14443-4: PCB 0xF2, INF = WTXM; the phone echoes it.
    expect(request.bytes[0]).toBe(0xf2);
    expect(hex(response.bytes)).toBe(hex(request.bytes));
    expect(hasValidCrcA(request.bytes)).toBe(true);
    const wtxm = request.wtxm!;
    expect(request.bytes[1]).toBe(wtxm);
    // The request starts within FWT (on the FDT grid), the answer within FWT x WTXM of the response.
    expect(request.atFc - pcdPauseEnd(command)).toBeLessThanOrEqual(fwtFc);
    expect(request.atFc - pcdPauseEnd(command)).toBeGreaterThan(fwtFc - 128);
    expect(answer.atFc - pcdPauseEnd(response)).toBeLessThanOrEqual(fwtFc * wtxm);
    // The least WTXM that covers the rest of the work; and the work is done when the answer starts.
    expect(answer.atFc - pcdPauseEnd(response)).toBeGreaterThan(fwtFc * (wtxm - 1));
    expect(answer.atFc - pcdPauseEnd(command)).toBeGreaterThanOrEqual(usToFcCeil(lockProcessingUs));
    expect(t.warnings.join()).toMatch(/S\(WTX\) with WTXM 2/);
    const ok = phoneSessionTimeline({
      uid: SAMPLE_UID,
      ats: { fwi: 8 },
      exchanges: [{ command: appFrame(0x01, 15), response: appFrame(0x81, 28), lockProcessingUs: 50_000 }],
    });
    expect(ok.frames.some((f) => f.kind === 'S(WTX)')).toBe(false);
  });

  it('asks again when the lock needs more than 59 x FWT, the most one S(WTX) gives', () => {
    const t = phoneSessionTimeline({ uid: SAMPLE_UID, ats: { fwi: 0 }, exchanges: [{ command: appFrame(0x03, 48), response: appFrame(0x83, 28), lockProcessingUs: 20_000 }] });
    const requests = t.frames.filter((f) => f.kind === 'S(WTX)' && f.direction === 'picc-to-pcd');
    expect(requests.map((f) => f.wtxm)).toEqual([59, requests[1]!.wtxm]);
    expect(requests[1]!.wtxm).toBeLessThanOrEqual(59);
  });

  it('ends with S(DESELECT) both ways when asked', () => {
    const t = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: SAMPLE_EXCHANGES, deselect: true });
    expect(t.frames.slice(-2).map((f) => `${f.kind} ${hex(f.bytes)}`)).toEqual(['S(DESELECT) c2e0b4', 'S(DESELECT) c2e0b4']);
    expectTimingRules(t.frames.slice(0, -1), SAMPLE_EXCHANGES.map((e) => usToFcCeil(e.lockProcessingUs)));
  });

  it('refuses what it does not model: a 7-byte UID, a block larger than FSD', () => {
    expect(() => phoneSessionTimeline({ uid: new Uint8Array(7), exchanges: [] })).toThrow(/single size/);
    expect(() =>
      phoneSessionTimeline({ uid: SAMPLE_UID, fsdi: 5, exchanges: [{ command: appFrame(1, 15), response: appFrame(0x81, 70), lockProcessingUs: 0 }] }),
    ).toThrow(/FSD 64/);
  });

  it('keeps every rule on random sessions', () => {
    const exchange = fc.record({
      command: fc.uint8Array({ minLength: 1, maxLength: 250 }),
      response: fc.uint8Array({ minLength: 1, maxLength: 250 }),
      lockProcessingUs: fc.integer({ min: 0, max: 30_000 }),
      keyProcessingUs: fc.integer({ min: 0, max: 5_000 }),
    });
    fc.assert(
      fc.property(fc.array(exchange, { maxLength: 6 }), fc.integer({ min: 0, max: 3 }), (exchanges, unansweredReqas) => {
        const t = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges, unansweredReqas });
        expectTimingRules(t.frames, exchanges.map((e) => usToFcCeil(e.lockProcessingUs)));
        expect(t.warnings).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
