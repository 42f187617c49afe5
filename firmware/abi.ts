/**
 * The firmware's ABI: the one declaration of everything that crosses the boundary between the
 * lock's firmware (AssemblyScript, compiled by asc) and the host (TypeScript, compiled by tsc).
 *
 * This file is compiled by both compilers, so it holds only what both understand: integer
 * constants, enums, and functions returning string lists. It imports nothing. String tables are
 * returned by functions because asc compiles a function only where it is called (the firmware
 * never calls them), whereas a top-level array or string would become a data segment in the image.
 *
 * Only numbers cross the boundary: integers, and (offset, length) pairs into linear memory.
 * `docs/ARCHITECTURE.md` explains the memory map and the HAL.
 */

/** Bumped on every change to this file that changes what crosses the boundary. */
export const ABI_VERSION = 3;

// ---------------------------------------------------------------------------------------------
// Memory map (byte offsets into the image's single 64 KiB linear-memory page).
//
// Like an MCU's linker script: fixed regions that both sides address directly. The low region
// [0, STATIC_BASE) is RAM: the cold reset clears every byte of it. Constant tables (the AES
// tables) are placed from STATIC_BASE by asc's --memoryBase and are never written.
// ---------------------------------------------------------------------------------------------

/** [0, 0x40): never used, so that a stray zero offset reads and writes nothing of value. */
export const NULL_GUARD_SIZE = 0x40;

/** Frame received from the key (key -> lock), written by the host. 256 bytes: ISO/IEC 14443-4 FSD max. */
export const RX_OFFSET = 0x0040;
export const RX_SIZE = 0x100;

/** Frame to send to the key (lock -> key), written by the firmware. */
export const TX_OFFSET = 0x0140;
export const TX_SIZE = 0x100;

/** Arguments and results of the crypto service exports (keys, messages, tags), host-writable. */
export const SCRATCH_OFFSET = 0x0240;
export const SCRATCH_SIZE = 0x100;

/** The window the host may pass offsets into: RX, TX and scratch, contiguous. */
export const HOST_WINDOW_OFFSET = 0x0040;
export const HOST_WINDOW_END = 0x0340;

/** The firmware's private RAM: key slots, the nonce generator, session state. Host never writes it. */
export const STATE_OFFSET = 0x0340;
export const STATE_SIZE = 0x0AC0;

/** First byte of constant data (asc --memoryBase): the AES tables (2 KiB). RAM ends here. */
export const STATIC_BASE = 0x0E00;

/**
 * Highest linear-memory offset the image may use, constants included: 8 KiB, the SRAM of a small
 * Cortex-M0+ such as the STM32L031 (DS10668). On silicon the constants would sit in flash; counting
 * them here keeps the whole image within what the smallest target could hold in RAM. A test checks
 * the built images.
 */
export const RAM_BUDGET_BYTES = 0x2000;

/** Linear memory is one 64 KiB WASM page, initial and maximum: the image cannot grow it. */
export const MEMORY_PAGES = 1;

// ---------------------------------------------------------------------------------------------
// Crypto sizes (AES-128, FIPS-197; AES-CMAC, RFC 4493; diversification, NXP AN10922).
// ---------------------------------------------------------------------------------------------

/** AES block and AES-128 key: 16 bytes (FIPS-197 §3.1, Nk = 4). */
export const AES_BLOCK_BYTES = 16;
export const AES_KEY_BYTES = 16;
/** Expanded AES-128 key: 11 round keys of 16 bytes (FIPS-197 §5.2, Nb(Nr + 1) = 44 words). */
export const AES_ROUND_KEYS_BYTES = 176;
/** Diversification input M: 1 to 31 bytes (AN10922 §2.2: D = 0x01 || M is at most 32 bytes). */
export const DIVERSIFY_INPUT_MAX_BYTES = 31;
/** SHA-256 measurement of the image, written by the boot ROM: 32 bytes. */
export const MEASUREMENT_BYTES = 32;
/** CTR_DRBG (AES-128, no derivation function) seed length: key 16 + V 16 (SP 800-90A Table 3). */
export const DRBG_SEED_BYTES = 32;
/** Largest single request to the nonce generator, in bytes (fits the scratch region). */
export const NONCE_REQUEST_MAX_BYTES = 256;

