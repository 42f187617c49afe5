/**
 * The frames of one phone-key session on the air, as a timeline in virtual time (carrier cycles from
 * field-on, no clock): field on; REQA -> ATQA; ANTICOLLISION CL1 -> UID CL1 + BCC; SELECT CL1 -> SAK;
 * RATS -> ATS; then one I-block each way per application exchange; optionally S(DESELECT) both
 * ways; field off. The phone is the PCD, the lock the PICC.
 *
 * Timing rules (see frame-timing.ts for the clauses):
 * - the first REQA comes after the field-on guard (5.1 ms); unanswered REQAs (a lock still charging)
 *   repeat one request guard time (7000 Fc) apart, start to start;
 * - the PICC answers REQA, ANTICOLLISION and SELECT with n = 9 (1172 or 1236 Fc after the PCD's last
 *   pause, by the PCD's last bit); RATS with the least FDT (n = 9);
 * - an I-block answer comes after the lock's processing time, counted from the PCD's last pause, on
 *   the FDT grid (n x 128 + 84 or 20 Fc, n >= 9) and never before n = 9; past FWT it is flagged
 *   `needsWtx` (this model sends no S(WTX));
 * - the PCD speaks again at least 1172 Fc after the PICC's last modulation, later if the key needs
 *   longer (keyProcessingUs, counted from the same point), and not before SFGT after the ATS.
 */
import { fcToUs, usToFcCeil } from './carrier.js';
import {
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
import { DEFAULT_ATS_CHOICES, ats, fscForFsci, fsdForFsdi, iBlock, rats, sDeselect, type AtsChoices } from './iso14443-4-blocks.js';
import { shortFrameLastBitIsOne, standardFrameLastBitIsOne } from './type-a-bits.js';
import { ATQA_SINGLE_UID, REQA, anticollisionCl1, assertSingleSizeUid, sakFrame, selectCl1, uidCl1Answer } from './type-a-commands.js';

export type NfcDirection = 'pcd-to-picc' | 'picc-to-pcd';

export type NfcFrameKind = 'REQA' | 'ATQA' | 'ANTICOLLISION' | 'UID' | 'SELECT' | 'SAK' | 'RATS' | 'ATS' | 'I-block' | 'S(DESELECT)';

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
  /** For an I-block answer: the lock's processing time exceeded FWT, so it would need S(WTX) first. */
  needsWtx?: boolean;
}

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

export interface PhoneSessionTimeline {
  fieldOnAtFc: number;
  fieldOnAtUs: number;
  frames: NfcAirFrame[];
  fieldOffAtFc: number;
  fieldOffAtUs: number;
  /** FWT the lock declared in its ATS. */
  fwtFc: number;
  /** Human-readable notes, e.g. answers that exceed FWT. */
  warnings: string[];
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

/** Builds the timeline of one phone session; deterministic, virtual time from field-on at 0. */
export function phoneSessionTimeline(input: PhoneSessionInput): PhoneSessionTimeline {
  assertSingleSizeUid(input.uid);
  const atsChoices: AtsChoices = { ...DEFAULT_ATS_CHOICES, ...input.ats };
  const fsdi = input.fsdi ?? 8;
  const fsd = fsdForFsdi(fsdi);
  const fsc = fscForFsci(atsChoices.fsci);
  const fwtFc = frameWaitingTimeFc(atsChoices.fwi);
  const unanswered = input.unansweredReqas ?? 0;
  if (!Number.isInteger(unanswered) || unanswered < 0) throw new RangeError(`unansweredReqas must be an integer >= 0, got ${unanswered}`);

  const frames: NfcAirFrame[] = [];
  const warnings: string[] = [];
  const push = (sent: Sent): Sent => {
    frames.push(sent.frame);
    return sent;
  };

  // Field on at 0; REQAs from the field-on guard, one request guard time apart.
  let reqaAt = FIELD_ON_GUARD_FC;
  for (let i = 0; i < unanswered; i++) {
    push(pcdReqa(reqaAt));
    reqaAt += REQUEST_GUARD_TIME_FC;
  }
  const reqa = push(pcdReqa(reqaAt));
  const atqa = push(piccAnswer('ATQA', ATQA_SINGLE_UID, reqa, FDT_MIN_N));
  const anticoll = push(pcdStandard('ANTICOLLISION', anticollisionCl1(), pcdNextFc(atqa)));
  const uid = push(piccAnswer('UID', uidCl1Answer(input.uid), anticoll, FDT_MIN_N));
  const select = push(pcdStandard('SELECT', selectCl1(input.uid), pcdNextFc(uid)));
  const sak = push(piccAnswer('SAK', sakFrame(), select, FDT_MIN_N));
  const ratsSent = push(pcdStandard('RATS', rats(fsdi), pcdNextFc(sak)));
  const atsSent = push(piccAnswer('ATS', ats(atsChoices), ratsSent, FDT_MIN_N));

  // SFGT = 4096 Fc x 2^SFGI after the ATS before the PCD's next frame, none for SFGI 0 (ISO/IEC 14443-4 5.3.5).
  const sfgtFc = atsChoices.sfgi === 0 ? 0 : FWT_UNIT_FC * 2 ** atsChoices.sfgi;
  let last: Sent = atsSent;
  let earliestPcdFc = Math.max(pcdNextFc(atsSent), frameEndFc(atsSent.frame) + sfgtFc);

  // Block numbers: the PCD starts at 0 and toggles after each answer; the PICC answers with the
  // number it received (ISO/IEC 14443-4 7.6.4).
  let blockNumber: 0 | 1 = 0;
  input.exchanges.forEach((exchange, index) => {
    const command = iBlock(blockNumber, exchange.command);
    const response = iBlock(blockNumber, exchange.response);
    if (command.length > fsc) throw new RangeError(`exchange ${index}: an I-block of ${command.length} bytes exceeds FSC ${fsc} (chaining is not modelled)`);
    if (response.length > fsd) throw new RangeError(`exchange ${index}: an I-block of ${response.length} bytes exceeds FSD ${fsd} (chaining is not modelled)`);
    const keyFc = usToFcCeil(exchange.keyProcessingUs ?? 0);
    const sentAt = Math.max(earliestPcdFc, pcdNextFc(last, keyFc));
    const pcdBlock = push(pcdStandard('I-block', command, sentAt));
    const lockFc = usToFcCeil(exchange.lockProcessingUs);
    const n = frameDelayNFor(lockFc, pcdBlock.lastBitIsOne);
    const answer = piccAnswer('I-block', response, pcdBlock, n);
    if (frameDelayTimeFc(n, pcdBlock.lastBitIsOne) > fwtFc) {
      answer.frame.needsWtx = true;
      warnings.push(`exchange ${index}: the lock needs ${exchange.lockProcessingUs} us, more than FWT ${fcToUs(fwtFc).toFixed(1)} us (FWI ${atsChoices.fwi}): S(WTX) needed`);
    }
    last = push(answer);
    earliestPcdFc = pcdNextFc(last);
    blockNumber = blockNumber === 0 ? 1 : 0;
  });

  if (input.deselect ?? false) {
    const request = push(pcdStandard('S(DESELECT)', sDeselect(), earliestPcdFc));
    last = push(piccAnswer('S(DESELECT)', sDeselect(), request, FDT_MIN_N));
  }

  const fieldOffAtFc = frameEndFc(last.frame);
  return {
    fieldOnAtFc: 0,
    fieldOnAtUs: 0,
    frames,
    fieldOffAtFc,
    fieldOffAtUs: fcToUs(fieldOffAtFc),
    fwtFc,
    warnings,
  };
}
