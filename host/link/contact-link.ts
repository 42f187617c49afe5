/**
 * Timing of application frames over the physical key's contact link, as a timeline in virtual time
 * (microseconds from the session's start, no clock), and the lock's relay bounds.
 *
 * Model of the link (the figures are the hardware profile's `link` section, docs/PROFILES.md; the
 * shipped profiles take them from ISO/IEC 7816-3 and say so, figure by figure):
 * - half duplex: one frame on the line at a time, key and lock taking turns;
 * - a frame of n bytes occupies n x contactBitsPerByte + contactFrameOverheadBits bit periods (each
 *   byte's start, parity and guard bits, and the frame's own framing, such as a T=1 block's prologue
 *   and epilogue), each bit period lasting 1 / contactBitRateBps seconds;
 * - an answer in the other direction starts contactTurnaroundUs after the end of the frame it answers
 *   (ISO/IEC 7816-3 T=1 block guard time plus the chip's interrupt latency), or later if the answering
 *   side needs longer to compute it: the lock's processing time, or the key's (e.g. its MACs over the
 *   lock's challenge), counted from the same point, the end of the frame answered;
 * - a session is a list of exchanges as in host/nfc/activation.ts: the key sends a command, the lock
 *   answers; the key's next command answers the lock's last frame.
 *
 * Times are floating-point microseconds, not integer counts as on NFC (host/nfc counts carrier
 * cycles): a bit period at 115,200 bit/s is not a whole number of any unit the processing times come
 * in. A timeline adds a few dozen terms, so its rounding error stays far below a nanosecond.
 *
 * The lock limits how long a key may take to answer its challenge (the relay bound, per kind of key):
 * isWithinRelayBound() applies it to a measured delay, net of transmission, such as a key frame's
 * answerDelayUs in the timeline.
 */
import type { HardwareProfile } from '../profile/schema.js';

/** Microseconds in a second: a bit lasts US_PER_S / bit rate microseconds (SI prefixes). */
const US_PER_S = 1_000_000;

/** The contact link's figures as plain numbers (profile `link`, see contactLinkFigures). */
export interface ContactLinkFigures {
  /** Bit rate on the contact, bit/s (profile link.contactBitRateBps). */
  bitRateBps: number;
  /** Bit periods one byte occupies on the wire, start, parity and guard bits included (link.contactBitsPerByte). */
  bitsPerByte: number;
  /** Bit periods of framing each frame adds to its bytes (link.contactFrameOverheadBits). */
  frameOverheadBits: number;
  /** Least gap from the end of a frame to the start of the answer in the other direction, us (link.contactTurnaroundUs). */
  turnaroundUs: number;
}

/** The contact link's figures, read from a hardware profile: the one place that knows where each comes from. */
export function contactLinkFigures(profile: Pick<HardwareProfile, 'link'>): ContactLinkFigures {
  const { link } = profile;
  return {
    bitRateBps: link.contactBitRateBps.value,
    bitsPerByte: link.contactBitsPerByte.value,
    frameOverheadBits: link.contactFrameOverheadBits.value,
    turnaroundUs: link.contactTurnaroundUs.value,
  };
}

function assertByteCount(bytes: number): void {
  if (!Number.isInteger(bytes) || bytes < 1) throw new RangeError(`a contact frame has at least 1 byte, got ${bytes}`);
}

function assertDurationUs(what: string, us: number): void {
  if (!Number.isFinite(us) || us < 0) throw new RangeError(`${what}: expected a duration >= 0 us, got ${us}`);
}

/** Duration of one bit period, us: 1 / bit rate (8.68 us at 115,200 bit/s). */
export function contactBitUs(figures: ContactLinkFigures): number {
  return US_PER_S / figures.bitRateBps;
}

/** Bit periods a frame of `bytes` bytes occupies: bytes x bitsPerByte + frameOverheadBits. */
export function contactFrameBits(figures: ContactLinkFigures, bytes: number): number {
  assertByteCount(bytes);
  return bytes * figures.bitsPerByte + figures.frameOverheadBits;
}

/** Duration of a frame of `bytes` bytes on the contact, framing included, us. */
export function contactFrameUs(figures: ContactLinkFigures, bytes: number): number {
  return (contactFrameBits(figures, bytes) * US_PER_S) / figures.bitRateBps;
}

/** The link's turnaround: the least gap before an answer in the other direction, us. */
export function contactTurnaroundUs(figures: ContactLinkFigures): number {
  return figures.turnaroundUs;
}

/**
 * The gap between the end of a frame and the start of its answer, us: the turnaround, or the answering
 * side's processing time if that is longer (both counted from the end of the frame answered).
 */
export function contactAnswerDelayUs(figures: ContactLinkFigures, processingUs = 0): number {
  assertDurationUs('processing time', processingUs);
  return Math.max(figures.turnaroundUs, processingUs);
}

export type ContactDirection = 'key-to-lock' | 'lock-to-key';

/** A frame from the key is a command, one from the lock its response (the roles of host/nfc's exchanges). */
export type ContactFrameKind = 'command' | 'response';

