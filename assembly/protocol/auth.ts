/**
 * AUTH in, RESULT out: the lock's decision (PROTOCOL.md §7.4-7.8), checked in §7.6's order.
 */
import { ActuatorCommand, Reason, Role, RX_OFFSET, TraceEvent, TX_OFFSET } from "../../firmware/abi";
import {
  AUTH_CREDENTIAL, AUTH_PART_CONSENT, AUTH_PART_TENANT_PROOF, AUTH_PART_VOUCHER, AUTH_PARTS,
  CONSENT_BYTES, CRED_DWELLING_ID, CRED_FIXED_BYTES, CRED_GENERATION, CRED_GROUP_COUNT, CRED_GROUPS,
  CRED_FLAGS, CRED_GROUPS_MAX, CRED_ISSUED_AT, CREDENTIAL_FLAG_PHONE, CRED_KEY_ID, CRED_ROLE, CRED_SITE_ID, CRED_VALID_FROM,
  CRED_VALID_UNTIL, CRED_VERSION, ENCLOSED_SECRET_BYTES, FrameType, LABEL_AUT,
  LABEL_CRD, LABEL_K, LABEL_RES, LABEL_TIM, MAC_BYTES, MINUTES_PER_DAY, NOTICE_CHANGE_DAY,
  NOTICE_EMERGENCY, NOTICE_TENANT_SECRET, NOTICE_VOUCHER, PROTOCOL_VERSION, EMERGENCY_NOTICE_BYTES, RESULT_DECISION,
  RESULT_MARK_DAY, RESULT_NOTICES, RESULT_PARTS, RESULT_REASON, VOUCHER_BYTES, VOUCHER_DAY,
  VOUCHER_LOCK_ID, VOUCHER_MAC, PREVIOUS_TENANT_NOTICE_DAYS, WRITE_EMERGENCY_BYTES, WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES,
} from "../../firmware/protocol";
import { halActuator, halTrace } from "../hal";
import { DERIVE_INPUT, MAC_INPUT, SCHED_LOADED, SCHED_SESSION, SECRET, SESSION_ANSWERED_US, SESSION_AUTH_US, SESSION_KEY_ID, SESSION_MINUTES, SESSION_STORED_MARK, SESSION_TENANT_PROVEN } from "../ram";
import { keyProven, logDecision, logEntryPages, loggingDecision, logNothing, noteFailedMac } from "./logging";
import { LOG_COMPILED_IN } from "../build-flags";
import { logNext, logPresent } from "../store/log";
import { Listed } from "../store/blocklist";
import { lookupAfterMergeSteps } from "./merge-at-auth";
import { groupAt, groupCount, lockId, privateDwelling, relayAllowanceUs, siteId, timeStepDays } from "../store/config";
import { emergencyDetailAddress, emergencyDetailFree, recordEmergency } from "../store/emergency";
import { findGeneration, generationTableFull, lookupFailed, lookupFound, lookupGeneration, lookupDay, storeGeneration, storeGenerationPages } from "../store/generations";
import {
  SCHEDULE_ISS, SCHEDULE_KM, SCHEDULE_TIME, STATE_CHANGE_DAY, STATE_CONSENT_EPOCH, STATE_GENERATION,
  EMERGENCY_RECORD_BYTES, EMERGENCY_SLOTS, STATE_EMERGENCY_ACKED, STATE_EMERGENCY_COUNT, STATE_MARK_DAY,
  STATE_LOG_FLAGS, STATE_LOG_START,
} from "../store/layout";
import { saveState, setStateU16, setStateU32, setStateU8, stateU16, stateU32, stateU8 } from "../store/state";
import { diversifyTo, loadSchedule, mac8Matches, mac8To, putBytes, putLabel, scheduleFromKey } from "./mac";
import { errorFrame, Phase, setPhase } from "./reply";
import {
  consentReason, drawTenantSecret, encloseTenantSecret, hasCurrentTenantSecret, hasPendingTenantSecret, makePendingTenantSecretCurrent, PROVED_NONE,
  PROVED_PENDING, readTenantSecret, storePendingTenantSecret, tenantProofOf, wipeCurrentTenantSecret, wipeTenantSecret,
} from "./tenant";
import { sessionMacPrefix } from "./session-mac";
import { enrolmentAdd, enrolmentClear, enrolmentRemove, enrolmentWaiting } from "../store/enrolment";
import { nvmRead } from "../store/nvm";
import { holdsFor, pagesFor } from "../energy";
import { reportWork } from "../work";
import { clampCandidate, dayOf } from "./time";

