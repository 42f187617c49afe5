/**
 * The tenant's secret at a private lock (PROTOCOL.md §4.2, §7.8, §9.2): the proof a tenant key
 * gives, consent tokens, and the two phases of a new secret: drawn and enclosed for a key, it is
 * kept *pending* beside the current one and becomes current when a key first proves it.
 */
import { AES_BLOCK_BYTES } from "../../firmware/abi";
import { countWork } from "../work";
import {
  CONSENT_EPOCH, CONSENT_KEY_ID, CONSENT_LOCK_ID, CONSENT_MAC, CONSENT_VALID_FROM, CONSENT_VALID_UNTIL,
  LABEL_CNS, LABEL_TAT, LABEL_TAU, LABEL_TCO, LABEL_TEN, LABEL_TSK, NONCE_BYTES,
} from "../../firmware/protocol";
import { Reason } from "../../firmware/abi";
import { aesEncryptBlock } from "../crypto/aes128";
import { drbgGenerate } from "../crypto/ctr-drbg";
import { DERIVE_INPUT, MAC_INPUT, SCHED_BYTES, SCHED_LOADED, SCHED_ROUND_KEYS, SECRET, SESSION_LOCK_NONCE, STATE_CACHE, TENANT_SECRET, WORK_BLOCK } from "../ram";
import { lockId } from "../store/config";
import { nvmRead, nvmWrite } from "../store/nvm";
import {
  STATE_CONSENT_EPOCH, STATE_HAS_TENANT, STATE_PENDING_SECRET, STATE_SCHEDULE_SLOT, STATE_TENANT_FLAGS, STATE_TENANT_SECRET,
  TENANT_FLAG_PENDING, tenantScheduleAddress,
} from "../store/layout";
import { saveState, setStateU8, stateU16, stateU8 } from "../store/state";
import { enrolmentClear } from "../store/enrolment";
import { diversifyTo, mac8Matches, mac8To, putBytes, putLabel, scheduleFromKey } from "./mac";
import { WorkOp } from "../../firmware/abi";

/** T in the state, and the pending T beside it (docs/STORAGE.md, "The state journal"). */
const STORED_SECRET: usize = STATE_CACHE + STATE_TENANT_SECRET;
const PENDING_SECRET: usize = STATE_CACHE + STATE_PENDING_SECRET;

/** Which secret a tenant proof proved (tenantProofOf). */
export const PROVED_NONE: u32 = 0;
export const PROVED_CURRENT: u32 = 1;
export const PROVED_PENDING: u32 = 2;

/** Div(T, label ‖ lockId) into SECRET, with T's schedule built in SCHED_LOADED. */
function deriveFromTenantSecret(tenantSecret: usize, label: u32): void {
  scheduleFromKey(tenantSecret, SCHED_LOADED);
  const end = putLabel(DERIVE_INPUT, label);
  store<u32>(end, lockId());
  diversifyTo(SCHED_LOADED, DERIVE_INPUT, 7, SECRET);
}

/** The lock has a current T: a key proved a pending one, and no tenant change wiped it since (§4.2). */
export function hasCurrentTenantSecret(): bool {
  return stateU8(STATE_HAS_TENANT) != 0;
}

/** A pending T is kept (STATE_TENANT_FLAGS). */
export function hasPendingTenantSecret(): bool {
  return (stateU8(STATE_TENANT_FLAGS) & TENANT_FLAG_PENDING) != 0;
}

/** tenantProof = MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId) under the T_auth schedule ready in SCHED_LOADED. */
function proofMatches(keyId: u32, proof: usize): bool {
  let at = putLabel(MAC_INPUT, LABEL_TEN);
  at = putBytes(at, SESSION_LOCK_NONCE, <usize>NONCE_BYTES);
  store<u32>(at, keyId);
  return mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(at + 4 - MAC_INPUT), proof);
}

