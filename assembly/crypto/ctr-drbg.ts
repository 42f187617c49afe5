/**
 * The nonce generator: CTR_DRBG with AES-128 and no derivation function (NIST SP 800-90A Rev. 1
 * §10.2.1), seeded only through the HAL's entropy import. Its state lives in RAM, so it is seeded
 * anew at every power-up from seedlen = 32 bytes of entropy (Table 3: seedlen = outlen + keylen).
 * No personalization string or additional input is used. The reseed interval (2^48 requests,
 * Table 3) is never approached: a battery-less lock makes a handful of requests per power-up.
 *
 * Two shortcuts leave every output byte as the standard's algorithm gives it:
 * - Instantiate's Update runs from Key = 0^128, V = 0^128, so its keystream is a constant
 *   (INSTANTIATE_KEYSTREAM): seeding costs one key expansion and no AES block.
 * - The Update that ends a request for output sent in clear (the challenge nonce) is deferred to
 *   the start of the next request, and never done if the power fails first. The state it leaves
 *   behind reveals only that output, which the CHALLENGE already shows, and the state after the
 *   Update is a function of it: deferring takes away no backtracking resistance (§8.8). A request
 *   for a secret (a tenant secret, the service's nonce) updates at once, as §10.2.1.5.1 step 6 does.
 */
import { AES_BLOCK_BYTES, DRBG_SEED_BYTES, WorkOp } from "../../firmware/abi";
import { countWork } from "../work";
import { aesEncrypt, aesExpandKey } from "./aes128";
import { zeroBlock } from "./block";
import { DRBG_KEY, DRBG_ROUND_KEYS, DRBG_SEEDED, DRBG_TEMP, DRBG_UPDATE_PENDING, DRBG_V } from "../ram";

/**
 * AES-128(0^128, 0^127 ‖ 1) ‖ AES-128(0^128, 0^126 ‖ 10): the keystream of Update (§10.2.1.2
 * steps 2.1-2.3) with Key = 0^128 and V = 0^128, i.e. Instantiate's (§10.2.1.3.1 steps 3-5).
 * test/firmware/ctr-drbg.test.ts recomputes it.
 */
const INSTANTIATE_KEYSTREAM: usize = memory.data<u8>([
  0x58, 0xe2, 0xfc, 0xce, 0xfa, 0x7e, 0x30, 0x61, 0x36, 0x7f, 0x1d, 0x57, 0xa4, 0xe7, 0x45, 0x5a,
  0x03, 0x88, 0xda, 0xce, 0x60, 0xb6, 0xa3, 0x92, 0xf3, 0x28, 0xc2, 0xb9, 0x71, 0xb2, 0xfe, 0x78,
], 8);

/** V = (V + 1) mod 2^128, V read as a big-endian integer (§10.2.1.2 step 2.1, ctr_len = blocklen). */
function incrementV(): void {
  for (let at: usize = DRBG_V + 15; at >= DRBG_V; at--) {
    const byte = (<u32>load<u8>(at) + 1) & 0xff;
    store<u8>(at, byte);
    if (byte != 0) break;
  }
}

/**
 * CTR_DRBG_Update (§10.2.1.2) with provided_data = 0^seedlen: Key = AES(Key, V + 1), then
 * V = AES(Key, V + 2), each block encrypted into where it is kept (Key and V are adjacent); then
 * Key's round keys.
 */
function update(): void {
  for (let at = DRBG_KEY; at <= DRBG_V; at += <usize>AES_BLOCK_BYTES) {
    incrementV();
    aesEncrypt(DRBG_ROUND_KEYS, DRBG_V, at);
  }
  aesExpandKey(DRBG_KEY, DRBG_ROUND_KEYS);
  store<u32>(DRBG_UPDATE_PENDING, 0);
  countWork(WorkOp.AesBlock, 2);
  countWork(WorkOp.AesKeyExpansion, 1);
}

/**
 * CTR_DRBG_Instantiate_algorithm (§10.2.1.3.1) with seed_material = the 32 bytes at `entropy`
 * (no personalization): Key = 0^128, V = 0^128, then Update(seed_material), which is
 * Key ‖ V = INSTANTIATE_KEYSTREAM XOR seed_material (Key and V are adjacent).
 */
export function drbgInstantiate(entropy: usize): void {
  if (DRBG_V != DRBG_KEY + <usize>AES_BLOCK_BYTES || DRBG_SEED_BYTES != 2 * AES_BLOCK_BYTES) ERROR("CTR_DRBG expects V right after Key, 16 bytes each");
  for (let at: usize = 0; at < <usize>DRBG_SEED_BYTES; at += 8) {
    store<u64>(DRBG_KEY + at, load<u64>(INSTANTIATE_KEYSTREAM + at) ^ load<u64>(entropy + at));
  }
  aesExpandKey(DRBG_KEY, DRBG_ROUND_KEYS);
  countWork(WorkOp.AesKeyExpansion, 1);
  store<u32>(DRBG_UPDATE_PENDING, 0);
  store<u32>(DRBG_SEEDED, 1);
}

export function drbgSeeded(): bool {
  return load<u32>(DRBG_SEEDED) != 0;
}

/**
 * CTR_DRBG_Generate_algorithm (§10.2.1.5.1) steps 4-5, after the Update a previous request left
 * pending: encrypt V+1, V+2, ... and take the leftmost len bytes into `out`.
 */
function generateBlocks(out: usize, len: u32): void {
  if (load<u32>(DRBG_UPDATE_PENDING) != 0) update();
  for (let produced: u32 = 0; produced < len; produced += <u32>AES_BLOCK_BYTES) {
    incrementV();
    const at = out + <usize>produced;
    const whole = len - produced >= <u32>AES_BLOCK_BYTES;
    aesEncrypt(DRBG_ROUND_KEYS, DRBG_V, whole ? at : DRBG_TEMP);
    if (!whole) {
      memory.copy(at, DRBG_TEMP, len - produced);
      zeroBlock(DRBG_TEMP);
    }
  }
  countWork(WorkOp.AesBlock, (len + 15) >> 4);
}

/**
 * `len` bytes into `out`, then Update(0^seedlen) at once so that the state that produced them is
 * gone (backtracking resistance, §8.8). For output that must stay secret. The caller checks
 * seeding and len.
 */
export function drbgGenerate(out: usize, len: u32): void {
  generateBlocks(out, len);
  update();
}

/**
 * `len` bytes into `out` for output that is sent in clear (the challenge nonce): the Update is left
 * to the next request (see the file's comment). The caller checks seeding and len.
 */
export function drbgGeneratePublic(out: usize, len: u32): void {
  generateBlocks(out, len);
  store<u32>(DRBG_UPDATE_PENDING, 1);
}
