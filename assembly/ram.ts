/**
 * The firmware's private RAM map, inside abi.STATE_OFFSET .. +STATE_SIZE. The cold reset clears
 * all of [0, STATIC_BASE), so everything here starts as zero at every power-up.
 */
import { STATE_OFFSET, STATE_SIZE, CRYPTO_SLOT_COUNT, AES_ROUND_KEYS_BYTES, AES_BLOCK_BYTES } from "../firmware/abi";

/** One crypto-service key slot: round keys, CMAC subkeys K1 and K2, and a loaded flag. */
export const SLOT_ROUND_KEYS: usize = 0;
export const SLOT_K1: usize = SLOT_ROUND_KEYS + <usize>AES_ROUND_KEYS_BYTES;
export const SLOT_K2: usize = SLOT_K1 + <usize>AES_BLOCK_BYTES;
export const SLOT_LOADED: usize = SLOT_K2 + <usize>AES_BLOCK_BYTES;
/** 176 + 16 + 16 + 4 = 212 bytes, padded to 224 to keep slots 16-byte aligned. */
export const SLOT_BYTES: usize = 224;

export const SLOTS: usize = <usize>STATE_OFFSET;
export const SLOTS_END: usize = SLOTS + <usize>CRYPTO_SLOT_COUNT * SLOT_BYTES;

/** CTR_DRBG state (SP 800-90A §10.2.1.1): Key (16), V (16), Key's round keys (176), seeded flag. */
export const DRBG_KEY: usize = SLOTS_END;
export const DRBG_V: usize = DRBG_KEY + 16;
export const DRBG_ROUND_KEYS: usize = DRBG_V + 16;
export const DRBG_SEEDED: usize = DRBG_ROUND_KEYS + AES_ROUND_KEYS_BYTES;
/** Two blocks of keystream for CTR_DRBG_Update, and the provided data it XORs in. */
export const DRBG_TEMP: usize = DRBG_SEEDED + 16;
export const DRBG_END: usize = DRBG_TEMP + 32;

/** Working buffers of the crypto primitives: one AES block, and the 32-byte diversification input. */
export const WORK_BLOCK: usize = DRBG_END;
export const WORK_DIVERSIFY: usize = WORK_BLOCK + <usize>AES_BLOCK_BYTES;
export const WORK_END: usize = WORK_DIVERSIFY + 32;

/** End of the RAM map; boot() in a debug image traps if it outgrows abi.STATE_SIZE. */
export const RAM_MAP_END: usize = WORK_END;
export const RAM_MAP_FITS: bool = RAM_MAP_END <= <usize>(STATE_OFFSET + STATE_SIZE);