/**
 * Which T the tenant proof proves (§7.6 step 11): the current one (checked first), else the pending
 * one (§4.2: its first proof makes it current), else none. The proved secret's T_auth schedule is
 * left in SCHED_LOADED. An unreadable schedule proves nothing.
 */
export function tenantProofOf(keyId: u32, proof: usize): u32 {
  const currentSlot = stateU8(STATE_SCHEDULE_SLOT);
  if (hasCurrentTenantSecret() && nvmRead(tenantScheduleAddress(currentSlot), SCHED_LOADED, <u32>SCHED_BYTES) && proofMatches(keyId, proof)) return PROVED_CURRENT;
  if (hasPendingTenantSecret() && nvmRead(tenantScheduleAddress(1 - currentSlot), SCHED_LOADED, <u32>SCHED_BYTES) && proofMatches(keyId, proof)) return PROVED_PENDING;
  return PROVED_NONE;
}

/**
 * A consent token (§6.2) for `keyId` at this lock, MACed under T_cons of the current T or of the
 * pending one (§4.2: the tenant's key may make tokens before it first proves a new T): NoConsent,
 * ConsentWithdrawn, ConsentExpired or Ok, judged at `nowMinutes`.
 */
export function consentReason(token: usize, keyId: u32, nowMinutes: u32): Reason {
  if (load<u32>(token + <usize>CONSENT_KEY_ID) != keyId || load<u32>(token + <usize>CONSENT_LOCK_ID) != lockId()) return Reason.NoConsent;
  const made = (hasCurrentTenantSecret() && consentMacValid(STORED_SECRET, token)) || (hasPendingTenantSecret() && consentMacValid(PENDING_SECRET, token));
  if (!made) return Reason.NoConsent;
  if (<u32>load<u16>(token + <usize>CONSENT_EPOCH) != stateU16(STATE_CONSENT_EPOCH)) return Reason.ConsentWithdrawn;
  if (nowMinutes < load<u32>(token + <usize>CONSENT_VALID_FROM) || nowMinutes >= load<u32>(token + <usize>CONSENT_VALID_UNTIL)) return Reason.ConsentExpired;
  return Reason.Ok;
}

/** The token's MAC8(T_cons, "CNS" ‖ token[0, 22)), T_cons = Div(T, "TCO" ‖ lockId) of the secret at `tenantSecret`. */
function consentMacValid(tenantSecret: usize, token: usize): bool {
  deriveFromTenantSecret(tenantSecret, LABEL_TCO);
  scheduleFromKey(SECRET, SCHED_LOADED);
  let at = putLabel(MAC_INPUT, LABEL_CNS);
  at = putBytes(at, token, <usize>CONSENT_MAC);
  return mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(at - MAC_INPUT), token + <usize>CONSENT_MAC);
}

/** Draws a new tenant secret into TENANT_SECRET: the nonce generator's next 16 bytes. */
export function drawTenantSecret(): void {
  drbgGenerate(TENANT_SECRET, <u32>AES_BLOCK_BYTES);
}

/** Copies the current tenant secret into TENANT_SECRET (to enclose it for an enrolled key). */
export function readTenantSecret(): void {
  memory.copy(TENANT_SECRET, STORED_SECRET, <usize>AES_BLOCK_BYTES);
}

/**
 * Keeps the secret in TENANT_SECRET as the pending T (§4.2): T_auth's ready schedule (built in
 * SCHED_LOADED) is written into the schedule slot the state does not name, then T is put into the
 * state in RAM with its flag: the caller's saveState commits it (docs/STORAGE.md, "T_auth's
 * schedule"). A pending T already kept is first dropped by a commit of its own, so that no schedule
 * a committed state names is ever overwritten. False on NVM failure (what was committed stays).
 */
