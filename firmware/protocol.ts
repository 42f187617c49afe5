/**
 * The wire format of docs/PROTOCOL.md as constants: frame types, lengths and field offsets. Like
 * abi.ts, compiled by both asc (the firmware) and tsc (the key side and the reference lock), so
 * each layout is declared once. Offsets are in bytes from the start of the frame (type byte
 * included); integers are little-endian.
 */

export const PROTOCOL_VERSION = 1;
/** Longest application frame: frame + PCB + CRC_A fits an ISO/IEC 14443-4 FSC of 256 (§5). */
export const FRAME_MAX_BYTES = 250;
/** MAC8: the first 8 bytes of AES-CMAC (§1). */
export const MAC_BYTES = 8;
export const NONCE_BYTES = 16;
export const KEY_NONCE_BYTES = 8;
/** Minutes in a day: `day = floor(minutes / 1440)` (§3). */
export const MINUTES_PER_DAY = 1440;

export enum FrameType {
  Hello = 0x01,
  Delta = 0x02,
  Auth = 0x03,
  Command = 0x04,
  Challenge = 0x81,
  DeltaAck = 0x82,
  Result = 0x83,
  CommandResult = 0x84,
  Error = 0xbf,
}

/** HELLO, key -> lock (§7.2). */
export const HELLO_BYTES = 15;
export const HELLO_VERSION = 1;
export const HELLO_KEY_ID = 2;
export const HELLO_KEY_NONCE = 6;
export const HELLO_FLAGS = 14;

/** CHALLENGE, lock -> key (§7.3). */
export const CHALLENGE_BYTES = 28;
export const CHALLENGE_VERSION = 1;
export const CHALLENGE_LOCK_ID = 2;
export const CHALLENGE_NONCE = 6;
export const CHALLENGE_MARK_DAY = 22;
export const CHALLENGE_BLOCKLIST_VERSION = 24;

/** The credential (§6), at its own offset 0. */
export const CRED_VERSION = 0;
export const CRED_ROLE = 1;
export const CRED_KEY_ID = 2;
export const CRED_SITE_ID = 6;
export const CRED_DWELLING_ID = 8;
export const CRED_GENERATION = 10;
export const CRED_VALID_FROM = 12;
export const CRED_VALID_UNTIL = 16;
export const CRED_ISSUED_AT = 20;
export const CRED_FLAGS = 24;
export const CRED_GROUP_COUNT = 25;
export const CRED_GROUPS = 26;
export const CRED_GROUPS_MAX = 8;
/** `flags` bit 0: a phone key; bits 1-7 must be zero (§6). */
export const CREDENTIAL_FLAG_PHONE = 0x01;
/** Credential bytes: 26 + 2g + 8 (issuer MAC). */
export const CRED_FIXED_BYTES = 34;

/** Consent token (§6.2). */
export const CONSENT_BYTES = 26;
export const CONSENT_KEY_ID = 0;
export const CONSENT_LOCK_ID = 4;
export const CONSENT_VALID_FROM = 8;
export const CONSENT_VALID_UNTIL = 12;
export const CONSENT_EPOCH = 16;
export const CONSENT_MAC = 18;

/** Time voucher (§7.5). */
export const VOUCHER_BYTES = 14;
export const VOUCHER_DAY = 0;
export const VOUCHER_LOCK_ID = 2;
export const VOUCHER_MAC = 6;

/** AUTH, key -> lock (§7.4): type, parts, credential, optional parts, key MAC. */
export const AUTH_PARTS = 1;
export const AUTH_CREDENTIAL = 2;
export const AUTH_PART_TENANT_PROOF = 1;
export const AUTH_PART_CONSENT = 2;
export const AUTH_PART_VOUCHER = 4;