/** Key slots of the crypto service: each holds round keys and CMAC subkeys for a loaded key. */
export const CRYPTO_SLOT_COUNT = 4;

// ---------------------------------------------------------------------------------------------
// Enums.
// ---------------------------------------------------------------------------------------------

/** Result of an export that takes input from the host. Anything but Ok changed nothing. */
export enum Status {
  Ok = 0,
  /** An (offset, length) pair reaches outside the region the export reads or writes. */
  BadRange = 1,
  /** A length is outside what the operation accepts (e.g. diversification input of 0 or > 31 bytes). */
  BadLength = 2,
  /** A key-slot index is >= CRYPTO_SLOT_COUNT. */
  BadSlot = 3,
  /** The slot was never loaded since the last cold reset. */
  SlotEmpty = 4,
  /** The nonce generator was not seeded since the last cold reset (call boot()). */
  NotSeeded = 5,
  /** A HAL call failed (entropy source, NVM); the operation was abandoned before any change. */
  HalFailure = 6,
}

/** Result of a HAL call, returned by the host. */
export enum HalStatus {
  Ok = 0,
  /** An NVM address range or a linear-memory range outside the device. */
  OutOfRange = 1,
  /** The supply fell below brown-out during the call: the caller must assume nothing was done. */
  PowerLost = 2,
  /** The peripheral refused (e.g. the entropy source is exhausted or disabled). */
  Unavailable = 3,
}

/** Work the firmware reports through hal.work(op, count); the profile gives cycles per op. */
export enum WorkOp {
  /** One AES-128 block encryption. */
  AesBlock = 0,
  /** One AES-128 key expansion (11 round keys). */
  AesKeyExpansion = 1,
  /** Firmware start-up to the first useful instruction (RAM clear, stack, clocks). */
  Boot = 2,
  /** Bytes handled outside AES (copying, XOR, parsing), counted in units of one byte. */
  ByteOp = 3,
}
export const WORK_OP_COUNT = 4;

/** Events the firmware emits through hal.trace(event, arg); they become trace-file spans. */
export enum TraceEvent {
  /** boot() began; arg = ABI version. */
  Boot = 0,
  /** The nonce generator was seeded; arg = seed bytes drawn. */
  DrbgSeeded = 1,
  /** A nonce was drawn; arg = bytes. */
  NonceDrawn = 2,
  /** A crypto-service slot was loaded; arg = slot. */
  SlotLoaded = 3,
  /** A frame arrived; arg = its type. */
  FrameIn = 4,
  /** A decision was made; arg = reason (0: granted). */
  Decision = 5,
  /** A tenant change was recorded; arg = the new generation. */
  TenantChange = 6,
  /** An emergency opening was recorded; arg = the emergency count. */
  EmergencyRecorded = 7,
}

/** Bits of buildFeatures(): what the image was compiled with. */
export enum Feature {
  /** The access log is compiled into the image (absent from release-nolog). */
  Log = 1,
  /** The image was built with assertions and debug info (the debug variant). */
  Debug = 2,
}

/** Why a lock refused (or 0: granted / accepted). docs/PROTOCOL.md §10 says when each applies. */
export enum Reason {
  Ok = 0,
  Malformed = 1,
  UnsupportedVersion = 2,
  UnexpectedFrame = 3,
  NotProvisioned = 4,
  KeyMismatch = 5,
  WrongSite = 6,
  BadIssuerMac = 7,
  BadKeyMac = 8,
  Blocked = 9,
  RoleNotAllowed = 10,
  NoAccessGroup = 11,
  NotYetValid = 12,
  Expired = 13,
  TenantChanged = 14,
  NoTenantProof = 15,
  NoConsent = 16,
  ConsentWithdrawn = 17,
  ConsentExpired = 18,
  InsufficientEnergy = 19,
  DeltaStale = 20,
  DeltaGap = 21,
  DeltaBadMac = 22,
  BlocklistFull = 23,
  StorageFailure = 24,
  EnrolmentFull = 25,
  /** The lock keeps no log: an image without log code, a common lock, or no log pages provisioned (§9.4). */
  LogAbsent = 26,
  /** The AUTH came later than the relay bound for the key's type allows (§7.6 step 5a). */
  ResponseTooLate = 27,
  /** A delta the lock cannot stage yet: its staging holds STAGED_DELTAS_MAX deltas whose merge has not committed (§8). */
  DeltaBusy = 28,
}
export const REASON_COUNT = 29;

