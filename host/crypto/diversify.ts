/**
 * AES-128 key diversification (NXP AN10922 §2.2), on any AES block function. D = 0x01 || M is
 * always processed as two blocks: exactly 32 bytes -> last block XOR K1; shorter -> padded with
 * 0x80 and zeros to 32 bytes, last block XOR K2.
 */
import { cbcMacWithLastKey, cmacSubkeys, type BlockEncrypt } from './cmac-core.js';
import { nobleBlockEncrypt } from './aes-noble.js';

/** AN10922 §2.2 step 1: diversification constant for AES-128. */
const DIV_CONSTANT_AES128 = 0x01;
/** D is processed as two AES blocks. */
const PADDED_BYTES = 32;
export const DIVERSIFY_INPUT_MAX_BYTES = PADDED_BYTES - 1;

export function diversifyWith(encrypt: BlockEncrypt, input: Uint8Array): Uint8Array {
  if (input.length < 1 || input.length > DIVERSIFY_INPUT_MAX_BYTES) {
    throw new RangeError(`AN10922 diversification input must be 1..${DIVERSIFY_INPUT_MAX_BYTES} bytes, got ${input.length}`);
  }
  const { k1, k2 } = cmacSubkeys(encrypt);
  const d = new Uint8Array(PADDED_BYTES);
  d[0] = DIV_CONSTANT_AES128;
  d.set(input, 1);
  const dLength = input.length + 1;
  if (dLength < PADDED_BYTES) d[dLength] = 0x80;
  return cbcMacWithLastKey(encrypt, d, dLength === PADDED_BYTES ? k1 : k2);
}

/** The key side's diversification, on @noble/ciphers AES. */
export function diversifyAes128(masterKey: Uint8Array, input: Uint8Array): Uint8Array {
  return diversifyWith(nobleBlockEncrypt(masterKey), input);
}