/** RESULT, lock -> key (§7.7). */
export const RESULT_DECISION = 1;
export const RESULT_REASON = 2;
export const RESULT_MARK_DAY = 3;
export const RESULT_NOTICES = 5;
export const RESULT_PARTS = 6;
export const RESULT_FIXED_BYTES = 14;
export const NOTICE_TENANT_SECRET = 1;
export const NOTICE_VOUCHER = 2;
export const NOTICE_CHANGE_DAY = 4;
export const NOTICE_EMERGENCY = 8;
/** Emergency notice (§9.3): count u32, acknowledged u32, newest record (day u16, minute u16, keyId u32). */
export const EMERGENCY_NOTICE_BYTES = 16;
/** Enclosed tenant secret: E (16) ‖ MAC8 (§7.8). */
export const ENCLOSED_SECRET_BYTES = 24;

/** DELTA, key -> lock (§8). */
export const DELTA_SITE_ID = 1;
export const DELTA_FROM_VERSION = 3;
export const DELTA_COUNT = 7;
export const DELTA_ENTRIES = 8;
export const DELTA_ENTRY_BYTES = 7;
export const DELTA_ENTRIES_MAX = 16;
export const DELTA_OP_ADD = 1;
export const DELTA_OP_REMOVE = 2;
/** DELTA frame bytes: 16 + 7n. */
export const DELTA_FIXED_BYTES = 16;
export const DELTA_ACK_BYTES = 6;

/** Tenant commands (§9.2). */
export enum Command {
  Enrol = 1,
  Rotate = 2,
  RaiseConsentEpoch = 3,
  AckEmergency = 4,
  /** argument 1: the log on; 0: off (§9.4). */
  LogSwitch = 5,
  /** argument 1: an incident hold on the log (no purge); 0: the hold cleared (§9.4). */
  LogHold = 6,
  /** argument: from u16 ‖ why u8 ‖ 0: the log's visible entries from index `from` (§9.4). */
  LogRead = 7,
  /** The attestation (§9.5). argument 0. */
  Attest = 8,
  /** Any key whose key MAC held: its own openings (§9.4), MACed under K_key. argument as LogRead. */
  LogReadOwn = 9,
}
/** The highest command code (§9.2). */
export const COMMAND_MAX = 9;
export const COMMAND_BYTES = 14;
export const COMMAND_CODE = 1;
export const COMMAND_ARGUMENT = 2;
export const COMMAND_MAC = 6;
export const COMMAND_RESULT_REASON = 1;
export const COMMAND_RESULT_VALUE = 2;
export const COMMAND_RESULT_PARTS = 6;
export const COMMAND_RESULT_FIXED_BYTES = 14;
/** Keys waiting for enrolment at a private lock (§9.2). */
export const ENROLMENT_PLACES = 4;
/** The consent epoch stays here once reached (§9.2). */
export const CONSENT_EPOCH_MAX = 65535;

/**
 * The access log (§9.4, docs/STORAGE.md "Access log"). An entry: keyId u32 ‖ day u16 ‖ word u16,
 * where word = minute of day (bits 0-10) | code << 11 (bits 11-15). Codes 0..REASON_COUNT-1 are the
 * decision's reason (0: granted); a read-out takes two entries, LOG_CODE_READOUT then LOG_CODE_READOUT_DETAIL.
 */
