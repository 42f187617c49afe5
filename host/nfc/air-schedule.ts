/**
 * The frames of one phone session on the air, scheduled one step at a time in virtual time (carrier
 * cycles from field-on, no clock), so that a caller can run the lock between the steps: the phone
 * polls with REQA until the lock listens; REQA -> ATQA; ANTICOLLISION CL1 -> UID CL1 + BCC; SELECT
 * CL1 -> SAK; RATS -> ATS; then one I-block each way per application exchange, with S(WTX) when the
 * lock needs longer than FWT; optionally S(DESELECT) both ways. The phone is the PCD, the lock the
 * PICC.
 *
 * Timing rules (see frame-timing.ts for the clauses):
 * - the first REQA comes after the field-on guard (5.1 ms); unanswered REQAs (a lock still charging
 *   or booting) repeat one request guard time (7000 Fc) apart, start to start, as often as ISO/IEC
 *   14443-3 6.2.2 lets a PCD send them; the lock answers the first REQA that starts once it listens;
 * - the PICC answers REQA, ANTICOLLISION and SELECT with n = 9 (1172 or 1236 Fc after the PCD's last
 *   pause, by the PCD's last bit); RATS with the least FDT (n = 9);
 * - an I-block answer comes after the lock's processing time, counted from the PCD's last pause, on
 *   the FDT grid (n x 128 + 84 or 20 Fc, n >= 9) and never before n = 9;
 * - FWT = 4096 Fc x 2^FWI (ISO/IEC 14443-4 7.3) bounds when the PICC must start its answer. A lock
 *   that needs longer sends an S(WTX) request as late as FWT allows (the last FDT grid point within
 *   it), asking for the least WTXM (1..59) whose FWT x WTXM covers the rest of its work, counted
 *   from the phone's S(WTX) response (ISO/IEC 14443-4, frame waiting time extension); the phone
 *   answers at the least FDT and then waits that long. Work beyond 59 x FWT takes several rounds.
 * - the PCD speaks again at least 1172 Fc after the PICC's last modulation, later if the key needs
 *   longer (keyProcessingUs, counted from the same point), and not before SFGT after the ATS;
 * - with a field-off time (the phone taken away), no frame may end after it: a frame that would
 *   throws PhoneWithdrawn and is not sent.
 */
import { LinkLost } from '../link/session-link.js';
import { BIT_106_FC, fcToUs, usToFcCeil } from './carrier.js';
import {
  FDT_LAST_BIT_ONE_EXTRA_FC,
  FDT_LAST_BIT_ZERO_EXTRA_FC,
  FDT_MIN_N,
  FDT_PICC_TO_PCD_MIN_FC,
  FIELD_ON_GUARD_FC,
  FWT_UNIT_FC,
  REQUEST_GUARD_TIME_FC,
  SHORT_FRAME_DATA_BITS,
  frameDelayNFor,
  frameDelayTimeFc,
  frameWaitingTimeFc,
  pcdFrameFc,
  pcdLastPauseEndFc,
  piccFrameFc,
  piccLastModulationEndFc,
  standardFrameDataBits,
} from './frame-timing.js';
import { DEFAULT_ATS_CHOICES, WTXM_MAX, WTXM_MIN, ats, fscForFsci, fsdForFsdi, iBlock, rats, sDeselect, sWtx, type AtsChoices } from './iso14443-4-blocks.js';
import { shortFrameLastBitIsOne, standardFrameLastBitIsOne } from './type-a-bits.js';
import { ATQA_SINGLE_UID, REQA, anticollisionCl1, assertSingleSizeUid, sakFrame, selectCl1, uidCl1Answer } from './type-a-commands.js';

export type NfcDirection = 'pcd-to-picc' | 'picc-to-pcd';

export type NfcFrameKind = 'REQA' | 'ATQA' | 'ANTICOLLISION' | 'UID' | 'SELECT' | 'SAK' | 'RATS' | 'ATS' | 'I-block' | 'S(WTX)' | 'S(DESELECT)';

/** One frame on the air. Times are from field-on; bytes are as sent, CRC_A included where the frame has one. */
export interface NfcAirFrame {
  atFc: number;
  atUs: number;
  durationFc: number;
  durationUs: number;
  direction: NfcDirection;
  kind: NfcFrameKind;
  bytes: Uint8Array;
  /** For a PICC answer: its frame delay time after the PCD's last pause (ISO/IEC 14443-3 6.2.1.1). */
  fdtFc?: number;
  /** For an S(WTX) request or response: the WTXM it carries. */
  wtxm?: number;
}

