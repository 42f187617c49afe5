/**
 * AES-CMAC (RFC 4493 §2.3-2.4) over any AES-128 block function: used where the AES comes from a
 * library without CMAC (node:crypto), and for the subkeys of AN10922 diversification.
 */
import { BLOCK_BYTES, gfDouble, xorInto } from './block-math.js';

/** Encrypts one 16-byte block under a key fixed by the caller. */
export type BlockEncrypt = (block: Uint8Array) => Uint8Array;

export interface CmacSubkeys {
  k1: Uint8Array;
  k2: Uint8Array;
}

/** Generate_Subkey (RFC 4493 §2.3). */
export function cmacSubkeys(encrypt: BlockEncrypt): CmacSubkeys {
  const k1 = gfDouble(encrypt(new Uint8Array(BLOCK_BYTES)));
  return { k1, k2: gfDouble(k1) };
}

/**
 * CBC-MAC with a zero IV over `data` (a whole number of blocks) after XORing its last block with
 * `lastKey`: the final step shared by CMAC (RFC 4493 §2.4 steps 4-6) and AN10922 §2.2.
 */
export function cbcMacWithLastKey(encrypt: BlockEncrypt, data: Uint8Array, lastKey: Uint8Array): Uint8Array {
  const padded = data.slice();
  xorInto(padded, lastKey, padded.length - BLOCK_BYTES);
  let x: Uint8Array = new Uint8Array(BLOCK_BYTES);
  for (let offset = 0; offset < padded.length; offset += BLOCK_BYTES) {
    xorInto(x, padded.subarray(offset, offset + BLOCK_BYTES));
    x = encrypt(x);
  }
  return x;
}

/** AES-CMAC tag (16 bytes) of `message` (RFC 4493 §2.4). */
export function cmacWith(encrypt: BlockEncrypt, subkeys: CmacSubkeys, message: Uint8Array): Uint8Array {
  const complete = message.length > 0 && message.length % BLOCK_BYTES === 0;
  if (complete) return cbcMacWithLastKey(encrypt, message, subkeys.k1);
  const paddedLength = (Math.floor(message.length / BLOCK_BYTES) + 1) * BLOCK_BYTES;
  const padded = new Uint8Array(paddedLength);
  padded.set(message);
  padded[message.length] = 0x80; // padding 10^i, RFC 4493 §2.4 step 4
  return cbcMacWithLastKey(encrypt, padded, subkeys.k2);
}
