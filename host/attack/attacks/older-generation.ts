/**
 * An older key generation after a tenant change (R-KEY-3; PROTOCOL.md §7.6 step 10, §7.8): the
 * previous tenant's keys (the resident key that holds the old T, the enrolled extra key, a
 * housemate's key) at the private door and at the front door whose generation table the new key
 * raised: TenantChanged. At a back door no key of the new generation has reached yet, the
 * landlord's blocklist delta covers them (DESIGN.md, "Generations reach common doors too"):
 * Blocked.
 */
import { Role } from '../../../firmware/abi.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, FRONT_DOOR, START_DAY } from '../attack-site.js';
import { attempt, reasonName } from '../by-hand.js';
import { tenantHistory } from './tenant-history.js';

const BACK_DOOR_LOCK_ID = 0x0a77_0005;
const COURIER = 32;

export const olderGenerationAttack: Attack = {
  name: 'older key generation after a tenant change',
  description: "the previous tenant's keys (with its old T, an enrolled extra key, a housemate's key) at the private door, the front door and a back door (R-KEY-3, PROTOCOL.md §7.6 step 10, §7.8): TenantChanged, or Blocked by the delta where the new generation has not been",
  run(context) {
    const site = attackSite(context, 'older generation');
    const backDoor = site.makeLock({ lockId: BACK_DOOR_LOCK_ID, privateDwelling: 0, groups: [FRONT_DOOR] });
    const history = tenantHistory(site);
    const oldKeys = [history.firstTenant, history.extraKey, history.housemate];
    // The landlord blocks the keys not handed back; a courier carries the delta to the back door.
    const courier = site.makeKey({ keyId: COURIER, role: Role.Contractor, dwellingId: 0, generation: 0, groups: [FRONT_DOOR] });
    courier.carryDelta(site.management.issueBlocklistDelta(oldKeys.map((key) => ({ op: 'add' as const, keyId: key.keyId, retireDay: START_DAY + 365 }))));
    courier.insert(backDoor.target);

    const tally = new AttackTally();
    for (const lock of [site.private, site.common, backDoor]) {
      for (const key of oldKeys) {
        for (const sendTenantProof of [true, false]) {
          if (!sendTenantProof && key.tenantSecretFor(lock.lockId) === undefined) continue;
          const outcome = attempt(lock, () => {
            const session = key.insert(lock.target, { sendTenantProof });
            return { granted: session.decision === 'grant', reason: session.reason };
          });
          tally.record(outcome.granted, outcome.reason);
        }
      }
    }
    const newTenant = history.newTenant.insert(backDoor.target);
    return tally.row(this.name, `the new tenant at the back door: ${newTenant.decision === 'grant' ? 'opens' : reasonName(newTenant.reason)}`);
  },
};
