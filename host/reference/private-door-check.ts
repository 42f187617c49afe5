/** §7.6 step 11: at a private lock, what each role must show. */
import { Reason, Role } from '../../firmware/abi.js';
import { bytesEqual } from '../protocol/bytes.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { tenantKeys } from '../protocol/key-hierarchy.js';
import { tenantProof } from '../protocol/macs.js';
import type { Auth } from '../protocol/frames/auth.js';
import { verifyConsentTokenMac } from '../protocol/frames/consent-token.js';
import type { LockConfig, TenantState } from './lock-memory.js';

export interface PrivateDoorInputs {
  auth: Auth;
  config: LockConfig;
  tenant: TenantState;
  lockNonce: Uint8Array;
  sessionTimeMinutes: number;
  backend: CryptoBackend;
}

/** Ok, or the reason to refuse. The emergency role passes (its opening is recorded by the caller). */
export function checkPrivateDoor(inputs: PrivateDoorInputs): Reason {
  const { role } = inputs.auth.credential;
  switch (role) {
    case Role.Resident:
    case Role.ExtraKey:
      return checkTenantProof(inputs);
    case Role.Contractor:
    case Role.CareWorker:
      return checkConsent(inputs);
    case Role.Emergency:
      return Reason.Ok;
    case Role.Programming:
      return Reason.RoleNotAllowed; // refused at step 7 already
  }
}

/** Which T a tenant proof proves (§7.6 step 11, §4.2): the current one, else the pending one, else none. */
export type ProvedSecret = 'current' | 'pending' | 'none';

/** `dwellingId` is the lock's privateDwelling and tenantProof = MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId), under the current or the pending T. */
function checkTenantProof(inputs: PrivateDoorInputs): Reason {
  return provedSecret(inputs) === 'none' ? Reason.NoTenantProof : Reason.Ok;
}

/** The T the AUTH's tenant proof proves: the current one is tried first, as the lock does. */
export function provedSecret({ auth, config, tenant, lockNonce, backend }: PrivateDoorInputs): ProvedSecret {
  const { credential, tenantProof: proof } = auth;
  if (credential.dwellingId !== config.privateDwelling || proof === undefined) return 'none';
  const proves = (secret: Uint8Array | null) =>
    secret !== null && bytesEqual(proof, tenantProof(backend, tenantKeys(secret, config.lockId, backend).tAuth, lockNonce, credential.keyId));
  if (proves(tenant.tenantSecret)) return 'current';
  return proves(tenant.pendingSecret) ? 'pending' : 'none';
}

/**
 * The token is this key's at this lock with a valid MAC under T_cons of the current or the pending
 * T (§4.2), of the lock's epoch, and within its window at t.
 */
function checkConsent({ auth, config, tenant, sessionTimeMinutes, backend }: PrivateDoorInputs): Reason {
  const token = auth.consentToken;
  if (token === undefined || (tenant.tenantSecret === null && tenant.pendingSecret === null)) return Reason.NoConsent;
  if (token.keyId !== auth.credential.keyId || token.lockId !== config.lockId) return Reason.NoConsent;
  const madeWith = (secret: Uint8Array | null) => secret !== null && verifyConsentTokenMac(token.bytes, tenantKeys(secret, config.lockId, backend).tCons, backend);
  if (!madeWith(tenant.tenantSecret) && !madeWith(tenant.pendingSecret)) return Reason.NoConsent;
  if (token.consentEpoch !== tenant.consentEpoch) return Reason.ConsentWithdrawn;
  if (sessionTimeMinutes < token.validFromMinutes || sessionTimeMinutes >= token.validUntilMinutes) return Reason.ConsentExpired;
  return Reason.Ok;
}
