/** What each MAC of the protocol covers, one function per MAC (PROTOCOL.md §6-§8). */
import {
  LABEL_AUT,
  LABEL_ATT,
  LABEL_CMD,
  LABEL_CNS,
  LABEL_CRD,
  LABEL_CRS,
  LABEL_DLT,
  LABEL_RES,
  LABEL_TEN,
  LABEL_TIM,
} from '../../firmware/protocol.js';
import { label, u16le, u32le } from './bytes.js';
import { mac8, type CryptoBackend } from './crypto-backend.js';
import type { SessionBinding } from './session-binding.js';

/** §6: issuerMac = MAC8(K_iss, "CRD" ‖ credential[0, 26+2g)). */
export function credentialIssuerMac(backend: CryptoBackend, kIss: Uint8Array, credentialBody: Uint8Array): Uint8Array {
  return mac8(backend, kIss, label(LABEL_CRD), credentialBody);
}

/** §6.2: MAC8(T_cons, "CNS" ‖ token[0, 18)). */
export function consentTokenMac(backend: CryptoBackend, tCons: Uint8Array, tokenBody: Uint8Array): Uint8Array {
  return mac8(backend, tCons, label(LABEL_CNS), tokenBody);
}

/** §7.5: MAC8(K_time, "TIM" ‖ day LE2 ‖ lockId LE4). */
export function voucherMac(backend: CryptoBackend, kTime: Uint8Array, day: number, lockId: number): Uint8Array {
  return mac8(backend, kTime, label(LABEL_TIM), u16le(day), u32le(lockId));
}

/** §8: MAC8(K_iss, "DLT" ‖ frame[1, 8+7n)): the delta without its type byte. */
export function deltaMac(backend: CryptoBackend, kIss: Uint8Array, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, kIss, label(LABEL_DLT), coveredBytes);
}

/** §7.4: tenantProof = MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId LE4). */
export function tenantProof(backend: CryptoBackend, tAuth: Uint8Array, lockNonce: Uint8Array, keyId: number): Uint8Array {
  return mac8(backend, tAuth, label(LABEL_TEN), lockNonce, u32le(keyId));
}

/** §7.4: keyMac = MAC8(K_key, "AUT" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8)). */
export function authKeyMac(backend: CryptoBackend, kKey: Uint8Array, binding: SessionBinding, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, kKey, label(LABEL_AUT), u32le(binding.lockId), binding.lockNonce, binding.keyNonce, coveredBytes);
}

/** §7.7: resultMac = MAC8(K_key, "RES" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8)). */
export function resultMac(backend: CryptoBackend, kKey: Uint8Array, binding: SessionBinding, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, kKey, label(LABEL_RES), u32le(binding.lockId), binding.lockNonce, binding.keyNonce, coveredBytes);
}

/** §9.2: COMMAND's MAC8(T_auth, "CMD" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, 6)). */
export function commandMac(backend: CryptoBackend, tAuth: Uint8Array, binding: SessionBinding, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, tAuth, label(LABEL_CMD), u32le(binding.lockId), binding.lockNonce, binding.keyNonce, coveredBytes);
}

/** §9.5: the attestation's MAC8(T_att, "ATT" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ attestation[0, 48)). */
export function attestationMac(backend: CryptoBackend, tAtt: Uint8Array, binding: SessionBinding, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, tAtt, label(LABEL_ATT), u32le(binding.lockId), binding.lockNonce, binding.keyNonce, coveredBytes);
}

/** §9.2: COMMAND_RESULT's MAC8(K_key, "CRS" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end−8)). */
export function commandResultMac(backend: CryptoBackend, kKey: Uint8Array, binding: SessionBinding, coveredBytes: Uint8Array): Uint8Array {
  return mac8(backend, kKey, label(LABEL_CRS), u32le(binding.lockId), binding.lockNonce, binding.keyNonce, coveredBytes);
}
