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
/** u32: 1 while the Update after a request for public output is deferred (crypto/ctr-drbg.ts). */
export const DRBG_UPDATE_PENDING: usize = DRBG_SEEDED + 4;
/** A last, partial block of output (the first 16 bytes; 32 are reserved). */
export const DRBG_TEMP: usize = DRBG_SEEDED + 16;
export const DRBG_END: usize = DRBG_TEMP + 32;

/** Working buffers of the crypto primitives: one AES block, and the 32-byte diversification input. */
export const WORK_BLOCK: usize = DRBG_END;
export const WORK_DIVERSIFY: usize = WORK_BLOCK + <usize>AES_BLOCK_BYTES;
export const WORK_END: usize = WORK_DIVERSIFY + 32;

/**
 * A key schedule: round keys (176), CMAC subkeys K1 and K2 (16 each). Schedules of the lock's own
 * keys are kept ready in NVM and read in; the session's key (K_key) is derived per session.
 */
export const SCHED_ROUND_KEYS: usize = 0;
export const SCHED_K1: usize = 176;
export const SCHED_K2: usize = 192;
export const SCHED_BYTES: usize = 208;

/** The session's key K_key, and one schedule of the lock's own keys loaded from NVM as needed. */
export const SCHED_SESSION: usize = WORK_END;
export const SCHED_LOADED: usize = SCHED_SESSION + SCHED_BYTES;

/** Session state (RAM: lost at every power-up, as the protocol expects). */
export const SESSION_PHASE: usize = SCHED_LOADED + SCHED_BYTES; // u32: SessionPhase
export const SESSION_KEY_ID: usize = SESSION_PHASE + 4; // u32
export const SESSION_KEY_NONCE: usize = SESSION_KEY_ID + 4; // 8 bytes
export const SESSION_LOCK_NONCE: usize = SESSION_KEY_NONCE + 8; // 16 bytes
export const SESSION_KEY_FLAGS: usize = SESSION_LOCK_NONCE + 16; // u32
/** 1 once this session's grant came with a valid tenant proof: tenant commands are allowed (§9.2). */
export const SESSION_TENANT_PROVEN: usize = SESSION_KEY_FLAGS + 4; // u32
/** The time mark as stored, before the decision's step 5 moved the one in the state cache (§7.10). */
export const SESSION_STORED_MARK: usize = SESSION_TENANT_PROVEN + 4; // u32
/** 1 once this session's key MAC held (§7.6 step 4): the key may read its own log entries (§9.4). */
export const SESSION_KEY_PROVEN: usize = SESSION_STORED_MARK + 4; // u32
/** 1 once this session recorded its read-out of the log (§9.4: one record per session). */
export const SESSION_READOUT_DONE: usize = SESSION_KEY_PROVEN + 4; // u32
/** 1 once this power-up counted a failed MAC (§9.5: at most once per insertion); kept across sessions. */
export const FAILED_MAC_COUNTED: usize = SESSION_READOUT_DONE + 4; // u32
/** The number the log's next entry gets, once LOG_NEXT_KNOWN is 1 (found by a scan of the ring, store/log.ts). */
export const LOG_NEXT: usize = FAILED_MAC_COUNTED + 4; // u32
export const LOG_NEXT_KNOWN: usize = LOG_NEXT + 4; // u32
/** The session's time t in minutes (§7.6 step 5), for its log entry. */
export const SESSION_MINUTES: usize = LOG_NEXT_KNOWN + 4; // u32
/** The page writes of this decision's log entry (§7.10), 0 when it is not logged: set once the key MAC held. */
export const SESSION_LOG_PAGES: usize = SESSION_MINUTES + 4; // u32
/** Set by a scan of the log (store/log.ts logCollect): the number of its first retained entry. */
export const LOG_FIRST_RETAINED: usize = SESSION_LOG_PAGES + 4; // u32
/** The powered timer when the lock's last answer in CHALLENGED (CHALLENGE, DELTA_ACK) was ready, us (§7.6 step 5a). */
export const SESSION_ANSWERED_US: usize = LOG_FIRST_RETAINED + 4; // u32
/** The powered timer when AUTH arrived, us. */
export const SESSION_AUTH_US: usize = SESSION_ANSWERED_US + 4; // u32
export const SESSION_END: usize = SESSION_AUTH_US + 4;