export const LOG_ENTRY_BYTES = 8;
export const LOG_CODE_SHIFT = 11;
export const LOG_MINUTE_MASK = 0x7ff;
/** A read-out: keyId = the reader, day and minute of the read-out. */
export const LOG_CODE_READOUT = 31;
/** Follows LOG_CODE_READOUT, same day and minute: in place of the keyId, entries found u16 ‖ why u8 ‖ 0. */
export const LOG_CODE_READOUT_DETAIL = 30;
/** Entries in one log page (docs/STORAGE.md): header u32 ‖ 7 entries ‖ CRC-32 = 64 bytes. */
export const LOG_PAGE_ENTRIES = 7;
/** One copy of a log page, the size of the write that appends an entry (§7.10). */
export const WRITE_LOG_PAGE_BYTES = 64;
/** R-PRV-4: entries older than this many days by the time mark are purged, unless a hold is set. */
export const LOG_RETENTION_DAYS = 28;
/** Entries one LOG_READ or LOG_READ_OWN returns at most (§9.4). */
export const LOG_READ_ENTRIES_MAX = 16;
/** LOG_READ's argument: bits 0-15 from, bits 16-23 why, bits 24-31 zero. */
export const LOG_READ_WHY_SHIFT = 16;
/** `why` of a read-out (§9.4): 0 the key's own openings, 1 the tenant's review, 2 an incident, 3 a request by the police. */
export const LOG_WHY_MAX = 3;
/** State's log flags (docs/STORAGE.md): bit 0 the log is on, bit 1 an incident hold. */
export const LOG_FLAG_ON = 1;
export const LOG_FLAG_HOLD = 2;
/** A wear-levelled counter cell: value u32 ‖ its complement u32 (§9.5). */
export const WRITE_COUNTER_CELL_BYTES = 8;
/** Attestation (§9.5): measurement 32 ‖ features u8 ‖ log flags u8 ‖ log entries u16 ‖ failed MACs u32 ‖ emergency count u32 ‖ acknowledged u32 ‖ MAC8. */
export const ATTESTATION_BYTES = 56;
export const ATT_MEASUREMENT = 0;
export const ATT_FEATURES = 32;
export const ATT_LOG_FLAGS = 33;
export const ATT_LOG_ENTRIES = 34;
export const ATT_FAILED_MACS = 36;
export const ATT_EMERGENCY_COUNT = 40;
export const ATT_EMERGENCY_ACKED = 44;
export const ATT_MAC = 48;

/** ERROR, lock -> key: type and reason. */
export const ERROR_BYTES = 2;

/** Factory provisioning record (§9.1). */
export const PROVISION_BYTES = 120;
export const PROV_VERSION = 0;
export const PROV_SITE_ID = 1;
export const PROV_LOCK_ID = 3;
export const PROV_PRIVATE_DWELLING = 7;
export const PROV_GROUP_COUNT = 9;
export const PROV_GROUPS = 10;
export const PROV_K_ISS = 26;
export const PROV_K_KM = 42;
export const PROV_K_PROG = 58;
export const PROV_K_TIME = 74;
export const PROV_MARK_DAY = 90;
export const PROV_BLOCKLIST_CAPACITY = 92;
export const PROV_GENERATION_CAPACITY = 94;
export const PROV_TIME_STEP_DAYS = 96;
/** u16, uJ: one release of the actuator, with the MCU awake through it and the RESULT it sends (§7.10). */
export const PROV_RELEASE_UJ = 98;
/** u16, uJ: one NVM page erased and programmed, with the MCU awake through it (§7.10). */
export const PROV_PAGE_WRITE_UJ = 100;
/** u8: log2 of the NVM page size in bytes, 0..6: the layout owns pages of at most 64 bytes (STORAGE.md). */
export const PROV_PAGE_SHIFT = 102;
export const PAGE_SHIFT_MAX = 6;
/** u8: pages of LOG_PAGE_ENTRIES entries in the log's ring; 0: no log (STORAGE.md). */
export const PROV_LOG_PAGES = 103;
/**
 * The relay bound (§7.6 step 5a): the longest wait, in us, the lock accepts from its last answer
 * (CHALLENGE or DELTA_ACK) ready to the AUTH in hand, as base + n x perByte for an AUTH of n bytes;
 * one pair for contact keys, one for phone keys (the credential's phone flag). u32 each; base 0: no bound.
 */
export const PROV_RELAY_CONTACT_BASE_US = 104;
export const PROV_RELAY_CONTACT_PER_BYTE_NS = 108;
export const PROV_RELAY_PHONE_BASE_US = 112;
export const PROV_RELAY_PHONE_PER_BYTE_NS = 116;

