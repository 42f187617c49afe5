/**
 * The physical key's contact link under a powered lock (host/link/session-link.ts): the key's frame
 * starts the link's turnaround after the lock's last frame (or after boot), the lock's answer the
 * turnaround after its processing ends; each lasts its bits at the profile's rate
 * (contact-link.ts). The key's chip is taken to answer at once (its MACs are not timed here).
 */
import { contactFrameBits, contactFrameUs, contactTurnaroundUs, type ContactDirection, type ContactFrame, type ContactLinkFigures } from './contact-link.js';
import type { LinkClock, SessionLink } from './session-link.js';

export class ContactSessionLink implements SessionLink {
  /** The frames carried, in order, with their times on the insertion's clock. */
  readonly frames: ContactFrame[] = [];

  constructor(readonly figures: ContactLinkFigures) {}

  open(): void {
    // The contact needs no set-up: the key's chip speaks as soon as the lock listens.
  }

  deliver(clock: LinkClock, frame: Uint8Array): void {
    this.send(clock, 'key-to-lock', frame);
  }

  answer(clock: LinkClock, response: Uint8Array): void {
    if (response.length > 0) this.send(clock, 'lock-to-key', response);
  }

  private send(clock: LinkClock, direction: ContactDirection, bytes: Uint8Array): void {
    const atUs = clock.nowUs + contactTurnaroundUs(this.figures);
    const durationUs = contactFrameUs(this.figures, bytes.length);
    const frame: ContactFrame = {
      atUs,
      durationUs,
      bits: contactFrameBits(this.figures, bytes.length),
      direction,
      kind: direction === 'key-to-lock' ? 'command' : 'response',
      bytes: bytes.slice(),
    };
    const previous = this.frames.at(-1);
    if (previous !== undefined) frame.answerDelayUs = atUs - (previous.atUs + previous.durationUs);
    this.frames.push(frame);
    clock.waitUntil(atUs + durationUs);
  }
}