/** The provisioning record and, 128 bytes on, the magic word: NVM 0x0000..0x0084 in one read. */
export const CONFIG_CACHE: usize = SESSION_END;
export const CONFIG_MAGIC: usize = CONFIG_CACHE + 0x80;
/**
 * The state journal's newest slot in RAM (docs/STORAGE.md): its seq (u32), which slot it is (u32),
 * then the state's 96 bytes. Written back whole, into the other slot, when it changes.
 */
export const STATE_SEQ: usize = CONFIG_MAGIC + 4;
export const STATE_NEWEST_SLOT: usize = STATE_SEQ + 4;
export const STATE_CACHE: usize = STATE_NEWEST_SLOT + 4;
export const STATE_CACHE_BYTES: usize = 96;
/** The state as last committed: saveState puts it back into STATE_CACHE when a write fails. */
export const STATE_COMMITTED: usize = STATE_CACHE + STATE_CACHE_BYTES;
/** A state slot being assembled for its write (104 bytes). */
export const STATE_SLOT_OUT: usize = STATE_COMMITTED + STATE_CACHE_BYTES;
export const STATE_SLOT_OUT_BYTES: usize = 104;

/**
 * Where MAC inputs are assembled: a label, ids, nonces and up to a whole frame (250 bytes). The
 * state journal's two slots are read here at HELLO, before any MAC.
 */
export const MAC_INPUT: usize = STATE_SLOT_OUT + STATE_SLOT_OUT_BYTES;
export const MAC_INPUT_BYTES: usize = 288;
/** One MAC8 result (a full CMAC block), and scratch for derivation inputs and secrets. */
export const MAC_OUT: usize = MAC_INPUT + MAC_INPUT_BYTES;
export const DERIVE_INPUT: usize = MAC_OUT + 16;
export const SECRET: usize = DERIVE_INPUT + 32;
/** A tenant secret being drawn and enclosed (16 bytes). */
export const TENANT_SECRET: usize = SECRET + 16;
/** A chunk of blocklist or generation entries being merged; then 112 bytes more for the log's buffers (LOG_PAIR). */
export const MERGE_BUFFER: usize = TENANT_SECRET + 16;
export const MERGE_BUFFER_BYTES: usize = 96;
export const LOG_SPARE: usize = MERGE_BUFFER + MERGE_BUFFER_BYTES;
/** Work counted since the last report, u32 per WorkOp (work.ts). */
export const WORK_COUNTS: usize = LOG_SPARE + 112;
export const PROTOCOL_END: usize = WORK_COUNTS + 16;

/**
 * A merge step (store/merge.ts) combines the staged deltas it takes in (up to 3 x 16 entries of
 * keyId u32, retireDay u16: 288 bytes) in MAC_INPUT, and reads the active list into the loaded
 * schedule's place (34 entries of 208 bytes), where it first reads each staged delta. It runs at an
 * AUTH after both MACs and the voucher's, before the lookup: neither buffer is needed again until
 * the answer, which loads its schedules anew; the session key's schedule stays untouched.
 */
export const MERGE_UNION: usize = MAC_INPUT;
export const MERGE_UNION_BYTES: usize = MAC_INPUT_BYTES;
export const MERGE_WINDOW: usize = SCHED_LOADED;
export const MERGE_WINDOW_BYTES: usize = SCHED_BYTES;

/**
 * One pair of log page copies as read (128 bytes), then the page being written (64 bytes), over
 * MERGE_BUFFER and LOG_SPARE (208 bytes): the log is read and written only at a private lock
 * after the blocklist lookup, or in a COMMAND, never during a merge. The failed-MAC counter's
 * cells are read here too (before the lookup).
 */
export const LOG_PAIR: usize = MERGE_BUFFER;
export const LOG_PAGE_OUT: usize = LOG_PAIR + 128;
export const LOG_BUFFERS_FIT: bool = LOG_PAGE_OUT + 64 <= WORK_COUNTS;

/** End of the RAM map; boot() in a debug image traps if it outgrows abi.STATE_SIZE. */
export const RAM_MAP_END: usize = PROTOCOL_END;
export const RAM_MAP_FITS: bool = RAM_MAP_END <= <usize>(STATE_OFFSET + STATE_SIZE) && LOG_BUFFERS_FIT;
