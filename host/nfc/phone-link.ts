/**
 * A phone key's ISO/IEC 14443-A link under a powered lock (host/link/session-link.ts): the phone's
 * field is on from field-on (time 0 of the insertion) until the user takes the phone away (the hold
 * time); the phone polls with REQA the whole time the lock does not answer, and the lock, once
 * powered and booted, answers the first REQA that starts after it listens, is activated and receives
 * the key's frames in I-blocks (air-schedule.ts lays the frames out). The MCU waits, awake, while
 * frames are on the air; its processing time (the firmware's work, page writes and release on the
 * rail) decides each answer's FDT, with S(WTX) when it exceeds FWT.
 *
 * A frame that would end after the field goes off is never sent: the link waits (awake) until
 * field-off and throws PhoneWithdrawn, ending the session without a decision the phone could see.
 */
import { AirSchedule, PhoneWithdrawn, type PhoneSessionTimeline } from './air-schedule.js';
import { fcToUs, usToFcCeil } from './carrier.js';
import type { AtsChoices } from './iso14443-4-blocks.js';
import type { LinkClock, SessionLink } from '../link/session-link.js';

export interface PhoneLinkOptions {
  /** The lock's UID: single size, 4 bytes. */
  uid: Uint8Array;
  /** How long the phone's field stays on from field-on if the session does not end first, us. */
  holdUs: number;
  ats?: Partial<AtsChoices>;
  fsdi?: number;
}

export class PhoneLink implements SessionLink {
  readonly schedule: AirSchedule;
  /** When the user takes the phone away: its field goes off, us from field-on. */
  readonly holdEndUs: number;
  private referenceUs = 0;
  private withdrawn: PhoneWithdrawn | undefined;

  constructor(options: PhoneLinkOptions) {
    if (!(options.holdUs > 0) || !Number.isFinite(options.holdUs)) throw new RangeError(`holdUs: expected a duration > 0, got ${options.holdUs}`);
    this.holdEndUs = options.holdUs;
    this.schedule = new AirSchedule({
      uid: options.uid,
      fieldOffLimitFc: usToFcCeil(options.holdUs),
      ...(options.ats ? { ats: options.ats } : {}),
      ...(options.fsdi !== undefined ? { fsdi: options.fsdi } : {}),
    });
  }

  /** Set when the phone was taken away before the session ended. */
  get withdrawal(): PhoneWithdrawn | undefined {
    return this.withdrawn;
  }

  open(clock: LinkClock): void {
    // The lock listens from now: the phone's REQAs that started earlier went unanswered.
    this.schedule.pollUntil(usToFcCeil(clock.nowUs));
    this.onAir(clock, () => this.schedule.activate());
  }

  deliver(clock: LinkClock, frame: Uint8Array): void {
    this.onAir(clock, () => {
      this.referenceUs = fcToUs(this.schedule.sendCommand(frame).referenceFc);
    });
    // The lock has the frame once its end of communication is over (onAir waited for it); its
    // processing time, and so its answer's FDT, still counts from the phone's last pause.
  }

  answer(clock: LinkClock, response: Uint8Array): void {
    if (response.length === 0) return;
    const processingUs = Math.max(0, clock.nowUs - this.referenceUs);
    this.onAir(clock, () => this.schedule.answer(response, processingUs));
  }

  /**
   * The session's frames with the field going off at `fieldOffAtUs` (the end of the insertion: the
   * last frame, the hold's end, or a brown-out), with the REQAs the phone sent until then if the lock
   * never answered. A session that ran to its end keeps its last frame's end exactly.
   */
  close(fieldOffAtUs: number): PhoneSessionTimeline {
    const limitFc = Math.min(usToFcCeil(fieldOffAtUs), this.schedule.fieldOffLimitFc);
    if (!this.schedule.isActive) this.schedule.pollUntil(limitFc);
    return this.schedule.timeline(Math.max(limitFc, this.schedule.endFc));
  }

  /** Schedules frames, then waits until the last has gone; if the phone left first, waits until field-off and throws. */
  private onAir(clock: LinkClock, schedule: () => void): void {
    try {
      schedule();
    } catch (error) {
      if (!(error instanceof PhoneWithdrawn)) throw error;
      this.withdrawn = error;
      clock.waitUntil(this.holdEndUs);
      throw error;
    }
    clock.waitUntil(fcToUs(this.schedule.endFc));
  }
}