/** A credential's role (docs/PROTOCOL.md §6). */
export enum Role {
  Resident = 1,
  ExtraKey = 2,
  Contractor = 3,
  CareWorker = 4,
  Emergency = 5,
  Programming = 6,
}

/** actuator(command): what the lock asks of its motor or solenoid. */
export enum ActuatorCommand {
  /** Release the cylinder so the key can turn (an opening). */
  Release = 1,
}

// ---------------------------------------------------------------------------------------------
// Names (TypeScript side; asc never compiles these functions because the firmware never calls them).
// ---------------------------------------------------------------------------------------------

/** Module name of every HAL import. */
export function halModuleName(): string {
  return "hal";
}

/**
 * The HAL: the only functions the image may import, all from module "hal" (assembly/hal.ts), as
 * `name(params)->result` in WASM value types. An image imports the subset it uses; the host
 * provides them all. u32 values arrive in JS as signed i32: read them with `>>> 0`.
 *   entropy(dst, len) -> HalStatus          fill [dst, dst+len) with true-random bytes
 *   nvmRead(addr, dst, len) -> HalStatus    copy NVM [addr, addr+len) to memory [dst, dst+len)
 *   nvmWrite(addr, src, len) -> HalStatus   program NVM [addr, addr+len) from memory [src, src+len)
 *   actuator(command) -> HalStatus          ActuatorCommand
 *   trace(event, arg)                       TraceEvent
 *   timerUs() -> u32                        microseconds since power-on (runs only while powered)
 *   energyNj() -> u32                       energy available to the MCU now, in nanojoules
 *   measurement(dst)                        boot ROM's SHA-256 of the image into [dst, dst+32)
 *   work(op, count)                         WorkOp done, for the host's time and energy model
 */
export function halImportSignatures(): string[] {
  return [
    "entropy(i32,i32)->i32",
    "nvmRead(i32,i32,i32)->i32",
    "nvmWrite(i32,i32,i32)->i32",
    "actuator(i32)->i32",
    "trace(i32,i32)->none",
    "timerUs()->i32",
    "energyNj()->i32",
    "measurement(i32)->none",
    "work(i32,i32)->none",
  ];
}

/**
 * Every function the image exports (assembly/index.ts), besides its memory ("memory"), as
 * `name(params)->result`. Offsets given to these exports must lie in the RX, TX or scratch
 * region ([RX_OFFSET, STATE_OFFSET)); anything else is refused with Status.BadRange.
 *   abiVersion() -> u32                           ABI_VERSION the image was built with
 *   buildFeatures() -> u32                        Feature bits
 *   coldReset()                                   clear all RAM, as at power-up
 *   boot() -> Status                              power-up: cold reset, seed the nonce generator
 *   slotLoad(slot, keyOff) -> Status              expand the AES key at keyOff into a slot
 *   aesEncrypt(slot, inOff, outOff) -> Status     one AES-128 block (FIPS-197)
 *   cmac(slot, msgOff, len, outOff) -> Status     AES-CMAC tag (RFC 4493), 16 bytes
 *   diversify(slot, inOff, len, outOff) -> Status AN10922 AES-128 diversified key, 16 bytes
 *   nonce(outOff, len) -> Status                  bytes from the nonce generator (CTR_DRBG)
 *   provision(off, len) -> Reason                 factory provisioning record (PROTOCOL.md §9.1)
 *   receive(len) -> i32                           handle the frame of len bytes in RX; the answer
 *                                                 is in TX, its length returned (0: no answer)
 */
export function exportSignatures(): string[] {
  return [
    "abiVersion()->i32",
    "buildFeatures()->i32",
    "coldReset()->none",
    "boot()->i32",
    "slotLoad(i32,i32)->i32",
    "aesEncrypt(i32,i32,i32)->i32",
    "cmac(i32,i32,i32,i32)->i32",
    "diversify(i32,i32,i32,i32)->i32",
    "nonce(i32,i32)->i32",
    "provision(i32,i32)->i32",
    "receive(i32)->i32",
  ];
}

/** Build variants (asconfig.json targets); each becomes firmware/build/cylsim-<variant>.wasm. */
export function buildVariants(): string[] {
  return ["debug", "release", "release-nolog"];
}