const RX: usize = <usize>RX_OFFSET;
const TX: usize = <usize>TX_OFFSET;
const CREDENTIAL: usize = RX + <usize>AUTH_CREDENTIAL;
const MAC8: u32 = <u32>MAC_BYTES;

/** What the decision adds to the RESULT besides its verdict. */
const ENCLOSE_NOTHING: u32 = 0;

// ---------------------------------------------------------------------------------------------
// Step 1: the frame's shape. Anything wrong here is answered with ERROR (§5).
// ---------------------------------------------------------------------------------------------

function expectedLength(parts: u32, groups: u32): u32 {
  let length = <u32>AUTH_CREDENTIAL + <u32>CRED_FIXED_BYTES + 2 * groups + MAC8;
  if (parts & <u32>AUTH_PART_TENANT_PROOF) length += MAC8;
  if (parts & <u32>AUTH_PART_CONSENT) length += <u32>CONSENT_BYTES;
  if (parts & <u32>AUTH_PART_VOUCHER) length += <u32>VOUCHER_BYTES;
  return length;
}

/** Malformed, UnsupportedVersion or Ok. */
function shapeReason(length: u32): Reason {
  if (length < <u32>AUTH_CREDENTIAL + <u32>CRED_FIXED_BYTES + 2 + MAC8) return Reason.Malformed;
  const parts = <u32>load<u8>(RX + <usize>AUTH_PARTS);
  if (parts & ~(<u32>(AUTH_PART_TENANT_PROOF | AUTH_PART_CONSENT | AUTH_PART_VOUCHER))) return Reason.Malformed;
  const groups = <u32>load<u8>(CREDENTIAL + <usize>CRED_GROUP_COUNT);
  if (groups < 1 || groups > <u32>CRED_GROUPS_MAX) return Reason.Malformed;
  if (length != expectedLength(parts, groups)) return Reason.Malformed;
  if (<u32>load<u8>(CREDENTIAL + <usize>CRED_VERSION) != <u32>PROTOCOL_VERSION) return Reason.UnsupportedVersion;
  if (<u32>load<u8>(CREDENTIAL + <usize>CRED_FLAGS) & ~(<u32>CREDENTIAL_FLAG_PHONE)) return Reason.Malformed;
  const role = <u32>load<u8>(CREDENTIAL + <usize>CRED_ROLE);
  if (role < <u32>Role.Resident || role > <u32>Role.Programming) return Reason.Malformed;
  return Reason.Ok;
}

// ---------------------------------------------------------------------------------------------
// The credential's fields.
// ---------------------------------------------------------------------------------------------

function credU16(offset: i32): u32 {
  return <u32>load<u16>(CREDENTIAL + <usize>offset);
}
function credU32(offset: i32): u32 {
  return load<u32>(CREDENTIAL + <usize>offset);
}
function credGroups(): u32 {
  return <u32>load<u8>(CREDENTIAL + <usize>CRED_GROUP_COUNT);
}
function credRole(): u32 {
  return <u32>load<u8>(CREDENTIAL + <usize>CRED_ROLE);
}
/** Where the issuer MAC is; the optional parts follow it in bit order. */
function issuerMacAt(): usize {
  return CREDENTIAL + <usize>CRED_GROUPS + (<usize>credGroups() << 1);
}

function optionalPart(parts: u32, bit: u32): usize {
  let at = issuerMacAt() + <usize>MAC8;
  if (bit == <u32>AUTH_PART_TENANT_PROOF) return at;
  if (parts & <u32>AUTH_PART_TENANT_PROOF) at += <usize>MAC8;
  if (bit == <u32>AUTH_PART_CONSENT) return at;
  if (parts & <u32>AUTH_PART_CONSENT) at += <usize>CONSENT_BYTES;
  return at;
}

