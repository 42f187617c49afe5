/** The physical key's contact link: frame durations, a session's layout, and the lock's relay bounds. */
import { describe, expect, it } from 'vitest';
import {
  contactAnswerDelayUs,
  contactBitUs,
  contactFrameBits,
  contactFrameUs,
  contactLinkFigures,
  contactSessionTimeline,
  contactTurnaroundUs,
  isWithinRelayBound,
  relayBoundUs,
  type ContactExchange,
  type ContactLinkFigures,
} from '../../host/link/contact-link.js';
import { phoneSessionTimeline, type NfcExchange } from '../../host/nfc/activation.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

const profile = loadProfileByName('reference-m0plus');
const figures = contactLinkFigures(profile);

/** The closed form, written out independently of the module: (n x bits per byte + overhead) / bit rate, in us. */
const frameUs = (f: ContactLinkFigures, bytes: number): number => ((bytes * f.bitsPerByte + f.frameOverheadBits) / f.bitRateBps) * 1e6;

/** `n` bytes counting up from `first`, so that frames can be told apart by their bytes. */
const bytes = (n: number, first: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (first + i) & 0xff);

describe('contact link figures', () => {
  it('should read the reference profile: 115,200 bit/s, 12 bit periods per byte, 48 per frame, 100 us turnaround', () => {
    expect(figures).toEqual({ bitRateBps: 115_200, bitsPerByte: 12, frameOverheadBits: 48, turnaroundUs: 100 });
    expect(contactTurnaroundUs(figures)).toBe(100);
  });

  it('should last 1 / bit rate per bit period', () => {
    expect(contactBitUs(figures)).toBeCloseTo(8.680_555_6, 6);
  });
});

describe('contact frame durations', () => {
  it.each([1, 2, 15, 28, 44, 54, 250])('should take (n x 12 + 48) bit periods at 115,200 bit/s for a frame of %i bytes', (n) => {
    expect(contactFrameBits(figures, n)).toBe(n * 12 + 48);
    expect(contactFrameUs(figures, n)).toBeCloseTo(frameUs(figures, n), 9);
  });

  it('should give a 1-byte frame 520.83 us and a 250-byte frame 26,458.33 us on the reference link', () => {
    expect(contactFrameUs(figures, 1)).toBeCloseTo(60 / 0.1152, 6);
    expect(contactFrameUs(figures, 250)).toBeCloseTo(3048 / 0.1152, 6);
  });

  it.each([
    [1, 1_041.666_667],
    [10, 10_416.666_667],
    [250, 260_416.666_667],
  ])('should follow the same formula on other link figures (9,600 bit/s, 10 bits per byte, no framing): %i bytes', (n, us) => {
    const plain: ContactLinkFigures = { bitRateBps: 9_600, bitsPerByte: 10, frameOverheadBits: 0, turnaroundUs: 50 };
    expect(contactFrameUs(plain, n)).toBeCloseTo(us, 5);
    expect(contactFrameUs(plain, n)).toBeCloseTo(frameUs(plain, n), 9);
  });

  it.each([0, -1, 2.5, Number.NaN])('should refuse a frame of %s bytes', (n) => {
    expect(() => contactFrameUs(figures, n)).toThrow(RangeError);
  });

  it('should answer after the turnaround, or after the processing time when that is longer', () => {
    expect(contactAnswerDelayUs(figures)).toBe(100);
    expect(contactAnswerDelayUs(figures, 40)).toBe(100);
    expect(contactAnswerDelayUs(figures, 550)).toBe(550);
    expect(() => contactAnswerDelayUs(figures, -1)).toThrow(RangeError);
  });
});

