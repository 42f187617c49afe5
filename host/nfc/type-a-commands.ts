/**
 * The ISO/IEC 14443-3 Type A frames of one activation at cascade level 1 (a single size, 4-byte
 * UID): REQA, ATQA, ANTICOLLISION, the UID with its BCC, SELECT and SAK. Clause numbers are those of
 * ISO/IEC 14443-3:2018.
 */
import { withCrcA } from './crc-a.js';

/** REQA, a 7-bit short frame: 0x26 (ISO/IEC 14443-3 6.4.1). */
export const REQA = 0x26;

/** Length of a single size UID: 4 bytes (ISO/IEC 14443-3 6.5.4). */
export const UID_SINGLE_BYTES = 4;

/** The cascade tag 0x88 may not be uid0 of a single size UID (ISO/IEC 14443-3 6.5.4). */
const CASCADE_TAG = 0x88;

/**
 * ATQA as sent (low byte first): 0x04 0x00. b1-b5 bit frame anticollision with b3 set; b7-b8 = 00,
 * UID size single; b9-b12 proprietary coding 0 (ISO/IEC 14443-3 6.5.2.1).
 */
export const ATQA_SINGLE_UID = Uint8Array.of(0x04, 0x00);

/** SEL for cascade level 1: 0x93 (ISO/IEC 14443-3 6.5.3.2). */
export const SEL_CL1 = 0x93;

/** NVB of ANTICOLLISION: 0x20, 2 valid bytes (SEL and NVB), 0 extra bits (ISO/IEC 14443-3 6.5.3.3). */
export const NVB_ANTICOLLISION = 0x20;

/** NVB of SELECT: 0x70, 7 valid bytes (SEL, NVB, 4 UID bytes, BCC) (ISO/IEC 14443-3 6.5.3.3). */
export const NVB_SELECT = 0x70;

/** SAK: b6 = 1 (compliant with ISO/IEC 14443-4), b3 = 0 (UID complete): 0x20 (ISO/IEC 14443-3 6.5.3.4). */
export const SAK_ISO14443_4_COMPLETE = 0x20;

/** Checks that `uid` is a single size UID this model can select. */
export function assertSingleSizeUid(uid: Uint8Array): void {
  if (uid.length !== UID_SINGLE_BYTES) {
    throw new RangeError(`only a single size UID (${UID_SINGLE_BYTES} bytes) is modelled, got ${uid.length} bytes`);
  }
  if (uid[0] === CASCADE_TAG) throw new RangeError('uid0 of a single size UID may not be the cascade tag 0x88');
}

/** BCC: the exclusive-or of the 4 bytes of UID CLn (ISO/IEC 14443-3 6.5.3.1 and 6.5.4). */
export function bcc(uidCl: Uint8Array): number {
  return uidCl.reduce((acc, byte) => acc ^ byte, 0);
}

/** ANTICOLLISION of cascade level 1: SEL NVB, no CRC_A (ISO/IEC 14443-3 6.4.2). */
export function anticollisionCl1(): Uint8Array {
  return Uint8Array.of(SEL_CL1, NVB_ANTICOLLISION);
}

/** The PICC's answer to ANTICOLLISION: UID CL1 and BCC, no CRC_A (ISO/IEC 14443-3 6.5.3.1). */
export function uidCl1Answer(uid: Uint8Array): Uint8Array {
  assertSingleSizeUid(uid);
  return Uint8Array.of(...uid, bcc(uid));
}

/** SELECT of cascade level 1: SEL NVB UID BCC CRC_A (ISO/IEC 14443-3 6.4.2). */
export function selectCl1(uid: Uint8Array): Uint8Array {
  assertSingleSizeUid(uid);
  return withCrcA(Uint8Array.of(SEL_CL1, NVB_SELECT, ...uid, bcc(uid)));
}

/** SAK with its CRC_A (ISO/IEC 14443-3 6.5.3.4). */
export function sakFrame(sak: number = SAK_ISO14443_4_COMPLETE): Uint8Array {
  return withCrcA(Uint8Array.of(sak));
}
