/** AES-128 and AES-CMAC on @noble/ciphers: the key side's crypto. */
import { cmac, ecb } from '@noble/ciphers/aes.js';
import type { BlockEncrypt } from './cmac-core.js';

/** One AES-128 block (FIPS-197) under `key`. */
export function aesEncryptBlockNoble(key: Uint8Array, block: Uint8Array): Uint8Array {
  return ecb(key, { disablePadding: true }).encrypt(block);
}

/**
 * A block function bound to one key. noble's cipher objects are single-use (they refuse a second
 * encrypt()), so each block makes a new one, key schedule included.
 */
export function nobleBlockEncrypt(key: Uint8Array): BlockEncrypt {
  return (block) => aesEncryptBlockNoble(key, block);
}

/** AES-CMAC (RFC 4493), noble's one-shot. */
export function cmacNoble(key: Uint8Array, message: Uint8Array): Uint8Array {
  return cmac(message, key);
}
