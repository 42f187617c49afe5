/**
 * The nonce generator: CTR_DRBG with AES-128 and no derivation function (NIST SP 800-90A Rev. 1
 * §10.2.1), seeded only through the HAL's entropy import. Its state lives in RAM, so it is seeded
 * anew at every power-up from seedlen = 32 bytes of entropy (Table 3: seedlen = outlen + keylen).
 * No personalization string or additional input is used. The reseed interval (2^48 requests,
 * Table 3) is never approached: a battery-less lock makes a handful of requests per power-up.
 */
import { AES_BLOCK_BYTES, DRBG_SEED_BYTES, WorkOp } from "../../firmware/abi";
import { countWork } from "../work";
import { aesEncryptBlock, aesExpandKey } from "./aes128";
import { copyBlock, xorBlock, zeroBlock } from "./block";
import { DRBG_KEY, DRBG_ROUND_KEYS, DRBG_SEEDED, DRBG_TEMP, DRBG_V } from "../ram";

/** V = (V + 1) mod 2^128, V read as a big-endian integer (§10.2.1.2 step 2.1, ctr_len = blocklen). */
function incrementV(): void {
  for (let at: usize = DRBG_V + 15; at >= DRBG_V; at--) {
    const byte = (<u32>load<u8>(at) + 1) & 0xff;
    store<u8>(at, byte);
    if (byte != 0) break;
  }
}

/**
 * CTR_DRBG_Update (§10.2.1.2): two blocks of keystream, XOR the provided data (32 bytes at
 * `provided`, or zeros when `hasProvided` is false), split into the new Key and V.
 */
function update(provided: usize, hasProvided: bool): void {
  for (let half: usize = 0; half < <usize>DRBG_SEED_BYTES; half += <usize>AES_BLOCK_BYTES) {
    incrementV();
    copyBlock(DRBG_TEMP + half, DRBG_V);
    aesEncryptBlock(DRBG_ROUND_KEYS, DRBG_TEMP + half);
  }
  if (hasProvided) {
    xorBlock(DRBG_TEMP, provided);
    xorBlock(DRBG_TEMP + <usize>AES_BLOCK_BYTES, provided + <usize>AES_BLOCK_BYTES);
  }
  copyBlock(DRBG_KEY, DRBG_TEMP);
  copyBlock(DRBG_V, DRBG_TEMP + <usize>AES_BLOCK_BYTES);
  zeroBlock(DRBG_TEMP);
  zeroBlock(DRBG_TEMP + <usize>AES_BLOCK_BYTES);
  aesExpandKey(DRBG_KEY, DRBG_ROUND_KEYS);
  countWork(WorkOp.AesBlock, 2);
  countWork(WorkOp.AesKeyExpansion, 1);
}

/**
 * CTR_DRBG_Instantiate_algorithm (§10.2.1.3.1) with seed_material = the 32 bytes at `entropy`
 * (no personalization): Key = 0^128, V = 0^128, then Update(seed_material).
 */
export function drbgInstantiate(entropy: usize): void {
  zeroBlock(DRBG_KEY);
  zeroBlock(DRBG_V);
  aesExpandKey(DRBG_KEY, DRBG_ROUND_KEYS);
  countWork(WorkOp.AesKeyExpansion, 1);
  update(entropy, true);
  store<u32>(DRBG_SEEDED, 1);
}

export function drbgSeeded(): bool {
  return load<u32>(DRBG_SEEDED) != 0;
}

/**
 * CTR_DRBG_Generate_algorithm (§10.2.1.5.1) of `len` bytes into `out`, without additional input:
 * encrypt V+1, V+2, ... and take the leftmost len bytes, then Update(0^seedlen) so that the state
 * that produced them is gone (backtracking resistance). The caller checks seeding and len.
 */
export function drbgGenerate(out: usize, len: u32): void {
  let produced: u32 = 0;
  while (produced < len) {
    incrementV();
    copyBlock(DRBG_TEMP, DRBG_V);
    aesEncryptBlock(DRBG_ROUND_KEYS, DRBG_TEMP);
    const take = min<u32>(len - produced, AES_BLOCK_BYTES);
    if (take == AES_BLOCK_BYTES) copyBlock(out + <usize>produced, DRBG_TEMP);
    else memory.copy(out + <usize>produced, DRBG_TEMP, take);
    produced += take;
  }
  countWork(WorkOp.AesBlock, (len + 15) >> 4);
  update(0, false);
}