/**
 * The energy rule (§7.10) prices each NVM write a commit makes by its size: a write of n bytes
 * costs ceil(n / page) + 1 page writes (the + 1: it may straddle a page boundary). The sizes of the
 * writes, in bytes (docs/STORAGE.md):
 */
/** One slot of the state journal: seq u32, the 96-byte state, CRC-32. */
export const WRITE_STATE_BYTES = 104;
/** T_auth's ready schedule: 11 round keys and the two CMAC subkeys, 13 x 16 bytes. */
export const WRITE_TENANT_SCHEDULE_BYTES = 208;
/** An emergency detail: day u16, minute of day u16, keyId u32. */
export const WRITE_EMERGENCY_BYTES = 8;
/** A generation-table entry: dwellingId u16, generation u16, day u16. */
export const WRITE_GENERATION_ENTRY_BYTES = 6;
/** A change of the generation table copies the table into the other area in writes of at most this many entries. */
export const GENERATION_MOVE_ENTRIES = 16;
/** A staged delta (docs/STORAGE.md, "Blocklist"): toVersion u32, count u8, 3 zero bytes, 16 entries of 7 bytes, CRC-32. */
export const WRITE_STAGED_DELTA_BYTES = 124;
/** A blocklist entry in NVM: keyId u32, retireDay u16. */
export const WRITE_BLOCKLIST_ENTRY_BYTES = 6;
/** A merge step writes the merged list into the other area in writes of at most this many entries (96 bytes). */
export const BLOCKLIST_MOVE_ENTRIES = 16;
/** Deltas the lock holds staged at once (§8): a further one is refused with DeltaBusy until a merge commits. */
export const STAGED_DELTAS_MAX = 4;
/** Staged deltas one merge takes in at most: their entries, combined, fill the firmware's 288-byte MAC input buffer (48 of 6 bytes). */
export const MERGE_DELTAS_MAX = 3;
/**
 * Days after a tenant change during which the previous generation's keys, refused with
 * TenantChanged, still see unacknowledged emergency openings (§9.3; DESIGN.md: at least 28 days).
 */
export const PREVIOUS_TENANT_NOTICE_DAYS = 28;
/** Emergency openings with a detail slot; later ones are counted only (R-EMG-2). */
export const EMERGENCY_DETAIL_SLOTS = 8;
export const LOCK_GROUPS_MAX = 8;
export const GENERATION_CAPACITY_MAX = 1024;
export const TIME_STEP_DAYS_MAX = 366;

/**
 * MAC and derivation labels (§4, §6, §7): three ASCII bytes each, as a little-endian u32 of which
 * the low 3 bytes are written (so both compilers share them without a string).
 */
export const LABEL_ISS = 0x535349; // "ISS"
export const LABEL_KEY = 0x59454b; // "KEY"
export const LABEL_PRG = 0x475250; // "PRG"
export const LABEL_TIM = 0x4d4954; // "TIM"
export const LABEL_TAU = 0x554154; // "TAU"
export const LABEL_TCO = 0x4f4354; // "TCO"
export const LABEL_TAT = 0x544154; // "TAT"
export const LABEL_CRD = 0x445243; // "CRD"
export const LABEL_AUT = 0x545541; // "AUT"
export const LABEL_RES = 0x534552; // "RES"
export const LABEL_TEN = 0x4e4554; // "TEN"
export const LABEL_TSK = 0x4b5354; // "TSK"
export const LABEL_CNS = 0x534e43; // "CNS"
export const LABEL_DLT = 0x544c44; // "DLT"
export const LABEL_CMD = 0x444d43; // "CMD"
export const LABEL_CRS = 0x535243; // "CRS"
export const LABEL_ATT = 0x545441; // "ATT"
/** Single-letter label of K_key's diversification input: "K". */
export const LABEL_K = 0x4b;