/** One frame on the contact. Times are from the session's start, in us; bytes are the application frame. */
export interface ContactFrame {
  atUs: number;
  durationUs: number;
  /** Bit periods on the wire (bytes x bitsPerByte + frameOverheadBits): the exact length, as durationFc is on NFC. */
  bits: number;
  direction: ContactDirection;
  kind: ContactFrameKind;
  bytes: Uint8Array;
  /**
   * For every frame but the first: the silence before it, from the end of the previous frame (sent the
   * other way) to this frame's start, us. On a key's frame after the lock's challenge, this is the
   * delay the relay bound limits, net of transmission.
   */
  answerDelayUs?: number;
}

/**
 * One application exchange: a key -> lock frame and the lock's answer. The same shape as host/nfc's
 * NfcExchange, so one list of exchanges can be laid out on either link.
 */
export interface ContactExchange {
  /** Application frame from the key (docs/PROTOCOL.md section 5). */
  command: Uint8Array;
  /** The lock's answer frame. */
  response: Uint8Array;
  /** The lock's processing time for this answer (e.g. the firmware's modeled time), us, from the end of `command`. */
  lockProcessingUs: number;
  /**
   * The key's time to produce `command`, us: from the end of the previous answer, or from the session's
   * start for the first exchange; 0 (the turnaround only) by default.
   */
  keyProcessingUs?: number;
}

export interface ContactSessionInput {
  exchanges: readonly ContactExchange[];
  /** When the session starts, us (e.g. once the lock has booted and the key's chip is powered); 0 by default. */
  startUs?: number;
}

export interface ContactSessionTimeline {
  /** The session's start: the first command goes out at startAtUs plus the key's processing time. */
  startAtUs: number;
  frames: ContactFrame[];
  /** End of the last frame, us (startAtUs when there was no exchange). */
  endAtUs: number;
}

function contactFrame(
  figures: ContactLinkFigures,
  direction: ContactDirection,
  bytes: Uint8Array,
  atUs: number,
  answerDelayUs: number | undefined,
): ContactFrame {
  const bits = contactFrameBits(figures, bytes.length);
  const frame: ContactFrame = {
    atUs,
    durationUs: (bits * US_PER_S) / figures.bitRateBps,
    bits,
    direction,
    kind: direction === 'key-to-lock' ? 'command' : 'response',
    bytes,
  };
  if (answerDelayUs !== undefined) frame.answerDelayUs = answerDelayUs;
  return frame;
}

const frameEndUs = (frame: ContactFrame): number => frame.atUs + frame.durationUs;

/** Lays out one session's exchanges on the contact link; deterministic, virtual time. */
export function contactSessionTimeline(figures: ContactLinkFigures, input: ContactSessionInput): ContactSessionTimeline {
  const startAtUs = input.startUs ?? 0;
  assertDurationUs('startUs', startAtUs);
  const frames: ContactFrame[] = [];
  let last: ContactFrame | undefined;

  input.exchanges.forEach((exchange, index) => {
    const keyUs = exchange.keyProcessingUs ?? 0;
    assertDurationUs(`exchange ${index}: keyProcessingUs`, keyUs);
    assertDurationUs(`exchange ${index}: lockProcessingUs`, exchange.lockProcessingUs);
    if (exchange.command.length < 1 || exchange.response.length < 1) {
      throw new RangeError(`exchange ${index}: a contact frame has at least 1 byte`);
    }
    // The first command answers nothing: it goes out once the key is ready. Later ones answer the lock's last frame.
    let command: ContactFrame;
    if (last === undefined) {
      command = contactFrame(figures, 'key-to-lock', exchange.command, startAtUs + keyUs, undefined);
    } else {
      const keyDelayUs = contactAnswerDelayUs(figures, keyUs);
      command = contactFrame(figures, 'key-to-lock', exchange.command, frameEndUs(last) + keyDelayUs, keyDelayUs);
    }
    frames.push(command);
    const lockDelayUs = contactAnswerDelayUs(figures, exchange.lockProcessingUs);
    const response = contactFrame(figures, 'lock-to-key', exchange.response, frameEndUs(command) + lockDelayUs, lockDelayUs);
    frames.push(response);
    last = response;
  });

  return { startAtUs, frames, endAtUs: last === undefined ? startAtUs : frameEndUs(last) };
}

/** The kinds of key whose answers the lock times: a physical key on the contact, a phone over NFC. */
export type KeyLinkType = 'contact' | 'phone';

/** The longest challenge-to-response delay the lock accepts from a key of `keyType`, net of transmission, us. */
export function relayBoundUs(profile: Pick<HardwareProfile, 'link'>, keyType: KeyLinkType): number {
  return keyType === 'contact' ? profile.link.relayBoundContactUs.value : profile.link.relayBoundPhoneUs.value;
}

/**
 * Whether a measured delay from the end of the lock's challenge to the start of the key's response (so
 * net of both frames' transmission) is within the profile's relay bound for `keyType`. The bound is
 * the longest delay accepted: a delay equal to it is within.
 */
export function isWithinRelayBound(profile: Pick<HardwareProfile, 'link'>, keyType: KeyLinkType, measuredDelayUs: number): boolean {
  assertDurationUs('measured challenge-to-response delay', measuredDelayUs);
  return measuredDelayUs <= relayBoundUs(profile, keyType);
}
