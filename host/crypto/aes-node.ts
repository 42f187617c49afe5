/** AES-128 and AES-CMAC on node:crypto (OpenSSL): the second host backend, for the benchmarks. */
import { createCipheriv } from 'node:crypto';
import { cmacSubkeys, cmacWith, type BlockEncrypt, type CmacSubkeys } from './cmac-core.js';

/** One reused aes-128-ecb cipher, without padding: update() of 16 bytes is one AES block. */
export function nodeBlockEncrypt(key: Uint8Array): BlockEncrypt {
  const cipher = createCipheriv('aes-128-ecb', key, null);
  cipher.setAutoPadding(false);
  return (block) => new Uint8Array(cipher.update(block));
}

/** AES-CMAC with the key schedule and subkeys prepared once, as a lock would keep them. */
export class NodeCmac {
  private readonly encrypt: BlockEncrypt;
  private readonly subkeys: CmacSubkeys;

  constructor(key: Uint8Array) {
    this.encrypt = nodeBlockEncrypt(key);
    this.subkeys = cmacSubkeys(this.encrypt);
  }

  tag(message: Uint8Array): Uint8Array {
    return cmacWith(this.encrypt, this.subkeys, message);
  }
}
