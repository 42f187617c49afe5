/**
 * The decision on an AUTH (PROTOCOL.md §7.6), steps 2-11 in the order given there; step 1 (the
 * frame's layout) is decodeAuth's. The lock's memory is changed where the steps say: the time mark
 * after step 5 (so also with a later refusal), the tenant change of step 10, and with a grant the
 * emergency record and the generation table entry.
 */
import { Reason, Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY, NONCE_BYTES } from '../../firmware/protocol.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { verifyAuthKeyMac, type Auth } from '../protocol/frames/auth.js';
import { verifyCredentialIssuerMac } from '../protocol/frames/credential.js';
import { verifyVoucherMac } from '../protocol/frames/voucher.js';
import { isBlocked } from './blocklist.js';
import { checkGeneration } from './generation-check.js';
import type { LockMemory } from './lock-memory.js';
import { checkPrivateDoor } from './private-door-check.js';
import type { SessionKeys } from './session-state.js';
import { dayOf, minuteOfDay, sessionTimeMinutes } from './session-time.js';
import { changeTenant } from './tenant-change.js';

export interface DecisionInputs {
  /** The AUTH frame, for its key MAC. */
  frame: Uint8Array;
  auth: Auth;
  session: SessionKeys;
  /** K_key of HELLO's keyId. */
  kKey: Uint8Array;
  memory: LockMemory;
  backend: CryptoBackend;
  /** The next bytes of the nonce generator, drawn only at a tenant change (§7.8). */
  drawNonce: (bytes: number) => Uint8Array;
}

export interface Decision {
  /** Ok: a grant. */
  reason: Reason;
  /** A new tenant secret to enclose for this key (§7.8). */
  tenantSecret?: Uint8Array;
  /** With TenantChanged: the day of the change (§7.7). */
  changeDay?: number;
}

export function decide(inputs: DecisionInputs): Decision {
  const { auth, session, memory, backend } = inputs;
  const { config } = memory;
  const { credential } = auth;
  const refuse = (reason: Reason): Decision => ({ reason });

  // 2. The key and the site.
  if (credential.keyId !== session.keyId) return refuse(Reason.KeyMismatch);
  if (credential.siteId !== config.siteId) return refuse(Reason.WrongSite);
  // 3. The issuer MAC.
  if (!verifyCredentialIssuerMac(credential.bytes, config.keys.kIss, backend)) return refuse(Reason.BadIssuerMac);
  // 4. The key MAC.
  const binding = { lockId: config.lockId, lockNonce: session.lockNonce, keyNonce: session.keyNonce };
  if (!verifyAuthKeyMac(inputs.frame, binding, inputs.kKey, backend)) return refuse(Reason.BadKeyMac);
  // 5. Time.
  const tMinutes = foldSessionTime(auth, memory, backend);
  // 6. Blocklist.
  if (isBlocked(memory.blocklist, credential.keyId)) return refuse(Reason.Blocked);
  // 7. Role.
  if (credential.role === Role.Programming) return refuse(Reason.RoleNotAllowed);
  // 8. Groups.
  if (!credential.groups.some((group) => config.groups.includes(group))) return refuse(Reason.NoAccessGroup);
  // 9. Window.
  if (tMinutes < credential.validFromMinutes) return refuse(Reason.NotYetValid);
  if (tMinutes >= credential.validUntilMinutes) return refuse(Reason.Expired);
  // 10. Generation.
  const generation = checkGeneration(memory, credential);
  if (generation.kind === 'tenantChanged') return { reason: Reason.TenantChanged, changeDay: generation.changeDay };
  if (generation.kind === 'tenantChange' && memory.tenant !== null) {
    const tenantSecret = inputs.drawNonce(NONCE_BYTES);
    changeTenant(memory, memory.tenant, credential.generation, dayOf(tMinutes), tenantSecret);
    return { reason: Reason.Ok, tenantSecret };
  }
  // 11. At a private lock, by role.
  if (memory.tenant !== null) {
    const reason = checkPrivateDoor({ auth, config, tenant: memory.tenant, lockNonce: session.lockNonce, sessionTimeMinutes: tMinutes, backend });
    if (reason !== Reason.Ok) return refuse(reason);
    if (credential.role === Role.Emergency) {
      memory.emergencyRecords.push({ day: dayOf(tMinutes), minuteOfDay: minuteOfDay(tMinutes), keyId: credential.keyId });
      memory.emergencyCount += 1;
    }
  }
  // 12. Energy: the reference lock has no physics model; it always has enough.
  if (generation.kind === 'continue' && generation.tableEntry) {
    memory.generationTable.set(generation.tableEntry.dwellingId, { generation: generation.tableEntry.generation, changeDay: dayOf(tMinutes) });
  }
  return { reason: Reason.Ok };
}

/**
 * Step 5 (§3): t from the mark, the credential's issuedAt and a voucher with a valid MAC (one with
 * a wrong MAC is ignored); the mark is written if t's day is later.
 */
function foldSessionTime(auth: Auth, memory: LockMemory, backend: CryptoBackend): number {
  const candidatesMinutes = [auth.credential.issuedAtMinutes];
  if (auth.voucher && verifyVoucherMac(auth.voucher.bytes, memory.config.keys.kTime, backend)) {
    candidatesMinutes.push(auth.voucher.day * MINUTES_PER_DAY);
  }
  const tMinutes = sessionTimeMinutes(memory.markDay, memory.config.timeStepMaxDays, candidatesMinutes);
  if (dayOf(tMinutes) > memory.markDay) memory.markDay = dayOf(tMinutes);
  return tMinutes;
}
