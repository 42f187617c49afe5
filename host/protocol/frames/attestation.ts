/**
 * The attestation (PROTOCOL.md §9.5), 56 bytes in the COMMAND_RESULT of ATTEST: the boot ROM's
 * SHA-256 of the image ‖ its features ‖ log flags ‖ log entries ‖ failed MACs ‖ emergency count ‖
 * acknowledged ‖ MAC8(T_att, "ATT" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ bytes[0, 48)). T_att comes from
 * the tenant secret alone, so the landlord cannot make one (§4.2).
 */
import {
  ATT_EMERGENCY_ACKED,
  ATT_EMERGENCY_COUNT,
  ATT_FAILED_MACS,
  ATT_FEATURES,
  ATT_LOG_ENTRIES,
  ATT_LOG_FLAGS,
  ATT_MAC,
  ATT_MEASUREMENT,
  ATTESTATION_BYTES,
  LOG_FLAG_HOLD,
  LOG_FLAG_ON,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { malformed } from '../frame-error.js';
import { attestationMac } from '../macs.js';
import type { SessionBinding } from '../session-binding.js';

/** SHA-256 bytes. */
const MEASUREMENT_BYTES = 32;

export interface AttestationFields {
  /** The boot ROM's SHA-256 of the image the lock runs. */
  measurement: Uint8Array;
  /** firmware/abi.ts Feature bits of the image (Log: the image has log code at all). */
  features: number;
  logOn: boolean;
  logHold: boolean;
  /** Entries a LOG_READ would find now. */
  logEntries: number;
  /** Failed issuer, key and command MACs counted, at most one per power-up. */
  failedMacs: number;
  emergencyCount: number;
  emergencyAcknowledged: number;
}

export function encodeAttestation(fields: AttestationFields, binding: SessionBinding, tAtt: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  if (fields.measurement.length !== MEASUREMENT_BYTES) throw new RangeError(`measurement: expected ${MEASUREMENT_BYTES} bytes, got ${fields.measurement.length}`);
  const body = new Uint8Array(ATT_MAC);
  body.set(fields.measurement, ATT_MEASUREMENT);
  body[ATT_FEATURES] = fields.features;
  body[ATT_LOG_FLAGS] = (fields.logOn ? LOG_FLAG_ON : 0) | (fields.logHold ? LOG_FLAG_HOLD : 0);
  setU16(body, ATT_LOG_ENTRIES, Math.min(fields.logEntries, 0xffff));
  setU32(body, ATT_FAILED_MACS, fields.failedMacs);
  setU32(body, ATT_EMERGENCY_COUNT, fields.emergencyCount);
  setU32(body, ATT_EMERGENCY_ACKED, fields.emergencyAcknowledged);
  return concat(body, attestationMac(backend, tAtt, binding, body));
}

/** An attestation whose MAC under T_att does not verify: not from this tenant's lock, this session, or altered. */
export class AttestationMacError extends Error {
  override readonly name = 'AttestationMacError';

  constructor() {
    super('attestation: its MAC under T_att is wrong (another tenant, session or lock, or altered)');
  }
}

/** The attestation's fields once its MAC verifies under T_att; throws AttestationMacError when it does not, FrameError for a wrong length. */
export function verifyAttestation(bytes: Uint8Array, binding: SessionBinding, tAtt: Uint8Array, backend: CryptoBackend = nobleBackend): AttestationFields {
  if (bytes.length !== ATTESTATION_BYTES) throw malformed(`attestation: expected ${ATTESTATION_BYTES} bytes, got ${bytes.length}`);
  const body = bytes.subarray(0, ATT_MAC);
  if (!bytesEqual(bytes.subarray(ATT_MAC), attestationMac(backend, tAtt, binding, body))) throw new AttestationMacError();
  const flags = bytes[ATT_LOG_FLAGS]!;
  return {
    measurement: bytes.slice(ATT_MEASUREMENT, ATT_MEASUREMENT + MEASUREMENT_BYTES),
    features: bytes[ATT_FEATURES]!,
    logOn: (flags & LOG_FLAG_ON) !== 0,
    logHold: (flags & LOG_FLAG_HOLD) !== 0,
    logEntries: getU16(bytes, ATT_LOG_ENTRIES),
    failedMacs: getU32(bytes, ATT_FAILED_MACS),
    emergencyCount: getU32(bytes, ATT_EMERGENCY_COUNT),
    emergencyAcknowledged: getU32(bytes, ATT_EMERGENCY_ACKED),
  };
}
