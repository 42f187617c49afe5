/**
 * The tenant's secret at a private lock (PROTOCOL.md §4.2, §7.8): the proof a tenant key gives,
 * consent tokens, and the tenant change that draws a new secret and encloses it for the key.
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
import { STATE_CONSENT_EPOCH, STATE_SCHEDULE_SLOT, STATE_TENANT_SECRET, tenantScheduleAddress } from "../store/layout";
import { setStateU8, stateU16, stateU8 } from "../store/state";

/** T in the state (docs/STORAGE.md). */
const STORED_SECRET: usize = STATE_CACHE + STATE_TENANT_SECRET;
import { diversifyTo, mac8Matches, mac8To, putBytes, putLabel, scheduleFromKey } from "./mac";
import { WorkOp } from "../../firmware/abi";

/** Div(T, label ‖ lockId) into SECRET, with T's schedule built in SCHED_LOADED. */
function deriveFromTenantSecret(tenantSecret: usize, label: u32): void {
  scheduleFromKey(tenantSecret, SCHED_LOADED);
  const end = putLabel(DERIVE_INPUT, label);
  store<u32>(end, lockId());
  diversifyTo(SCHED_LOADED, DERIVE_INPUT, 7, SECRET);
}

/** tenantProof = MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId), checked with T_auth's ready schedule. */
export function tenantProofValid(keyId: u32, proof: usize): bool {
  if (!loadTenantAuthSchedule()) return false;
  let at = putLabel(MAC_INPUT, LABEL_TEN);
  at = putBytes(at, SESSION_LOCK_NONCE, <usize>NONCE_BYTES);
  store<u32>(at, keyId);
  return mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(at + 4 - MAC_INPUT), proof);
}

/**
 * A consent token (§6.2) for `keyId` at this lock, MACed under T_cons: NoConsent, ConsentWithdrawn,
 * ConsentExpired or Ok, judged at `nowMinutes`.
 */
export function consentReason(token: usize, keyId: u32, nowMinutes: u32): Reason {
  if (load<u32>(token + <usize>CONSENT_KEY_ID) != keyId || load<u32>(token + <usize>CONSENT_LOCK_ID) != lockId()) return Reason.NoConsent;
  deriveFromTenantSecret(STORED_SECRET, LABEL_TCO);
  scheduleFromKey(SECRET, SCHED_LOADED);
  let at = putLabel(MAC_INPUT, LABEL_CNS);
  at = putBytes(at, token, <usize>CONSENT_MAC);
  if (!mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(at - MAC_INPUT), token + <usize>CONSENT_MAC)) return Reason.NoConsent;
  if (<u32>load<u16>(token + <usize>CONSENT_EPOCH) != stateU16(STATE_CONSENT_EPOCH)) return Reason.ConsentWithdrawn;
  if (nowMinutes < load<u32>(token + <usize>CONSENT_VALID_FROM) || nowMinutes >= load<u32>(token + <usize>CONSENT_VALID_UNTIL)) return Reason.ConsentExpired;
  return Reason.Ok;
}

/** Draws a new tenant secret into TENANT_SECRET: the nonce generator's next 16 bytes. */
export function drawTenantSecret(): void {
  drbgGenerate(TENANT_SECRET, <u32>AES_BLOCK_BYTES);
}

/** Copies the stored tenant secret into TENANT_SECRET (to enclose it for an enrolled key). */
export function readTenantSecret(): void {
  memory.copy(TENANT_SECRET, STORED_SECRET, <usize>AES_BLOCK_BYTES);
}

/**
 * Writes T_auth's ready schedule (built in SCHED_LOADED) for the secret in TENANT_SECRET into the
 * schedule slot the state does not name, then puts T and that slot into the state in RAM: the
 * caller's saveState commits them (docs/STORAGE.md, "T_auth's schedule"). False on NVM failure.
 */
export function storeTenantSecret(): bool {
  deriveFromTenantSecret(TENANT_SECRET, LABEL_TAU);
  scheduleFromKey(SECRET, SCHED_LOADED);
  const slot: u32 = 1 - stateU8(STATE_SCHEDULE_SLOT);
  if (!nvmWrite(tenantScheduleAddress(slot), SCHED_LOADED, <u32>SCHED_BYTES)) return false;
  memory.copy(STORED_SECRET, TENANT_SECRET, <usize>AES_BLOCK_BYTES);
  setStateU8(STATE_SCHEDULE_SLOT, slot);
  return true;
}

/** T_att = Div(T, "TAT" ‖ lockId) (§4.2), its schedule built in SCHED_LOADED. */
export function loadTenantAttestationSchedule(): void {
  deriveFromTenantSecret(STORED_SECRET, LABEL_TAT);
  scheduleFromKey(SECRET, SCHED_LOADED);
}

/** Loads T_auth's ready schedule, from the slot the state names, into SCHED_LOADED. False on NVM failure. */
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
