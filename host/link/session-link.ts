/**
 * What a key's link is to a lock running on its own power: the time its frames take on the wire (or
 * in the air), during which the MCU waits, awake. A powered lock (host/lock/powered-lock.ts) asks
 * its link, at each step of a session, until when it must wait; the link keeps the frames it
 * carried, with their times, for the traces. Times are microseconds on the insertion's simulation
 * clock (0 at the start of the turn, or at field-on).
 */

/** The lock's clock as a link sees it: the time now, and a way to wait (awake) until later. */
export interface LinkClock {
  readonly nowUs: number;
  /** The MCU waits, awake, until `timeUs`; nothing happens if that is not in the future. */
  waitUntil(timeUs: number): void;
}

export interface SessionLink {
  /** The MCU has booted: what must pass before the key's first frame can reach it (NFC: polling and activation). */
  open(clock: LinkClock): void;
  /** The key sends `frame`: returns once the lock has received it (its processing starts then). */
  deliver(clock: LinkClock, frame: Uint8Array): void;
  /** The lock's processing ended now with `response`: returns once the answer has gone out. */
  answer(clock: LinkClock, response: Uint8Array): void;
}

/** The link ended before the session did (a phone taken away): no answer reached the key after it. */
export class LinkLost extends Error {
  override readonly name: string = 'LinkLost';
}
