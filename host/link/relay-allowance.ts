/**
 * The relay bound as the lock applies it (PROTOCOL.md §7.6 step 5a): the longest wait from its
 * last answer being ready (CHALLENGE, or DELTA_ACK) to an AUTH of n bytes in hand, as
 * base + n x perByte. The profile gives the bound net of the link (link.relayBoundContactUs,
 * relayBoundPhoneUs: from the end of the lock's frame to the start of the key's); the allowance adds
 * what the link itself takes in between, for the longer of the lock's answers (CHALLENGE, 28 bytes).
 */
import { CHALLENGE_BYTES } from '../../firmware/protocol.js';
import { BIT_106_FC, fcToUs } from '../nfc/carrier.js';
import { FDT_LAST_BIT_ONE_EXTRA_FC, FDT_PICC_TO_PCD_MIN_FC, pcdStandardFrameFc, piccStandardFrameFc } from '../nfc/frame-timing.js';
import type { HardwareProfile } from '../profile/schema.js';
import { contactFrameUs, contactLinkFigures, contactTurnaroundUs } from './contact-link.js';

export interface RelayAllowance {
  /** us: the wait for an AUTH of no bytes. */
  baseUs: number;
  /** ns per byte of the AUTH. */
  perByteNs: number;
}

export interface RelayAllowances {
  contact: RelayAllowance;
  phone: RelayAllowance;
}

/** ISO/IEC 14443-4 I-block framing around an application frame: PCB (1) and CRC_A (2). */
const I_BLOCK_OVERHEAD_BYTES = 3;
const NS_PER_US = 1_000;

/**
 * Contact: the lock's turnaround and its CHALLENGE on the wire, the key's turnaround, the AUTH's
 * framing, the net bound; per byte, one character on the wire.
 */
function contactAllowance(profile: HardwareProfile): RelayAllowance {
  const figures = contactLinkFigures(profile);
  const byteUs = contactFrameUs(figures, 2) - contactFrameUs(figures, 1);
  const emptyFrameUs = contactFrameUs(figures, 1) - byteUs;
  const baseUs = 2 * contactTurnaroundUs(figures) + contactFrameUs(figures, CHALLENGE_BYTES) + emptyFrameUs + profile.link.relayBoundContactUs.value;
  return { baseUs: Math.ceil(baseUs), perByteNs: Math.ceil(byteUs * NS_PER_US) };
}

/**
 * Phone (the lock is the PICC): its answer starts at most one bit period and 84 Fc after its work
 * ends (the FDT grid, ISO/IEC 14443-3 6.2.1.1), the CHALLENGE I-block, the PCD's least FDT before
 * its next frame (1172 Fc, 6.2.1.2), the AUTH I-block's framing, the net bound; per byte, 9 bit
 * periods (8 data bits and parity).
 */
function phoneAllowance(profile: HardwareProfile): RelayAllowance {
  const byteFc = pcdStandardFrameFc(2) - pcdStandardFrameFc(1);
  const challengeFc = piccStandardFrameFc(CHALLENGE_BYTES + I_BLOCK_OVERHEAD_BYTES);
  const framingFc = pcdStandardFrameFc(I_BLOCK_OVERHEAD_BYTES);
  const linkFc = BIT_106_FC + FDT_LAST_BIT_ONE_EXTRA_FC + challengeFc + FDT_PICC_TO_PCD_MIN_FC + framingFc;
  return { baseUs: Math.ceil(fcToUs(linkFc) + profile.link.relayBoundPhoneUs.value), perByteNs: Math.ceil(fcToUs(byteFc) * NS_PER_US) };
}

export function relayAllowances(profile: HardwareProfile): RelayAllowances {
  return { contact: contactAllowance(profile), phone: phoneAllowance(profile) };
}

/** No bound: a lock on the bench, or one whose installer chose none (base 0). */
export const NO_RELAY_BOUND: RelayAllowances = { contact: { baseUs: 0, perByteNs: 0 }, phone: { baseUs: 0, perByteNs: 0 } };

/** What the lock accepts for an AUTH of `length` bytes (firmware: assembly/store/config.ts relayAllowanceUs). */
export function relayAllowanceUs(allowance: RelayAllowance, length: number): number {
  if (allowance.baseUs === 0) return 0xffff_ffff;
  return Math.min(allowance.baseUs + Math.floor((length * allowance.perByteNs) / NS_PER_US), 0xffff_ffff);
}
