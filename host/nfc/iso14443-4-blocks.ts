/**
 * The ISO/IEC 14443-4 frames a phone session uses with the lock: RATS, ATS, I-blocks without CID or
 * NAD, S(WTX) and S(DESELECT). Clause numbers are those of ISO/IEC 14443-4:2018.
 *
 * The lock's ATS (choices of this model, see `AtsChoices`):
 *   TL = 0x05, T0 = 0x78 (TA(1), TB(1), TC(1) present; FSCI = 8, FSC 256 bytes, as docs/PROTOCOL.md
 *   section 5 requires for a 250-byte frame + PCB + CRC_A), TA(1) = 0x00 (106 kbit/s only, both ways:
 *   the timing model covers 106 kbit/s only), TB(1) = FWI << 4 | SFGI (FWI 7, FWT about 38.7 ms, room for
 *   a few ms of AES and one EEPROM block write; SFGI 0, no start-up guard time), TC(1) = 0x00 (no NAD, no
 *   CID), no historical bytes.
 */
import { withCrcA, CRC_A_BYTES } from './crc-a.js';
import { FWI_MAX } from './frame-timing.js';

/** RATS start byte: 0xE0 (ISO/IEC 14443-4 5.2). */
export const RATS_START = 0xe0;

/** FSD or FSC in bytes for FSDI/FSCI 0..8 (ISO/IEC 14443-4 5.2, "FSDI to FSD conversion"; 5.3.3 uses it for FSCI). */
export const FRAME_SIZE_BY_INDEX: readonly number[] = [16, 24, 32, 40, 48, 64, 96, 128, 256];

/** T0 bit b5: TA(1) present; b6: TB(1) present; b7: TC(1) present (ISO/IEC 14443-4 5.3.3). */
const T0_TA_PRESENT = 0x10;
const T0_TB_PRESENT = 0x20;
const T0_TC_PRESENT = 0x40;

/** TA(1) = 0x00: the PICC supports only fc/128 (about 106 kbit/s) in both directions (ISO/IEC 14443-4 5.3.4). */
const TA1_106_ONLY = 0x00;

/** TC(1) = 0x00: b1 = 0 NAD not supported, b2 = 0 CID not supported (ISO/IEC 14443-4 5.3.6). */
const TC1_NO_NAD_NO_CID = 0x00;

/** Largest SFGI; 15 is RFU (ISO/IEC 14443-4 5.3.5). */
const SFGI_MAX = 14;

/** I-block PCB: b8b7 = 00, b6 = 0, b5 = 0 no chaining, b4 = 0 no CID, b3 = 0 no NAD, b2 = 1, b1 = block number (ISO/IEC 14443-4 7.2.2.1). */
const I_BLOCK_PCB_BASE = 0x02;

/** S(DESELECT) PCB without CID: b8b7 = 11, b6b5 = 00 DESELECT, b2 = 1: 0xC2 (ISO/IEC 14443-4 7.2.2.1 and 8). */
export const S_DESELECT_PCB = 0xc2;

/** S(WTX) PCB without CID: b8b7 = 11, b6b5 = 11 WTX, b2 = 1: 0xF2 (ISO/IEC 14443-4 7.2.2.1). */
export const S_WTX_PCB = 0xf2;

/** WTXM, the multiplier an S(WTX) request asks for: 1..59, 0 and 60..63 being RFU (ISO/IEC 14443-4, frame waiting time extension). */
export const WTXM_MIN = 1;
export const WTXM_MAX = 59;

/** PCB length: 1 byte (ISO/IEC 14443-4 7.2.2.1). */
export const PCB_BYTES = 1;

/** The lock's choices for its ATS. */
export interface AtsChoices {
  /** FSCI: the largest frame the lock accepts; 8 (256 bytes) by default (docs/PROTOCOL.md section 5). */
  fsci: number;
  /** FWI: the frame waiting time the lock asks for; 7 (4096 x 2^7 Fc, about 38.7 ms) by default. */
  fwi: number;
  /** SFGI: start-up frame guard time after the ATS; 0 (none) by default. */
  sfgi: number;
}

