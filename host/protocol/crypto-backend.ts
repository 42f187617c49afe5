/**
 * The primitives of PROTOCOL.md §1 behind one interface, so that the key side and the reference
 * lock run on either of two independent AES implementations: @noble/ciphers or node:crypto.
 */
import { NodeCmac, nodeBlockEncrypt } from '../crypto/aes-node.js';
import { aesEncryptBlockNoble, cmacNoble, nobleBlockEncrypt } from '../crypto/aes-noble.js';
import { diversifyWith } from '../crypto/diversify.js';
import { MAC_BYTES } from '../../firmware/protocol.js';
import { concat } from './bytes.js';

export interface CryptoBackend {
  readonly name: string;
  /** One AES-128 block (FIPS-197). */
  aesBlock(key: Uint8Array, block: Uint8Array): Uint8Array;
  /** AES-CMAC tag, 16 bytes (RFC 4493). */
  cmac(key: Uint8Array, message: Uint8Array): Uint8Array;
  /** `Div(K, M)`: AN10922 §2.2 diversified key, M of 1..31 bytes. */
  diversify(key: Uint8Array, input: Uint8Array): Uint8Array;
}

export const nobleBackend: CryptoBackend = {
  name: 'noble',
  aesBlock: (key, block) => aesEncryptBlockNoble(key, block),
  cmac: (key, message) => cmacNoble(key, message),
  diversify: (key, input) => diversifyWith(nobleBlockEncrypt(key), input),
};

export const nodeBackend: CryptoBackend = {
  name: 'node',
  aesBlock: (key, block) => nodeBlockEncrypt(key)(block),
  cmac: (key, message) => new NodeCmac(key).tag(message),
  diversify: (key, input) => diversifyWith(nodeBlockEncrypt(key), input),
};

/** `MAC8(K, a ‖ b ‖ …)`: the first 8 bytes of AES-CMAC over the concatenation (§1). */
export function mac8(backend: CryptoBackend, key: Uint8Array, ...parts: Uint8Array[]): Uint8Array {
  return backend.cmac(key, concat(...parts)).slice(0, MAC_BYTES);
}
