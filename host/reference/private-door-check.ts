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

/** `dwellingId` is the lock's privateDwelling and tenantProof = MAC8(T_auth, "TEN" ‖ lockNonce ‖ keyId). */
function checkTenantProof({ auth, config, tenant, lockNonce, backend }: PrivateDoorInputs): Reason {
  const { credential, tenantProof: proof } = auth;
  if (credential.dwellingId !== config.privateDwelling || proof === undefined || tenant.tenantSecret === null) return Reason.NoTenantProof;
  const { tAuth } = tenantKeys(tenant.tenantSecret, config.lockId, backend);
  return bytesEqual(proof, tenantProof(backend, tAuth, lockNonce, credential.keyId)) ? Reason.Ok : Reason.NoTenantProof;
}

/** The token is this key's at this lock with a valid MAC, of the lock's epoch, and within its window at t. */
function checkConsent({ auth, config, tenant, sessionTimeMinutes, backend }: PrivateDoorInputs): Reason {
  const token = auth.consentToken;
  if (token === undefined || tenant.tenantSecret === null) return Reason.NoConsent;
  if (token.keyId !== auth.credential.keyId || token.lockId !== config.lockId) return Reason.NoConsent;
  const { tCons } = tenantKeys(tenant.tenantSecret, config.lockId, backend);
  if (!verifyConsentTokenMac(token.bytes, tCons, backend)) return Reason.NoConsent;
  if (token.consentEpoch !== tenant.consentEpoch) return Reason.ConsentWithdrawn;
  if (sessionTimeMinutes < token.validFromMinutes || sessionTimeMinutes >= token.validUntilMinutes) return Reason.ConsentExpired;
  return Reason.Ok;
}