/** The session's frames with the field's on and off times. */
export interface PhoneSessionTimeline {
  fieldOnAtFc: number;
  fieldOnAtUs: number;
  frames: NfcAirFrame[];
  fieldOffAtFc: number;
  fieldOffAtUs: number;
  /** FWT the lock declared in its ATS. */
  fwtFc: number;
  /** Human-readable notes: the answers that needed S(WTX), and how much. */
  warnings: string[];
}

export interface AirScheduleOptions {
  /** The lock's UID: single size, 4 bytes. */
  uid: Uint8Array;
  /** The lock's ATS choices; defaults in DEFAULT_ATS_CHOICES (FSCI 8, FWI 7, SFGI 0). */
  ats?: Partial<AtsChoices>;
  /** The phone's FSDI in RATS; 8 (FSD 256 bytes) by default. */
  fsdi?: number;
  /** When the phone's field goes off (it is taken away), Fc from field-on; never by default. */
  fieldOffLimitFc?: number;
}

/** A frame would have ended after the phone's field went off: the phone was taken away first. */
export class PhoneWithdrawn extends LinkLost {
  override readonly name = 'PhoneWithdrawn';

  constructor(
    readonly fieldOffAtFc: number,
    readonly kind: NfcFrameKind,
  ) {
    super(`the phone's field went off at ${fcToUs(fieldOffAtFc).toFixed(1)} us, before the ${kind} could end`);
  }
}

/** A frame as scheduled: the frame plus the reference points the next frame's timing uses. */
interface Sent {
  frame: NfcAirFrame;
  lastBitIsOne: boolean;
  /** Absolute end of the PCD's last pause, or of the PICC's last modulation. */
  referenceFc: number;
}

function airFrame(kind: NfcFrameKind, direction: NfcDirection, bytes: Uint8Array, atFc: number, durationFc: number): NfcAirFrame {
  return { atFc, atUs: fcToUs(atFc), durationFc, durationUs: fcToUs(durationFc), direction, kind, bytes };
}

function pcdStandard(kind: NfcFrameKind, bytes: Uint8Array, atFc: number): Sent {
  const dataBits = standardFrameDataBits(bytes.length);
  const lastBitIsOne = standardFrameLastBitIsOne(bytes);
  const frame = airFrame(kind, 'pcd-to-picc', bytes, atFc, pcdFrameFc(dataBits));
  return { frame, lastBitIsOne, referenceFc: atFc + pcdLastPauseEndFc(dataBits, lastBitIsOne) };
}

function pcdReqa(atFc: number): Sent {
  const lastBitIsOne = shortFrameLastBitIsOne(REQA);
  const frame = airFrame('REQA', 'pcd-to-picc', Uint8Array.of(REQA), atFc, pcdFrameFc(SHORT_FRAME_DATA_BITS));
  return { frame, lastBitIsOne, referenceFc: atFc + pcdLastPauseEndFc(SHORT_FRAME_DATA_BITS, lastBitIsOne) };
}

/** The PICC's answer `n` bit periods (plus 84 or 20 Fc) after the PCD's last pause. */
function piccAnswer(kind: NfcFrameKind, bytes: Uint8Array, after: Sent, n: number): Sent {
  const fdtFc = frameDelayTimeFc(n, after.lastBitIsOne);
  const atFc = after.referenceFc + fdtFc;
  const dataBits = standardFrameDataBits(bytes.length);
  const lastBitIsOne = standardFrameLastBitIsOne(bytes);
  const frame = { ...airFrame(kind, 'picc-to-pcd', bytes, atFc, piccFrameFc(dataBits)), fdtFc };
  return { frame, lastBitIsOne, referenceFc: atFc + piccLastModulationEndFc(dataBits, lastBitIsOne) };
}

/** Earliest start of the PCD's next frame after a PICC answer (ISO/IEC 14443-3 6.2.1.2), or later for the key's own work. */
function pcdNextFc(after: Sent, keyProcessingFc = 0): number {
  return after.referenceFc + Math.max(FDT_PICC_TO_PCD_MIN_FC, keyProcessingFc);
}

function frameEndFc(frame: NfcAirFrame): number {
  return frame.atFc + frame.durationFc;
}

/** The latest n whose FDT after `after` still starts the answer within `limitFc` (>= 9 for any FWT). */
function latestNWithin(limitFc: number, lastBitIsOne: boolean): number {
  const extra = lastBitIsOne ? FDT_LAST_BIT_ONE_EXTRA_FC : FDT_LAST_BIT_ZERO_EXTRA_FC;
  return Math.max(FDT_MIN_N, Math.floor((limitFc - extra) / BIT_106_FC));
}

