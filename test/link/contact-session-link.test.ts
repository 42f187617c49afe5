/** The contact link under a powered lock: each frame a turnaround after the last thing on the line, the MCU awake until its end. */
import { describe, expect, it } from 'vitest';
import { contactFrameUs, contactLinkFigures } from '../../host/link/contact-link.js';
import { ContactSessionLink } from '../../host/link/contact-session-link.js';
import type { LinkClock } from '../../host/link/session-link.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

const figures = contactLinkFigures(loadProfileByName('reference-m0plus'));

function testClock(startUs: number): LinkClock {
  let now = startUs;
  return {
    get nowUs() {
      return now;
    },
    waitUntil(timeUs: number) {
      now = Math.max(now, timeUs);
    },
  };
}

describe('the contact link of a powered lock', () => {
  it('should carry the key\'s frame a turnaround after boot and the answer a turnaround after the processing, keeping the MCU awake to their ends', () => {
    const link = new ContactSessionLink(figures);
    const clock = testClock(1_000);
    link.open();
    link.deliver(clock, new Uint8Array(15));
    const hello = link.frames[0]!;
    expect(hello.atUs).toBe(1_000 + figures.turnaroundUs);
    expect(hello.durationUs).toBeCloseTo(contactFrameUs(figures, 15), 9);
    expect(hello.answerDelayUs).toBeUndefined();
    expect(clock.nowUs).toBeCloseTo(hello.atUs + hello.durationUs, 9);
    clock.waitUntil(clock.nowUs + 250); // the firmware's work
    link.answer(clock, new Uint8Array(28));
    const challenge = link.frames[1]!;
    expect([challenge.direction, challenge.kind]).toEqual(['lock-to-key', 'response']);
    expect(challenge.answerDelayUs).toBeCloseTo(250 + figures.turnaroundUs, 9);
    expect(clock.nowUs).toBeCloseTo(challenge.atUs + challenge.durationUs, 9);
  });

  it('should send nothing for an empty answer', () => {
    const link = new ContactSessionLink(figures);
    link.answer(testClock(0), new Uint8Array(0));
    expect(link.frames).toEqual([]);
  });
});
