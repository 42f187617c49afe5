/**
 * The `atUs` of a frame step: when the frame's last bit reaches the lock, in microseconds since the
 * power-up, on the physical key's contact link of the profile (host/link/contact-link.ts): the key
 * sends its first frame at once, and each next one a turnaround after the end of the lock's answer.
 * The lock's own processing time is not counted (the reference lock has no clock model).
 */
import { contactFrameUs, contactTurnaroundUs, type ContactLinkFigures } from '../../link/contact-link.js';

/** Microseconds in a second (SI prefixes). */
const US_PER_S = 1_000_000;

export class StepClock {
  /** End of the lock's last answer on the line, us; undefined before the first frame of a power-up. */
  private lineFreeAtUs: number | undefined;
  /** How much later than the link allows the next frame starts (a key, or a relay, taking its time), us. */
  private delayUs = 0;

  constructor(private readonly figures: ContactLinkFigures) {}

  powerUp(): void {
    this.lineFreeAtUs = undefined;
  }

  /** The arrival of `frame`'s last bit, whole us. */
  frameArrives(frame: Uint8Array): number {
    const startUs = (this.lineFreeAtUs === undefined ? 0 : this.lineFreeAtUs + contactTurnaroundUs(this.figures)) + this.delayUs;
    this.delayUs = 0;
    return Math.round(startUs + this.durationUs(frame.length));
  }

  /** The next frame starts `us` later than the link allows. */
  delayNextFrame(us: number): void {
    this.delayUs = us;
  }

  /** The lock answered the frame that arrived at `atUs` with `answer`. */
  answered(atUs: number, answer: Uint8Array): void {
    this.lineFreeAtUs = answer.length === 0 ? atUs : atUs + contactTurnaroundUs(this.figures) + this.durationUs(answer.length);
  }

  /** An empty frame (a malformed one) occupies the line for its framing only. */
  private durationUs(bytes: number): number {
    return bytes === 0 ? (this.figures.frameOverheadBits * US_PER_S) / this.figures.bitRateBps : contactFrameUs(this.figures, bytes);
  }
}