export class AirSchedule {
  readonly frames: NfcAirFrame[] = [];
  readonly warnings: string[] = [];
  /** FWT the lock declares in its ATS. */
  readonly fwtFc: number;
  readonly fieldOffLimitFc: number;
  private readonly uid: Uint8Array;
  private readonly atsChoices: AtsChoices;
  private readonly fsdi: number;
  private readonly fsc: number;
  private readonly fsd: number;
  private nextReqaFc = FIELD_ON_GUARD_FC;
  private last: Sent | undefined;
  private earliestPcdFc = 0;
  private activated = false;
  /** Block numbers: the PCD starts at 0 and toggles after each answer; the PICC answers with the number it received (ISO/IEC 14443-4 7.6.4). */
  private blockNumber: 0 | 1 = 0;
  private pending: Sent | undefined;
  private exchangeIndex = 0;

  constructor(options: AirScheduleOptions) {
    assertSingleSizeUid(options.uid);
    this.uid = options.uid.slice();
    this.atsChoices = { ...DEFAULT_ATS_CHOICES, ...options.ats };
    this.fsdi = options.fsdi ?? 8;
    this.fsd = fsdForFsdi(this.fsdi);
    this.fsc = fscForFsci(this.atsChoices.fsci);
    this.fwtFc = frameWaitingTimeFc(this.atsChoices.fwi);
    this.fieldOffLimitFc = options.fieldOffLimitFc ?? Infinity;
  }

  /** Start of the REQA the phone sends next while polling. */
  get nextReqaAtFc(): number {
    return this.nextReqaFc;
  }

  /** End of the last frame on the air (0 before any). */
  get endFc(): number {
    const last = this.frames.at(-1);
    return last === undefined ? 0 : frameEndFc(last);
  }

  /** Whether the lock has been activated (ATS sent): I-blocks may follow. */
  get isActive(): boolean {
    return this.activated;
  }

  private push(sent: Sent): Sent {
    if (frameEndFc(sent.frame) > this.fieldOffLimitFc) throw new PhoneWithdrawn(this.fieldOffLimitFc, sent.frame.kind);
    this.frames.push(sent.frame);
    return sent;
  }

  /** One REQA nobody answers; the next comes a request guard time after its start. */
  unansweredReqa(): NfcAirFrame {
    const sent = this.push(pcdReqa(this.nextReqaFc));
    this.nextReqaFc += REQUEST_GUARD_TIME_FC;
    return sent.frame;
  }

  /** Unanswered REQAs for every one that starts before `untilFc` and ends before the field goes off. */
  pollUntil(untilFc: number): void {
    const reqaFc = pcdFrameFc(SHORT_FRAME_DATA_BITS);
    while (this.nextReqaFc < untilFc && this.nextReqaFc + reqaFc <= this.fieldOffLimitFc) this.unansweredReqa();
  }

  /** The lock answers the REQA at nextReqaAtFc: REQA/ATQA, ANTICOLLISION/UID, SELECT/SAK, RATS/ATS. */
  activate(): void {
    if (this.activated) throw new Error('the lock is already activated');
    const reqa = this.push(pcdReqa(this.nextReqaFc));
    const atqa = this.push(piccAnswer('ATQA', ATQA_SINGLE_UID, reqa, FDT_MIN_N));
    const anticoll = this.push(pcdStandard('ANTICOLLISION', anticollisionCl1(), pcdNextFc(atqa)));
    const uid = this.push(piccAnswer('UID', uidCl1Answer(this.uid), anticoll, FDT_MIN_N));
    const select = this.push(pcdStandard('SELECT', selectCl1(this.uid), pcdNextFc(uid)));
    const sak = this.push(piccAnswer('SAK', sakFrame(), select, FDT_MIN_N));
    const ratsSent = this.push(pcdStandard('RATS', rats(this.fsdi), pcdNextFc(sak)));
    const atsSent = this.push(piccAnswer('ATS', ats(this.atsChoices), ratsSent, FDT_MIN_N));
    // SFGT = 4096 Fc x 2^SFGI after the ATS before the PCD's next frame, none for SFGI 0 (ISO/IEC 14443-4 5.3.5).
    const sfgtFc = this.atsChoices.sfgi === 0 ? 0 : FWT_UNIT_FC * 2 ** this.atsChoices.sfgi;
    this.last = atsSent;
    this.earliestPcdFc = Math.max(pcdNextFc(atsSent), frameEndFc(atsSent.frame) + sfgtFc);
    this.activated = true;
  }

  /**
   * The phone sends `command` in its next I-block, `keyProcessingUs` after the lock's last answer at
   * the earliest. Returns the frame and the end of its last pause, from which the lock's processing
   * time (and its answer's FDT) counts.
   */
  sendCommand(command: Uint8Array, keyProcessingUs = 0): { frame: NfcAirFrame; referenceFc: number } {
    if (!this.activated || this.last === undefined) throw new Error('the lock is not activated: no I-block yet');
    if (this.pending !== undefined) throw new Error('the lock has not answered the last I-block');
    const block = iBlock(this.blockNumber, command);
    if (block.length > this.fsc) throw new RangeError(`exchange ${this.exchangeIndex}: an I-block of ${block.length} bytes exceeds FSC ${this.fsc} (chaining is not modelled)`);
    const keyFc = usToFcCeil(keyProcessingUs);
    const sentAt = Math.max(this.earliestPcdFc, pcdNextFc(this.last, keyFc));
    this.pending = this.push(pcdStandard('I-block', block, sentAt));
    return { frame: this.pending.frame, referenceFc: this.pending.referenceFc };
  }

