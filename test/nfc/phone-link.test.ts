/**
 * The phone's link as a powered lock meets it: the REQAs a lock still charging misses, the
 * activation once it listens, the lock's processing timed from the phone's last pause, and the
 * field going off when the user takes the phone away.
 */
import { describe, expect, it } from 'vitest';
import { AirSchedule, PhoneWithdrawn } from '../../host/nfc/air-schedule.js';
import { fcToUs } from '../../host/nfc/carrier.js';
import { FIELD_ON_GUARD_FC, REQUEST_GUARD_TIME_FC, frameDelayTimeFc, pcdLastPauseEndFc, standardFrameDataBits } from '../../host/nfc/frame-timing.js';
import { PhoneLink } from '../../host/nfc/phone-link.js';
import { standardFrameLastBitIsOne } from '../../host/nfc/type-a-bits.js';
import type { LinkClock } from '../../host/link/session-link.js';
import { SAMPLE_UID, appFrame } from './session-frames.js';

/** A lock's clock that only records how long the MCU waited. */
function testClock(startUs = 0): LinkClock & { waitedUs: number } {
  let now = startUs;
  return {
    waitedUs: 0,
    get nowUs() {
      return now;
    },
    waitUntil(timeUs: number) {
      if (timeUs > now) {
        this.waitedUs += timeUs - now;
        now = timeUs;
      }
    },
  };
}

describe('the phone link under a powered lock', () => {
  it('should leave unanswered the REQAs that started before the lock listened, and answer the next', () => {
    const link = new PhoneLink({ uid: SAMPLE_UID, holdUs: 3_000_000 });
    const readyUs = 20_000;
    const clock = testClock(readyUs);
    link.open(clock);
    const frames = link.schedule.frames;
    const reqas = frames.filter((frame) => frame.kind === 'REQA');
    const answered = reqas.at(-1)!;
    expect(frames[frames.indexOf(answered) + 1]!.kind).toBe('ATQA');
    expect(reqas).toHaveLength(Math.ceil((readyUs - fcToUs(FIELD_ON_GUARD_FC)) / fcToUs(REQUEST_GUARD_TIME_FC)) + 1);
    expect(answered.atUs).toBeGreaterThanOrEqual(readyUs);
    expect(reqas.at(-2)!.atUs).toBeLessThan(readyUs);
    // The MCU waited, awake, until the ATS had gone out.
    expect(clock.nowUs).toBeCloseTo(frames.at(-1)!.atUs + frames.at(-1)!.durationUs, 6);
  });

  it('should time the lock\'s answer from the phone\'s last pause, on the FDT grid', () => {
    const link = new PhoneLink({ uid: SAMPLE_UID, holdUs: 3_000_000 });
    const clock = testClock(0);
    link.open(clock);
    const command = appFrame(0x01, 15);
    link.deliver(clock, command);
    const sent = link.schedule.frames.at(-1)!;
    const dataBits = standardFrameDataBits(sent.bytes.length);
    const lastBitIsOne = standardFrameLastBitIsOne(sent.bytes);
    const pauseEndFc = sent.atFc + pcdLastPauseEndFc(dataBits, lastBitIsOne);
    clock.waitUntil(clock.nowUs + 5_000); // the firmware's work
    const processingFc = (clock.nowUs - fcToUs(pauseEndFc)) * 13.56; // carrier cycles since the last pause (13.56 per us)
    link.answer(clock, appFrame(0x81, 28));
    const answer = link.schedule.frames.at(-1)!;
    expect(answer.direction).toBe('picc-to-pcd');
    expect(answer.atFc - pauseEndFc).toBe(answer.fdtFc);
    // The least FDT of the grid (n x 128 + 84 or 20) that covers the processing.
    expect(answer.fdtFc!).toBeGreaterThanOrEqual(processingFc - 1e-6);
    expect(answer.fdtFc! - 128).toBeLessThan(processingFc);
    expect((answer.fdtFc! - (lastBitIsOne ? 84 : 20)) % 128).toBe(0);
    expect(answer.fdtFc!).toBeGreaterThan(frameDelayTimeFc(9, lastBitIsOne));
    // The MCU stayed awake until the answer's last bit.
    expect(clock.nowUs).toBeCloseTo(answer.atUs + answer.durationUs, 6);
  });

  it('should send no frame that would end after the field goes off, and wait until then', () => {
    const holdUs = 10_000;
    const link = new PhoneLink({ uid: SAMPLE_UID, holdUs });
    const clock = testClock(9_900); // the lock listens just before the phone is taken away
    expect(() => link.open(clock)).toThrow(PhoneWithdrawn);
    expect(link.withdrawal).toBeInstanceOf(PhoneWithdrawn);
    expect(clock.nowUs).toBe(holdUs);
    const timeline = link.close(clock.nowUs);
    expect(timeline.fieldOffAtUs).toBe(holdUs);
    expect(timeline.frames.every((frame) => frame.kind === 'REQA' && frame.atUs + frame.durationUs <= holdUs)).toBe(true);
  });

  it('should fill the air with the REQAs of a phone polling a lock that never powers on, until field-off', () => {
    const link = new PhoneLink({ uid: SAMPLE_UID, holdUs: 100_000 });
    const timeline = link.close(100_000);
    const expected = Math.floor((100_000 - fcToUs(FIELD_ON_GUARD_FC + 1280)) / fcToUs(REQUEST_GUARD_TIME_FC)) + 1;
    expect(timeline.frames).toHaveLength(expected);
    expect(timeline.fieldOffAtUs).toBe(100_000);
  });

  it('should refuse I-blocks before the activation and a second command before the answer', () => {
    const schedule = new AirSchedule({ uid: SAMPLE_UID });
    expect(() => schedule.sendCommand(appFrame(1, 15))).toThrow(/not activated/);
    schedule.activate();
    schedule.sendCommand(appFrame(1, 15));
    expect(() => schedule.sendCommand(appFrame(1, 15))).toThrow(/not answered/);
  });
});