export function storePendingTenantSecret(): bool {
  if (hasPendingTenantSecret()) {
    dropPendingTenantSecret();
    if (!saveState()) return false;
  }
  deriveFromTenantSecret(TENANT_SECRET, LABEL_TAU);
  scheduleFromKey(SECRET, SCHED_LOADED);
  if (!nvmWrite(tenantScheduleAddress(1 - stateU8(STATE_SCHEDULE_SLOT)), SCHED_LOADED, <u32>SCHED_BYTES)) return false;
  memory.copy(PENDING_SECRET, TENANT_SECRET, <usize>AES_BLOCK_BYTES);
  setStateU8(STATE_TENANT_FLAGS, stateU8(STATE_TENANT_FLAGS) | TENANT_FLAG_PENDING);
  return true;
}

/** Forgets the pending T in RAM (the caller commits). */
function dropPendingTenantSecret(): void {
  memory.fill(PENDING_SECRET, 0, <usize>AES_BLOCK_BYTES);
  setStateU8(STATE_TENANT_FLAGS, stateU8(STATE_TENANT_FLAGS) & ~TENANT_FLAG_PENDING);
}

/**
 * The pending T becomes current in RAM (§4.2: a key proved it): T and its schedule slot are the
 * pending one's, the previous T is gone, and the enrolment list is emptied (§9.2: keys enrolled
 * under the previous T are enrolled again). The caller commits: the state's one write.
 */
export function makePendingTenantSecretCurrent(): void {
  memory.copy(STORED_SECRET, PENDING_SECRET, <usize>AES_BLOCK_BYTES);
  setStateU8(STATE_SCHEDULE_SLOT, 1 - stateU8(STATE_SCHEDULE_SLOT));
  setStateU8(STATE_HAS_TENANT, 1);
  dropPendingTenantSecret();
  enrolmentClear();
}

/** Wipes the current T in RAM (§7.8: a tenant change; the caller commits). */
export function wipeCurrentTenantSecret(): void {
  memory.fill(STORED_SECRET, 0, <usize>AES_BLOCK_BYTES);
  setStateU8(STATE_HAS_TENANT, 0);
}

/** T_att = Div(T, "TAT" ‖ lockId) (§4.2), its schedule built in SCHED_LOADED. */
export function loadTenantAttestationSchedule(): void {
  deriveFromTenantSecret(STORED_SECRET, LABEL_TAT);
  scheduleFromKey(SECRET, SCHED_LOADED);
}

/** Loads the current T_auth's ready schedule, from the slot the state names, into SCHED_LOADED. False on NVM failure. */
export function loadTenantAuthSchedule(): bool {
  return nvmRead(tenantScheduleAddress(stateU8(STATE_SCHEDULE_SLOT)), SCHED_LOADED, <u32>SCHED_BYTES);
}

/**
 * Encloses TENANT_SECRET under the key whose schedule is at `schedule` (§7.8, §9.2), 24 bytes at
 * `out`: E = T XOR AES(K, "TSK" ‖ lockNonce[0, 13)), then MAC8(K, "TSK" ‖ lockNonce ‖ E). The
 * caller wipes the secret (wipeTenantSecret) once it no longer needs it.
 */
export function encloseTenantSecret(schedule: usize, out: usize): void {
  putBytes(putLabel(WORK_BLOCK, LABEL_TSK), SESSION_LOCK_NONCE, 13);
  aesEncryptBlock(schedule + SCHED_ROUND_KEYS, WORK_BLOCK);
  countWork(WorkOp.AesBlock, 1);
  for (let i: usize = 0; i < <usize>AES_BLOCK_BYTES; i++) store<u8>(out + i, load<u8>(TENANT_SECRET + i) ^ load<u8>(WORK_BLOCK + i));
  let at = putLabel(MAC_INPUT, LABEL_TSK);
  at = putBytes(at, SESSION_LOCK_NONCE, <usize>NONCE_BYTES);
  at = putBytes(at, out, <usize>AES_BLOCK_BYTES);
  mac8To(schedule, MAC_INPUT, <u32>(at - MAC_INPUT), out + <usize>AES_BLOCK_BYTES);
}

/** Clears the tenant secret from RAM. */
export function wipeTenantSecret(): void {
  memory.fill(TENANT_SECRET, 0, <usize>AES_BLOCK_BYTES);
}