  /**
   * The lock answers the pending I-block with `response` after `lockProcessingUs` counted from the
   * end of its last pause: on the FDT grid within FWT, or after S(WTX) as the lock needs.
   */
  answer(response: Uint8Array, lockProcessingUs: number): NfcAirFrame {
    const pending = this.pending;
    if (pending === undefined) throw new Error('no I-block to answer');
    const index = this.exchangeIndex;
    const block = iBlock(this.blockNumber, response);
    if (block.length > this.fsd) throw new RangeError(`exchange ${index}: an I-block of ${block.length} bytes exceeds FSD ${this.fsd} (chaining is not modelled)`);
    const needFc = usToFcCeil(lockProcessingUs);
    let after = pending;
    let waitLimitFc = this.fwtFc;
    const wtxms: number[] = [];
    for (;;) {
      const restFc = Math.max(0, needFc - (after.referenceFc - pending.referenceFc));
      const n = frameDelayNFor(restFc, after.lastBitIsOne);
      if (frameDelayTimeFc(n, after.lastBitIsOne) <= waitLimitFc) {
        const answer = this.push(piccAnswer('I-block', block, after, n));
        this.last = answer;
        this.earliestPcdFc = pcdNextFc(answer);
        break;
      }
      after = this.waitingTimeExtension(after, waitLimitFc, needFc, pending.referenceFc);
      waitLimitFc = this.fwtFc * after.frame.wtxm!;
      wtxms.push(after.frame.wtxm!);
    }
    if (wtxms.length > 0) {
      this.warnings.push(
        `exchange ${index}: the lock needs ${lockProcessingUs.toFixed(1)} us, more than FWT ${fcToUs(this.fwtFc).toFixed(1)} us (FWI ${this.atsChoices.fwi}): S(WTX) with WTXM ${wtxms.join(', ')}`,
      );
    }
    this.pending = undefined;
    this.exchangeIndex++;
    this.blockNumber = this.blockNumber === 0 ? 1 : 0;
    return this.last!.frame;
  }

  /**
   * One S(WTX) round: the lock's request at the last FDT grid point within `waitLimitFc` after
   * `after`, the phone's response at the least FDT; WTXM is the least that covers the rest of
   * `needFc` (counted from `startFc`), or 59. Returns the phone's response.
   */
  private waitingTimeExtension(after: Sent, waitLimitFc: number, needFc: number, startFc: number): Sent {
    const n = latestNWithin(waitLimitFc, after.lastBitIsOne);
    let chosen: { request: Sent; response: Sent } | undefined;
    for (let wtxm = WTXM_MIN; wtxm <= WTXM_MAX; wtxm++) {
      const request = piccAnswer('S(WTX)', sWtx(wtxm), after, n);
      const response = pcdStandard('S(WTX)', sWtx(wtxm), pcdNextFc(request));
      chosen = { request, response };
      const restFc = Math.max(0, needFc - (response.referenceFc - startFc));
      const rest = frameDelayTimeFc(frameDelayNFor(restFc, response.lastBitIsOne), response.lastBitIsOne);
      if (rest <= this.fwtFc * wtxm) break;
    }
    const { request, response } = chosen!;
    const wtxm = request.frame.bytes[1]!;
    request.frame.wtxm = wtxm;
    response.frame.wtxm = wtxm;
    this.push(request);
    return this.push(response);
  }

  /** S(DESELECT) both ways, after the last answer. */
  deselect(): void {
    if (this.last === undefined || this.pending !== undefined) throw new Error('nothing to deselect');
    const request = this.push(pcdStandard('S(DESELECT)', sDeselect(), this.earliestPcdFc));
    this.last = this.push(piccAnswer('S(DESELECT)', sDeselect(), request, FDT_MIN_N));
    this.earliestPcdFc = pcdNextFc(this.last);
  }

  /** The session so far, the field going off at `fieldOffAtFc` (default: the end of the last frame). */
  timeline(fieldOffAtFc = this.endFc): PhoneSessionTimeline {
    return { fieldOnAtFc: 0, fieldOnAtUs: 0, frames: [...this.frames], fieldOffAtFc, fieldOffAtUs: fcToUs(fieldOffAtFc), fwtFc: this.fwtFc, warnings: [...this.warnings] };
  }
}
