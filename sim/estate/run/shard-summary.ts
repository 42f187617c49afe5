/**
 * At the end of a complex's run: for every lost or withdrawn key and every door it could open,
 * when that door first held the delta that lists it, and through which kind of key; for every
 * tenant change and every door the previous tenant's keys opened, when that door first knew the
 * new generation. These are the revocation latencies an offline system lives with.
 */
import type { ShardPlan } from '../plan/plan-types.js';
import { PATH_CODES, type DoorState, type HouseholdState, type KeyState } from './shard-state.js';
import type { RevocationRecord, TenantChangeRecord } from './shard-result.js';

export function revocationRecords(doors: readonly DoorState[], keys: readonly KeyState[], grantsAfterReport: ReadonlyMap<string, number>): RevocationRecord[] {
  const records: RevocationRecord[] = [];
  for (const key of keys) {
    const plan = key.plan;
    if (plan.blockReason === null || !key.key) continue;
    for (const door of doors) {
      if (!plan.groups.includes(door.plan.groupId)) continue;
      const reached = plan.blockVersion > 0 ? door.reachedAt[plan.blockVersion]! : NaN;
      const known = !Number.isNaN(reached);
      records.push({
        keyId: plan.keyId,
        door: door.plan.ref,
        reason: plan.blockReason,
        reportedAt: plan.blockedAt,
        blockedAt: known ? reached : null,
        path: known ? PATH_CODES[door.reachedBy[plan.blockVersion]!]! : null,
        grantsAfterReport: grantsAfterReport.get(`${plan.index}:${door.plan.index}`) ?? 0,
      });
    }
  }
  return records;
}

export function tenantChangeRecords(doors: readonly DoorState[], households: readonly HouseholdState[], shard: ShardPlan): TenantChangeRecord[] {
  const records: TenantChangeRecord[] = [];
  for (const household of households) {
    const { plan } = household;
    if (plan.moveOut === Infinity) continue;
    const dwelling = shard.dwellings[plan.dwellingIndex]!;
    for (const door of doors) {
      if (!dwelling.residentGroups.includes(door.plan.groupId)) continue;
      const common = door.plan.privateDwelling === 0;
      let learnedAt = Infinity;
      if (common) {
        for (const [name, at] of door.generationLearnedAt) {
          const [dwellingId, generation] = name.split(':').map(Number) as [number, number];
          if (dwellingId === dwelling.groupId && generation > plan.generation && at < learnedAt) learnedAt = at;
        }
      } else {
        for (const [generation, at] of door.generationAt) if (generation > plan.generation && at < learnedAt) learnedAt = at;
      }
      records.push({ dwelling: dwelling.ref, door: door.plan.ref, common, movedOutAt: plan.moveOut, learnedAt: learnedAt === Infinity ? null : learnedAt });
    }
  }
  return records;
}
