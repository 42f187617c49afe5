/**
 * The tenant secret as the lock sends it to the key that made a tenant change (PROTOCOL.md §7.8):
 * E = T XOR AES(K_key, "TSK" ‖ lockNonce[0, 13)), followed by MAC8(K_key, "TSK" ‖ lockNonce ‖ E).
 */
import { AES_BLOCK_BYTES } from '../../firmware/abi.js';
import { ENCLOSED_SECRET_BYTES, LABEL_TSK, NONCE_BYTES } from '../../firmware/protocol.js';
import { bytesEqual, concat, label, xorBytes } from './bytes.js';
import { mac8, type CryptoBackend } from './crypto-backend.js';
import { malformed } from './frame-error.js';

/** The lock nonce's first 13 bytes complete the 3-byte label to one AES block. */
const PAD_NONCE_BYTES = 13;

function pad(backend: CryptoBackend, kKey: Uint8Array, lockNonce: Uint8Array): Uint8Array {
  return backend.aesBlock(kKey, concat(label(LABEL_TSK), lockNonce.subarray(0, PAD_NONCE_BYTES)));
}

function assertSizes(tenantSecretOrE: Uint8Array, lockNonce: Uint8Array): void {
  if (tenantSecretOrE.length !== AES_BLOCK_BYTES) throw new RangeError(`tenant secret: expected 16 bytes, got ${tenantSecretOrE.length}`);
  if (lockNonce.length !== NONCE_BYTES) throw new RangeError(`lock nonce: expected ${NONCE_BYTES} bytes, got ${lockNonce.length}`);
}

/** The 24 enclosed bytes E ‖ MAC8 for `tenantSecret`. */
export function encloseTenantSecret(backend: CryptoBackend, kKey: Uint8Array, lockNonce: Uint8Array, tenantSecret: Uint8Array): Uint8Array {
  assertSizes(tenantSecret, lockNonce);
  const e = xorBytes(tenantSecret, pad(backend, kKey, lockNonce));
  return concat(e, mac8(backend, kKey, label(LABEL_TSK), lockNonce, e));
}

/** T from the 24 enclosed bytes; throws if their MAC is wrong. */
export function openTenantSecret(backend: CryptoBackend, kKey: Uint8Array, lockNonce: Uint8Array, enclosed: Uint8Array): Uint8Array {
  if (enclosed.length !== ENCLOSED_SECRET_BYTES) throw malformed(`enclosed tenant secret: expected ${ENCLOSED_SECRET_BYTES} bytes, got ${enclosed.length}`);
  const e = enclosed.subarray(0, AES_BLOCK_BYTES);
  assertSizes(e, lockNonce);
  if (!bytesEqual(enclosed.subarray(AES_BLOCK_BYTES), mac8(backend, kKey, label(LABEL_TSK), lockNonce, e))) {
    throw new Error('enclosed tenant secret: its MAC is wrong');
  }
  return xorBytes(e, pad(backend, kKey, lockNonce));
}