export const DEFAULT_ATS_CHOICES: AtsChoices = { fsci: 8, fwi: 7, sfgi: 0 };

function frameSizeForIndex(index: number, what: string): number {
  const size = FRAME_SIZE_BY_INDEX[index];
  if (!Number.isInteger(index) || size === undefined) throw new RangeError(`${what} must be 0..8, got ${index}`);
  return size;
}

/** FSD (bytes) for an FSDI. */
export function fsdForFsdi(fsdi: number): number {
  return frameSizeForIndex(fsdi, 'FSDI');
}

/** FSC (bytes) for an FSCI. */
export function fscForFsci(fsci: number): number {
  return frameSizeForIndex(fsci, 'FSCI');
}

/** RATS: 0xE0, FSDI << 4 | CID, CRC_A (ISO/IEC 14443-4 5.2). */
export function rats(fsdi: number, cid = 0): Uint8Array {
  fsdForFsdi(fsdi);
  if (!Number.isInteger(cid) || cid < 0 || cid > 14) throw new RangeError(`CID must be 0..14, got ${cid}`);
  return withCrcA(Uint8Array.of(RATS_START, (fsdi << 4) | cid));
}

/** ATS: TL T0 TA(1) TB(1) TC(1), then CRC_A (ISO/IEC 14443-4 5.3). */
export function ats(choices: AtsChoices = DEFAULT_ATS_CHOICES): Uint8Array {
  fscForFsci(choices.fsci);
  if (!Number.isInteger(choices.fwi) || choices.fwi < 0 || choices.fwi > FWI_MAX) throw new RangeError(`FWI must be 0..${FWI_MAX}`);
  if (!Number.isInteger(choices.sfgi) || choices.sfgi < 0 || choices.sfgi > SFGI_MAX) throw new RangeError(`SFGI must be 0..${SFGI_MAX}`);
  const t0 = T0_TC_PRESENT | T0_TB_PRESENT | T0_TA_PRESENT | choices.fsci;
  const body = [t0, TA1_106_ONLY, (choices.fwi << 4) | choices.sfgi, TC1_NO_NAD_NO_CID];
  // TL counts itself and the bytes after it, not the CRC_A (ISO/IEC 14443-4 5.3.2).
  return withCrcA(Uint8Array.of(body.length + 1, ...body));
}

/** An I-block carrying `inf` with block number `blockNumber` (0 or 1), no CID, no NAD, no chaining (ISO/IEC 14443-4 7.2). */
export function iBlock(blockNumber: 0 | 1, inf: Uint8Array): Uint8Array {
  return withCrcA(Uint8Array.of(I_BLOCK_PCB_BASE | blockNumber, ...inf));
}

/** Bytes of an I-block carrying `infBytes` bytes: PCB + INF + CRC_A (ISO/IEC 14443-4 7.2). */
export function iBlockBytes(infBytes: number): number {
  return PCB_BYTES + infBytes + CRC_A_BYTES;
}

/** S(DESELECT) request or response without CID (ISO/IEC 14443-4 8). */
export function sDeselect(): Uint8Array {
  return withCrcA(Uint8Array.of(S_DESELECT_PCB));
}

/**
 * S(WTX) request (the PICC asks for FWT x WTXM) or the PCD's response (the same WTXM), without CID:
 * PCB 0xF2, INF one byte, b8b7 the power level indication (00: not supported), b6..b1 WTXM, then
 * CRC_A (ISO/IEC 14443-4 7.2.2.1 and "frame waiting time extension").
 */
export function sWtx(wtxm: number): Uint8Array {
  if (!Number.isInteger(wtxm) || wtxm < WTXM_MIN || wtxm > WTXM_MAX) throw new RangeError(`WTXM must be ${WTXM_MIN}..${WTXM_MAX}, got ${wtxm}`);
  return withCrcA(Uint8Array.of(S_WTX_PCB, wtxm));
}
