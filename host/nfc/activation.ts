/**
 * The frames of one whole phone-key session on the air, as a timeline in virtual time (carrier
 * cycles from field-on, no clock): field on; REQA -> ATQA; ANTICOLLISION CL1 -> UID CL1 + BCC;
 * SELECT CL1 -> SAK; RATS -> ATS; then one I-block each way per application exchange (with S(WTX)
 * where the lock needs longer than FWT); optionally S(DESELECT) both ways; field off. The phone is
 * the PCD, the lock the PICC. The timing rules are air-schedule.ts's, which lays the frames out one
 * step at a time; this lays out a session whose exchanges and processing times are known.
 */
import { AirSchedule } from './air-schedule.js';
import type { AtsChoices } from './iso14443-4-blocks.js';

export { PhoneWithdrawn } from './air-schedule.js';
export type { NfcAirFrame, NfcDirection, NfcFrameKind, PhoneSessionTimeline } from './air-schedule.js';
import type { PhoneSessionTimeline } from './air-schedule.js';

/** One application exchange: a key -> lock frame and the lock's answer. */
export interface NfcExchange {
  /** Application frame from the key (docs/PROTOCOL.md section 5), carried as INF of an I-block. */
  command: Uint8Array;
  /** The lock's answer frame. */
  response: Uint8Array;
  /** The lock's processing time for this answer (e.g. the firmware's modeled time), in us. */
  lockProcessingUs: number;
  /** The key's time to produce `command` after the previous answer, in us; 0 (the minimum gap) by default. */
  keyProcessingUs?: number;
}

export interface PhoneSessionInput {
  /** The lock's UID: single size, 4 bytes. */
  uid: Uint8Array;
  exchanges: readonly NfcExchange[];
  /** The lock's ATS choices; defaults in DEFAULT_ATS_CHOICES (FSCI 8, FWI 7, SFGI 0). */
  ats?: Partial<AtsChoices>;
  /** The phone's FSDI in RATS; 8 (FSD 256 bytes) by default. */
  fsdi?: number;
  /** REQAs sent before the one the lock answers (the lock still powering up); 0 by default. */
  unansweredReqas?: number;
  /**
   * End with S(DESELECT) both ways before field-off; false by default (a phone often just drops the
   * field). The frames are right (C2 E0 B4), but tshark 4.0's ISO 14443 dissector reports them as
   * malformed: it reads the CRC_A as an INF byte.
   */
  deselect?: boolean;
}

/** Builds the timeline of one phone session; deterministic, virtual time from field-on at 0. */
export function phoneSessionTimeline(input: PhoneSessionInput): PhoneSessionTimeline {
  const schedule = new AirSchedule({ uid: input.uid, ...(input.ats ? { ats: input.ats } : {}), ...(input.fsdi !== undefined ? { fsdi: input.fsdi } : {}) });
  const unanswered = input.unansweredReqas ?? 0;
  if (!Number.isInteger(unanswered) || unanswered < 0) throw new RangeError(`unansweredReqas must be an integer >= 0, got ${unanswered}`);
  for (let i = 0; i < unanswered; i++) schedule.unansweredReqa();
  schedule.activate();
  for (const exchange of input.exchanges) {
    schedule.sendCommand(exchange.command, exchange.keyProcessingUs ?? 0);
    schedule.answer(exchange.response, exchange.lockProcessingUs);
  }
  if (input.deselect ?? false) schedule.deselect();
  return schedule.timeline();
}