describe('a session laid out on the contact link', () => {
  // HELLO -> CHALLENGE, then AUTH (a resident with a tenant proof: 44 + 2 + 8 bytes) -> RESULT.
  const hello = bytes(15, 0x01);
  const challenge = bytes(28, 0x81);
  const auth = bytes(54, 0x03);
  const result = bytes(14, 0x83);
  const exchanges: ContactExchange[] = [
    { command: hello, response: challenge, lockProcessingUs: 400 },
    // The key computes its MACs over the challenge for 550 us; the lock answers in 40 us, less than the turnaround.
    { command: auth, response: result, lockProcessingUs: 40, keyProcessingUs: 550 },
  ];

  it('should put each frame after the previous one, by the answering side’s delay', () => {
    const timeline = contactSessionTimeline(figures, { exchanges, startUs: 1_000 });
    const helloAt = 1_000;
    const challengeAt = helloAt + frameUs(figures, 15) + 400;
    const authAt = challengeAt + frameUs(figures, 28) + 550;
    const resultAt = authAt + frameUs(figures, 54) + 100;
    const expected = [
      { atUs: helloAt, bytes: 15, direction: 'key-to-lock', kind: 'command', data: hello, answerDelayUs: undefined },
      { atUs: challengeAt, bytes: 28, direction: 'lock-to-key', kind: 'response', data: challenge, answerDelayUs: 400 },
      { atUs: authAt, bytes: 54, direction: 'key-to-lock', kind: 'command', data: auth, answerDelayUs: 550 },
      { atUs: resultAt, bytes: 14, direction: 'lock-to-key', kind: 'response', data: result, answerDelayUs: 100 },
    ];
    expect(timeline.frames).toHaveLength(expected.length);
    timeline.frames.forEach((frame, i) => {
      const want = expected[i]!;
      expect(frame.atUs, `frame ${i} start`).toBeCloseTo(want.atUs, 9);
      expect(frame.durationUs, `frame ${i} duration`).toBeCloseTo(frameUs(figures, want.bytes), 9);
      expect(frame.bits).toBe(want.bytes * 12 + 48);
      expect(frame.direction).toBe(want.direction);
      expect(frame.kind).toBe(want.kind);
      expect(frame.bytes).toEqual(want.data);
      if (want.answerDelayUs === undefined) expect(frame.answerDelayUs).toBeUndefined();
      else expect(frame.answerDelayUs).toBeCloseTo(want.answerDelayUs, 9);
    });
    expect(timeline.startAtUs).toBe(1_000);
    expect(timeline.endAtUs).toBeCloseTo(resultAt + frameUs(figures, 14), 9);
  });

  it('should leave the line silent between frames: each frame starts after the previous one ends', () => {
    const { frames } = contactSessionTimeline(figures, { exchanges });
    for (let i = 1; i < frames.length; i++) {
      const previousEnd = frames[i - 1]!.atUs + frames[i - 1]!.durationUs;
      expect(frames[i]!.atUs - previousEnd).toBeCloseTo(frames[i]!.answerDelayUs!, 9);
      expect(frames[i]!.answerDelayUs!).toBeGreaterThanOrEqual(figures.turnaroundUs);
    }
  });

  it('should send the first command at the start plus the key’s own processing time', () => {
    const timeline = contactSessionTimeline(figures, { exchanges: [{ ...exchanges[0]!, keyProcessingUs: 250 }] });
    expect(timeline.startAtUs).toBe(0);
    expect(timeline.frames[0]!.atUs).toBe(250);
  });

  it('should give an empty session no frames and no length', () => {
    expect(contactSessionTimeline(figures, { exchanges: [], startUs: 42 })).toEqual({ startAtUs: 42, frames: [], endAtUs: 42 });
  });

  it('should lay out the same exchanges that the NFC timeline takes', () => {
    const shared: NfcExchange[] = exchanges;
    const contact = contactSessionTimeline(figures, { exchanges: shared });
    const nfc = phoneSessionTimeline({ uid: Uint8Array.of(0x04, 0x11, 0x22, 0x33), exchanges: shared });
    expect(contact.frames.map((f) => f.bytes)).toEqual([hello, challenge, auth, result]);
    expect(nfc.frames.filter((f) => f.kind === 'I-block')).toHaveLength(contact.frames.length);
  });

  it.each([
    [{ lockProcessingUs: -1 }, /exchange 1: lockProcessingUs/],
    [{ keyProcessingUs: Number.NaN }, /exchange 1: keyProcessingUs/],
    [{ command: new Uint8Array(0) }, /exchange 1: a contact frame has at least 1 byte/],
  ])('should refuse a malformed exchange and name it (%o)', (change, message) => {
    const bad: ContactExchange[] = [exchanges[0]!, { ...exchanges[1]!, ...change }];
    expect(() => contactSessionTimeline(figures, { exchanges: bad })).toThrow(message);
  });
});

describe('the relay bound', () => {
  it('should read the bounds from the profile: 1,000 us for a contact key, 50,000 us for a phone', () => {
    expect(relayBoundUs(profile, 'contact')).toBe(1_000);
    expect(relayBoundUs(profile, 'phone')).toBe(50_000);
  });

  it.each([
    ['contact', 1_000],
    ['phone', 50_000],
  ] as const)('should accept a %s key answering at its bound and refuse one answering just after it', (keyType, bound) => {
    expect(isWithinRelayBound(profile, keyType, 0)).toBe(true);
    expect(isWithinRelayBound(profile, keyType, bound - 0.001)).toBe(true);
    expect(isWithinRelayBound(profile, keyType, bound)).toBe(true);
    expect(isWithinRelayBound(profile, keyType, bound + 0.001)).toBe(false);
  });

  it('should accept a phone delay that would betray a relayed contact key', () => {
    expect(isWithinRelayBound(profile, 'contact', 20_000)).toBe(false);
    expect(isWithinRelayBound(profile, 'phone', 20_000)).toBe(true);
  });

  it('should judge the key’s answer to the challenge as the timeline measures it', () => {
    const session = (keyProcessingUs: number) =>
      contactSessionTimeline(figures, {
        exchanges: [
          { command: bytes(15, 0x01), response: bytes(28, 0x81), lockProcessingUs: 400 },
          { command: bytes(54, 0x03), response: bytes(14, 0x83), lockProcessingUs: 40, keyProcessingUs },
        ],
      });
    const delayOfAuth = (keyProcessingUs: number) => session(keyProcessingUs).frames[2]!.answerDelayUs!;
    expect(isWithinRelayBound(profile, 'contact', delayOfAuth(550))).toBe(true); // software AES at 16 MHz
    expect(isWithinRelayBound(profile, 'contact', delayOfAuth(1_000))).toBe(true);
    expect(isWithinRelayBound(profile, 'contact', delayOfAuth(1_001))).toBe(false);
    expect(isWithinRelayBound(profile, 'contact', delayOfAuth(300_000))).toBe(false); // a relay over Bluetooth
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('should refuse a measured delay of %s us', (delay) => {
    expect(() => isWithinRelayBound(profile, 'contact', delay)).toThrow(RangeError);
  });
});