function sharesAGroup(): bool {
  const lockGroups = groupCount();
  const keyGroups = credGroups();
  for (let k: u32 = 0; k < keyGroups; k++) {
    const group = credU16(CRED_GROUPS + <i32>(k << 1));
    for (let l: u32 = 0; l < lockGroups; l++) if (groupAt(l) == group) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Steps 2-4: who the key is.
// ---------------------------------------------------------------------------------------------

/** K_key = Div(K_km, "K" ‖ keyId) (§4.1), expanded into SCHED_SESSION. False on NVM failure. */
function deriveSessionKey(keyId: u32): bool {
  if (!loadSchedule(SCHEDULE_KM, SCHED_LOADED)) return false;
  store<u8>(DERIVE_INPUT, <u8>LABEL_K);
  store<u32>(DERIVE_INPUT + 1, keyId);
  diversifyTo(SCHED_LOADED, DERIVE_INPUT, 5, SECRET);
  scheduleFromKey(SECRET, SCHED_SESSION);
  return true;
}

/** issuerMac = MAC8(K_iss, "CRD" ‖ credential[0, 26 + 2g)). */
function issuerMacValid(): bool {
  if (!loadSchedule(SCHEDULE_ISS, SCHED_LOADED)) return false;
  const signed = issuerMacAt() - CREDENTIAL;
  const end = putBytes(putLabel(MAC_INPUT, LABEL_CRD), CREDENTIAL, signed);
  return mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(end - MAC_INPUT), issuerMacAt());
}

/** keyMac = MAC8(K_key, "AUT" ‖ lockId ‖ lockNonce ‖ keyNonce ‖ frame[0, end - 8)). */
function keyMacValid(length: u32): bool {
  const end = putBytes(sessionMacPrefix(LABEL_AUT), RX, <usize>(length - MAC8));
  return mac8Matches(SCHED_SESSION, MAC_INPUT, <u32>(end - MAC_INPUT), RX + <usize>(length - MAC8));
}

// ---------------------------------------------------------------------------------------------
// Step 5: time.
// ---------------------------------------------------------------------------------------------

/** The voucher's MAC under K_time: MAC8(K_time, "TIM" ‖ day ‖ lockId). */
function voucherValid(voucher: usize): bool {
  if (!loadSchedule(SCHEDULE_TIME, SCHED_LOADED)) return false;
  const end = putBytes(putLabel(MAC_INPUT, LABEL_TIM), voucher, 6);
  return mac8Matches(SCHED_LOADED, MAC_INPUT, <u32>(end - MAC_INPUT), voucher + <usize>VOUCHER_MAC);
}

function sessionMinutes(parts: u32): u32 {
  const mark = stateU16(STATE_MARK_DAY);
  const step = timeStepDays();
  let now = mark * <u32>MINUTES_PER_DAY;
  now = max<u32>(now, clampCandidate(credU32(CRED_ISSUED_AT), mark, step));
  if (parts & <u32>AUTH_PART_VOUCHER) {
    const voucher = optionalPart(parts, <u32>AUTH_PART_VOUCHER);
    if (voucherValid(voucher)) now = max<u32>(now, clampCandidate(<u32>load<u16>(voucher + <usize>VOUCHER_DAY) * <u32>MINUTES_PER_DAY, mark, step));
  }
  return now;
}

// ---------------------------------------------------------------------------------------------
// The RESULT (§7.7).
// ---------------------------------------------------------------------------------------------

function resultFrame(reason: Reason, notices: u32, changeDay: u32): u32 {
  // §9.4: a grant's entry is written before the release; without it, no opening.
  if (reason == Reason.Ok && loggingDecision() && !logDecision(<u32>Reason.Ok)) {
    reason = Reason.StorageFailure;
    notices = ENCLOSE_NOTHING;
    wipeTenantSecret();
  }
  const granted = reason == Reason.Ok;
  // §9.2: tenant commands follow a grant with a tenant proof only; a proof whose grant was then
  // refused (its commit or its log entry could not be written) opens no tenant session.
  if (!granted) store<u32>(SESSION_TENANT_PROVEN, 0);
  store<u8>(TX, <u8>FrameType.Result);
  store<u8>(TX + <usize>RESULT_DECISION, granted ? 1 : 0);
  store<u8>(TX + <usize>RESULT_REASON, <u8>reason);
  store<u16>(TX + <usize>RESULT_MARK_DAY, <u16>stateU16(STATE_MARK_DAY));
  store<u8>(TX + <usize>RESULT_NOTICES, <u8>notices);
  let at = TX + <usize>RESULT_PARTS;
  if (notices & <u32>NOTICE_TENANT_SECRET) {
    encloseTenantSecret(SCHED_SESSION, at);
    wipeTenantSecret();
    at += <usize>ENCLOSED_SECRET_BYTES;
  }
  if (notices & <u32>NOTICE_VOUCHER) {
    const day = stateU16(STATE_MARK_DAY);
    store<u16>(at + <usize>VOUCHER_DAY, <u16>day);
    store<u32>(at + <usize>VOUCHER_LOCK_ID, lockId());
    if (loadSchedule(SCHEDULE_TIME, SCHED_LOADED)) {
      const end = putBytes(putLabel(MAC_INPUT, LABEL_TIM), at, 6);
      mac8To(SCHED_LOADED, MAC_INPUT, <u32>(end - MAC_INPUT), at + <usize>VOUCHER_MAC);
    } else {
      store<u64>(at + <usize>VOUCHER_MAC, 0); // an unreadable K_time gives a voucher no lock accepts
    }
    at += <usize>VOUCHER_BYTES;
  }
  if (notices & <u32>NOTICE_CHANGE_DAY) {
    store<u16>(at, <u16>changeDay);
    at += 2;
  }
  if (notices & <u32>NOTICE_EMERGENCY) {
    writeEmergencyNotice(at);
    at += <usize>EMERGENCY_NOTICE_BYTES;
  }
  const macAt = at;
  const end = putBytes(sessionMacPrefix(LABEL_RES), TX, macAt - TX);
  mac8To(SCHED_SESSION, MAC_INPUT, <u32>(end - MAC_INPUT), macAt);
  setPhase(Phase.Decided);
  halTrace(TraceEvent.Decision, <u32>reason);
  if (granted) {
    reportWork(); // the host's clock reaches the release with the work before it
    halActuator(ActuatorCommand.Release);
  }
  return <u32>(macAt + <usize>MAC8 - TX);
}

/** §9.3: NOTICE_EMERGENCY while openings are unacknowledged, else 0. */
function emergencyNotice(): u32 {
  return stateU32(STATE_EMERGENCY_COUNT) > stateU32(STATE_EMERGENCY_ACKED) ? <u32>NOTICE_EMERGENCY : 0;
}

/** count u32 ‖ acknowledged u32 ‖ the newest detail (day, minute of day, keyId), 16 bytes. */
function writeEmergencyNotice(at: usize): void {
  const count = stateU32(STATE_EMERGENCY_COUNT);
  store<u32>(at, count);
  store<u32>(at + 4, stateU32(STATE_EMERGENCY_ACKED));
  // The newest opening that has a detail: the count's, or the last slot's once all are taken.
  const slot = min<u32>(count, EMERGENCY_SLOTS) - 1;
  // An unreadable record is shown as zeros: the counts alone still tell the tenant.
  if (!nvmRead(emergencyDetailAddress(slot), at + 8, EMERGENCY_RECORD_BYTES)) store<u64>(at + 8, 0);
}

/**
 * A refusal; the mark still advances if the session's time moved it (only after both MACs), when
 * the lock holds the energy to write it (§7.10): else the mark stays as stored, the reason unchanged.
 */
function deny(reason: Reason, markChanged: bool, notices: u32, changeDay: u32): u32 {
  const logPages = logEntryPages();
  if (markChanged || logPages != 0) {
    if (!holdsFor(markPages(markChanged) + logPages, false)) restoreMark();
    else {
      if (markChanged && !saveState()) return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
      if (logPages != 0) logDecision(<u32>reason); // a refusal stands whether or not its entry was written
    }
  }
  if (reason == Reason.TenantChanged) notices |= previousTenantNotice();
  return resultFrame(reason, notices, changeDay);
}

/**
 * §9.3: a key of the previous generation, refused with TenantChanged, still sees unacknowledged
 * emergency openings for PREVIOUS_TENANT_NOTICE_DAYS after the change, judged by the mark the
 * RESULT carries. (A common lock has no emergency count: it never notices.)
 */
function previousTenantNotice(): u32 {
  const withinDays = stateU16(STATE_MARK_DAY) < stateU16(STATE_CHANGE_DAY) + <u32>PREVIOUS_TENANT_NOTICE_DAYS;
  return withinDays ? emergencyNotice() : 0;
}

/** §7.10: the state record's page writes. */
function statePages(): u32 {
  return pagesFor(<u32>WRITE_STATE_BYTES);
}

/** The state's page writes when only the mark changed, else none. */
function markPages(markChanged: bool): u32 {
  return markChanged ? statePages() : 0;
}

/** Puts back the stored mark where step 5 moved the one in RAM: it is not written. */
function restoreMark(): void {
  setStateU16(STATE_MARK_DAY, load<u32>(SESSION_STORED_MARK));
}

/** §7.10: a grant the lock cannot finish (release and writes) is refused, and nothing is written. */
function refuseStarvedGrant(): u32 {
  restoreMark();
  return resultFrame(Reason.InsufficientEnergy, ENCLOSE_NOTHING, 0);
}

// ---------------------------------------------------------------------------------------------
// The decision.
// ---------------------------------------------------------------------------------------------

export function handleAuth(length: u32): u32 {
  const shape = shapeReason(length);
  if (shape != Reason.Ok) return errorFrame(shape);
  const keyId = load<u32>(SESSION_KEY_ID);
  if (!deriveSessionKey(keyId)) return errorFrame(Reason.StorageFailure);

  // Steps 2-4.
  if (credU32(CRED_KEY_ID) != keyId) return resultFrame(Reason.KeyMismatch, ENCLOSE_NOTHING, 0);
  if (credU16(CRED_SITE_ID) != siteId()) return resultFrame(Reason.WrongSite, ENCLOSE_NOTHING, 0);
  if (!issuerMacValid()) return failedMac(Reason.BadIssuerMac);
  if (!keyMacValid(length)) return failedMac(Reason.BadKeyMac);
  keyProven();

  // Step 5: the session's time, and the mark it implies (written with the outcome).
  const parts = <u32>load<u8>(RX + <usize>AUTH_PARTS);
  const now = sessionMinutes(parts);
  const today = dayOf(now);
  store<u32>(SESSION_MINUTES, now);
  const storedMarkDay = stateU16(STATE_MARK_DAY);
  store<u32>(SESSION_STORED_MARK, storedMarkDay);
  // Step 5a: a response later than the relay bound for the key's type is refused; it moves no mark.
  const phone = (<u32>load<u8>(CREDENTIAL + <usize>CRED_FLAGS) & <u32>CREDENTIAL_FLAG_PHONE) != 0;
  const waitedUs = load<u32>(SESSION_AUTH_US) - load<u32>(SESSION_ANSWERED_US);
  if (waitedUs > relayAllowanceUs(phone, length)) return deny(Reason.ResponseTooLate, false, ENCLOSE_NOTHING, 0);
  const markChanged = today > storedMarkDay;
  if (markChanged) setStateU16(STATE_MARK_DAY, today);

  // Steps 6-9.
  const listed = lookupAfterMergeSteps(keyId);
  if (listed == Listed.Unreadable) return deny(Reason.StorageFailure, markChanged, ENCLOSE_NOTHING, 0);
  if (listed == Listed.Yes) return deny(Reason.Blocked, markChanged, ENCLOSE_NOTHING, 0);
  const role = credRole();
  if (role == <u32>Role.Programming) return deny(Reason.RoleNotAllowed, markChanged, ENCLOSE_NOTHING, 0);
  if (!sharesAGroup()) return deny(Reason.NoAccessGroup, markChanged, ENCLOSE_NOTHING, 0);
  if (now < credU32(CRED_VALID_FROM)) return deny(Reason.NotYetValid, markChanged, ENCLOSE_NOTHING, 0);
  if (now >= credU32(CRED_VALID_UNTIL)) return deny(Reason.Expired, markChanged, ENCLOSE_NOTHING, 0);

  const dwelling = credU16(CRED_DWELLING_ID);
  const generation = credU16(CRED_GENERATION);
  const ownDwelling = privateDwelling();
  if (ownDwelling == 0) return decideAtCommonLock(dwelling, generation, today, markChanged);
  return decideAtPrivateLock(parts, keyId, role, dwelling, generation, now, today, markChanged);
}

/** §9.5: a failed MAC is counted (once per power-up), then refused; nothing else is written. */
function failedMac(reason: Reason): u32 {
  noteFailedMac();
  return resultFrame(reason, ENCLOSE_NOTHING, 0);
}

/** Steps 10-11 at a common lock: the generation table only. */
function decideAtCommonLock(dwelling: u32, generation: u32, today: u32, markChanged: bool): u32 {
  let lookup: u64 = 0;
  if (dwelling != 0) {
    lookup = findGeneration(dwelling);
    if (lookupFailed(lookup)) return deny(Reason.StorageFailure, markChanged, ENCLOSE_NOTHING, 0);
    if (lookupFound(lookup) && generation < lookupGeneration(lookup)) {
      return deny(Reason.TenantChanged, markChanged, NOTICE_CHANGE_DAY, lookupDay(lookup));
    }
  }
  // A grant from here on. A change of the table commits with the state, the mark with it.
  const raise = dwelling != 0 && (lookupFound(lookup) ? generation > lookupGeneration(lookup) : !generationTableFull());
  const pages = raise ? storeGenerationPages(lookup) : markPages(markChanged);
  if (!holdsFor(pages, true)) return refuseStarvedGrant();
  if (raise && !storeGeneration(lookup, dwelling, generation, today)) return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
  if (markChanged && !raise && !saveState()) return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
  return resultFrame(Reason.Ok, NOTICE_VOUCHER, 0);
}

/** Steps 10-11 at a private lock: generations, the tenant's secret, consent, emergency. */
function decideAtPrivateLock(parts: u32, keyId: u32, role: u32, dwelling: u32, generation: u32, now: u32, today: u32, markChanged: bool): u32 {
  const ownDwelling = privateDwelling();
  if (dwelling == ownDwelling) {
    const lockGeneration = stateU16(STATE_GENERATION);
    if (generation < lockGeneration) return deny(Reason.TenantChanged, markChanged, NOTICE_CHANGE_DAY, stateU16(STATE_CHANGE_DAY));
    if (generation > lockGeneration && role == <u32>Role.Resident) return holdsFor(tenantChangePages(), true) ? tenantChange(keyId, generation, today) : refuseStarvedGrant();
  }
  if (role == <u32>Role.Resident || role == <u32>Role.ExtraKey) {
    const ownKey = dwelling == ownDwelling;
    const proved = ownKey && (parts & <u32>AUTH_PART_TENANT_PROOF) != 0 ? tenantProofOf(keyId, optionalPart(parts, <u32>AUTH_PART_TENANT_PROOF)) : PROVED_NONE;
    if (proved != PROVED_NONE) return tenantProven(proved == PROVED_PENDING, markChanged);
    if (ownKey && generation == stateU16(STATE_GENERATION) && enrolmentWaiting(keyId)) {
      // §9.2: an enrolled key receives the current T; §7.8: while no T is current, the tenant change's key a fresh pending one.
      if (hasCurrentTenantSecret()) return holdsFor(statePages() + logEntryPages(), true) ? enrol(keyId) : refuseStarvedGrant();
      return holdsFor(tenantChangePages() + logEntryPages(), true) ? newPendingForTenantChangeKey() : refuseStarvedGrant();
    }
    return deny(Reason.NoTenantProof, markChanged, ENCLOSE_NOTHING, 0);
  } else if (role == <u32>Role.Contractor || role == <u32>Role.CareWorker) {
    if ((parts & <u32>AUTH_PART_CONSENT) == 0 || !(hasCurrentTenantSecret() || hasPendingTenantSecret())) return deny(Reason.NoConsent, markChanged, ENCLOSE_NOTHING, 0);
    const consent = consentReason(optionalPart(parts, <u32>AUTH_PART_CONSENT), keyId, now);
    if (consent != Reason.Ok) return deny(consent, markChanged, ENCLOSE_NOTHING, 0);
  } else if (role == <u32>Role.Emergency) {
    // R-EMG-2: recorded before the door is released; without the record, no opening.
    if (!holdsFor((emergencyDetailFree() ? pagesFor(<u32>WRITE_EMERGENCY_BYTES) : 0) + statePages() + logEntryPages(), true)) return refuseStarvedGrant();
    if (!recordEmergency(today, now % <u32>MINUTES_PER_DAY, keyId)) return deny(Reason.StorageFailure, false, ENCLOSE_NOTHING, 0);
    halTrace(TraceEvent.EmergencyRecorded, stateU32(STATE_EMERGENCY_COUNT));
    return resultFrame(Reason.Ok, NOTICE_VOUCHER, 0); // recordEmergency saved the state, mark included
  }
  if (!holdsFor(markPages(markChanged) + logEntryPages(), true)) return refuseStarvedGrant();
  if (markChanged && !saveState()) return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
  return resultFrame(Reason.Ok, NOTICE_VOUCHER, 0);
}

/**
 * A grant with a tenant proof (§7.6 step 11); the session may go on with tenant commands (§9.2). A
 * proof of the pending T makes it current (§4.2): the state's write, the mark with it.
 */
function tenantProven(ofPending: bool, markChanged: bool): u32 {
  if (!holdsFor((ofPending ? statePages() : markPages(markChanged)) + logEntryPages(), true)) return refuseStarvedGrant();
  store<u32>(SESSION_TENANT_PROVEN, 1);
  if (ofPending) makePendingTenantSecretCurrent();
  if ((ofPending || markChanged) && !saveState()) return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
  return resultFrame(Reason.Ok, NOTICE_VOUCHER | emergencyNotice(), 0);
}

/**
 * §7.10: a new pending T: the state without the pending T already kept, if one is (it is dropped
 * first, docs/STORAGE.md), T_auth's schedule, then the state.
 */
function tenantChangePages(): u32 {
  return (hasPendingTenantSecret() ? statePages() : 0) + pagesFor(<u32>WRITE_TENANT_SCHEDULE_BYTES) + statePages();
}

/**
 * §7.8: a resident key of a newer generation. The generation is raised at once; the previous
 * tenant's secret, consent epoch and standing are wiped; the emergency count stays. A new T is
 * drawn, kept pending and enclosed for this key, which waits for it on the enrolment list until a
 * key proves a pending T.
 */
function tenantChange(keyId: u32, generation: u32, today: u32): u32 {
  drawTenantSecret();
  if (!storePendingTenantSecret()) return storageFailureWiping();
  // §9.4: the previous tenant's log goes with the change: entries below the next one are wiped, the log off, no hold.
  if (LOG_COMPILED_IN && logPresent(true)) {
    const next = logNext();
    if (next == u32.MAX_VALUE) return storageFailureWiping();
    setStateU32(STATE_LOG_START, next);
    setStateU8(STATE_LOG_FLAGS, 0);
    logNothing();
  }
  wipeCurrentTenantSecret();
  enrolmentClear();
  enrolmentAdd(keyId);
  setStateU16(STATE_GENERATION, generation);
  setStateU16(STATE_CHANGE_DAY, today);
  setStateU16(STATE_CONSENT_EPOCH, 0);
  if (!saveState()) return storageFailureWiping();
  halTrace(TraceEvent.TenantChange, generation);
  return resultFrame(Reason.Ok, NOTICE_TENANT_SECRET | NOTICE_VOUCHER | emergencyNotice(), 0);
}

/**
 * §7.8: the tenant change's key, without a proof of the pending T, while no T is current (its
 * answer was lost, or another copy of it was handed the pending T since): a fresh pending T
 * replaces the one kept, and is enclosed for this key. Whoever holds the replaced one holds nothing.
 */
function newPendingForTenantChangeKey(): u32 {
  drawTenantSecret();
  if (!storePendingTenantSecret() || !saveState()) return storageFailureWiping();
  return resultFrame(Reason.Ok, NOTICE_TENANT_SECRET | NOTICE_VOUCHER | emergencyNotice(), 0);
}

/** StorageFailure, the secret drawn or read for this key wiped from RAM unsent. */
function storageFailureWiping(): u32 {
  wipeTenantSecret();
  return resultFrame(Reason.StorageFailure, ENCLOSE_NOTHING, 0);
}

/** §9.2: a key the tenant enrolled receives the current secret, once (the state commits its removal, the mark with it). */
function enrol(keyId: u32): u32 {
  readTenantSecret();
  enrolmentRemove(keyId);
  if (!saveState()) return storageFailureWiping();
  return resultFrame(Reason.Ok, NOTICE_TENANT_SECRET | NOTICE_VOUCHER | emergencyNotice(), 0);
}
