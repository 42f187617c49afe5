/**
 * Every attack of the campaign, in the order of the report (docs/SECURITY.md names each with the
 * clause it checks), and the run of all of them against fresh locks.
 */
import type { Attack, AttackContext } from './attack-context.js';
import type { AttackRow } from './attack-row.js';
import { blocklistRollbackAttack } from './attacks/blocklist-rollback.js';
import { emergencyRecordAttack } from './attacks/emergency-record.js';
import { emergencyWrongDoorAttack } from './attacks/emergency-wrong-door.js';
import { forgedCredentialAttack } from './attacks/forged-credential.js';
import { foreignResponseAttack } from './attacks/foreign-response.js';
import { landlordEnrolsKeyAttack } from './attacks/landlord-enrols-key.js';
import { landlordForgesConsentAttack } from './attacks/landlord-forges-consent.js';
import { landlordLogAttestationAttack } from './attacks/landlord-log-attestation.js';
import { landlordMintsKeyAttack } from './attacks/landlord-mints-key.js';
import { macGuessingAttack } from './attacks/mac-guessing.js';
import { olderGenerationAttack } from './attacks/older-generation.js';
import { powerCutAttack } from './attacks/power-cut.js';
import { relayedResponseAttack } from './attacks/relayed-response.js';
import { replayedAuthAttack } from './attacks/replayed-auth.js';
import { silentTenantChangeAttack } from './attacks/silent-tenant-change.js';
import { thirdPartyGroupsAttack } from './attacks/third-party-groups.js';
import { thirdPartyNoConsentAttack } from './attacks/third-party-no-consent.js';
import { thirdPartyWindowAttack } from './attacks/third-party-window.js';
import { thirdPartyWithdrawnAttack } from './attacks/third-party-withdrawn.js';
import { timePushedForwardAttack } from './attacks/time-pushed-forward.js';
import { timeRolledBackAttack } from './attacks/time-rolled-back.js';

export const ATTACKS: readonly Attack[] = [
  replayedAuthAttack,
  foreignResponseAttack,
  forgedCredentialAttack,
  olderGenerationAttack,
  blocklistRollbackAttack,
  timeRolledBackAttack,
  timePushedForwardAttack,
  thirdPartyWindowAttack,
  thirdPartyGroupsAttack,
  thirdPartyNoConsentAttack,
  thirdPartyWithdrawnAttack,
  emergencyWrongDoorAttack,
  emergencyRecordAttack,
  landlordMintsKeyAttack,
  landlordEnrolsKeyAttack,
  landlordForgesConsentAttack,
  landlordLogAttestationAttack,
  silentTenantChangeAttack,
  macGuessingAttack,
  relayedResponseAttack,
  powerCutAttack,
];

/** Runs every attack; `onRow` is told of each row as it is done. */
export function runAttacks(context: AttackContext, onRow?: (row: AttackRow, index: number) => void): AttackRow[] {
  return ATTACKS.map((attack, index) => {
    const row = attack.run(context);
    onRow?.(row, index);
    return row;
  });
}
