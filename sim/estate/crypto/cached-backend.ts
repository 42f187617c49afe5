/**
 * The key side's CryptoBackend (host/protocol/crypto-backend.ts) on the estate's block function
 * (crypto/aes-block.ts) with each key's schedule and CMAC subkeys kept: the estate's management
 * system issues a credential for every phone key every day and derives a K_key for every key,
 * always under the same few keys (K_iss, K_km), where one-shot functions would expand the key at
 * every call. Keys are cached by identity (the same Uint8Array), so a key's bytes must not be
 * changed once used. Messages longer than the scratch go to noble's one-shot CMAC.
 */
import { cmacNoble } from '../../../host/crypto/aes-noble.js';
import { diversifyWith } from '../../../host/crypto/diversify.js';
import type { CryptoBackend } from '../../../host/protocol/crypto-backend.js';
import { cmacInto, cmacKey, encryptWords, MAC_SCRATCH_BYTES, MacScratch, type CmacKey } from './word-cmac.js';
import { BLOCK_BYTES } from '../../../host/crypto/block-math.js';

export function cachedKeyBackend(): CryptoBackend {
  const keys = new WeakMap<Uint8Array, CmacKey>();
  const scratch = new MacScratch();
  const ready = (key: Uint8Array): CmacKey => {
    let cached = keys.get(key);
    if (!cached) {
      cached = cmacKey(key);
      keys.set(key, cached);
    }
    return cached;
  };
  const aesBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => {
    const words = new Int32Array(block.slice().buffer);
    return new Uint8Array(encryptWords(ready(key).xk, words).buffer);
  };
  return {
    name: 'estate-cached',
    aesBlock,
    cmac(key, message) {
      if (message.length > MAC_SCRATCH_BYTES - BLOCK_BYTES) return cmacNoble(key, message);
      scratch.bytes.set(message);
      cmacInto(ready(key), scratch, message.length);
      return scratch.tag.slice();
    },
    diversify: (key, input) => diversifyWith((block) => aesBlock(key, block), input),
  };
}
