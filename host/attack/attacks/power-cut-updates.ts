/**
 * The sessions whose MAC check is followed by a write (docs/STORAGE.md, "How each update is made"),
 * as a key makes them: each is cut at every point after its MAC check by power-cut.ts. `retry` is
 * the key as it was before the session (it never received the answer), inserted again after the
 * reboot; `expected` what the retry must get when nothing is lost.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { Command } from '../../../firmware/protocol.js';
import type { CommandFields } from '../../protocol/frames.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { COMMON_LOCK, minutesAt, PRIVATE_LOCK, START_DAY, type AttackLock, type AttackSite, type LockSpec } from '../attack-site.js';
import { replicaOf, type KeyReplica } from '../key-replica.js';

export interface PowerCutUpdate {
  name: string;
  door: LockSpec;
  /** The update's commit precedes its release (an AUTH that writes); a COMMAND's follows its session's release. */
  commitBeforeRelease: boolean;
  /** What the retry gets when nothing is lost. */
  expected: Reason;
  /** The sessions before, on `lock`; the key that makes the update, its commands, and the retry key. */
  prepare(site: AttackSite, lock: AttackLock): { key: KeyDevice; commands?: CommandFields[]; retry: KeyReplica };
}

const TENANT = 201;
const ENROLLED = 202;

function replica(site: AttackSite, key: KeyDevice, lock: AttackLock): KeyReplica {
  return replicaOf(key, site.management.keyKeyFor(key.keyId), lock.lockId);
}

/** The tenant moved in at `lock` (generation 1), holding the pending T (PROTOCOL.md §4.2). */
function movedIn(site: AttackSite, lock: LockTarget): KeyDevice {
  const tenant = site.makeKey({ keyId: TENANT });
  if (!tenant.insert(lock).tenantSecretReceived) throw new Error('the tenant did not move in');
  return tenant;
}

/** The tenant moved in at `lock` and opened once since, which made its T current. */
function tenantOf(site: AttackSite, lock: LockTarget): KeyDevice {
  const tenant = movedIn(site, lock);
  if (tenant.insert(lock).decision !== 'grant') throw new Error("the tenant's first proof of T was refused");
  return tenant;
}

/** A command update: the tenant's session with `command`; the retry is the tenant with the T it held. */
function tenantCommand(name: string, command: CommandFields, before?: (site: AttackSite, lock: AttackLock) => void): PowerCutUpdate {
  return {
    name,
    door: PRIVATE_LOCK,
    commitBeforeRelease: false,
    expected: Reason.Ok,
    prepare(site, lock) {
      const tenant = tenantOf(site, lock.target);
      before?.(site, lock);
      return { key: tenant, commands: [command], retry: replica(site, tenant, lock) };
    },
  };
}

export const POWER_CUT_UPDATES: readonly PowerCutUpdate[] = [
  {
    name: 'grant that moves the mark',
    door: COMMON_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      const key = site.makeKey({ keyId: 71, issuedAtMinutes: minutesAt(START_DAY + 5) });
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'refusal that moves the mark',
    door: COMMON_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Blocked,
    prepare(site, lock) {
      const key = site.makeKey({ keyId: 72, issuedAtMinutes: minutesAt(START_DAY + 5) });
      const courier = site.makeKey({ keyId: 73, role: Role.Contractor, dwellingId: 0, generation: 0 });
      courier.carryDelta(site.management.issueBlocklistDelta([{ op: 'add', keyId: 72, retireDay: START_DAY + 365 }]));
      courier.insert(lock.target);
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'generation raised at a common door',
    door: COMMON_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      site.makeKey({ keyId: 74 }).insert(lock.target);
      const key = site.makeKey({ keyId: 75, generation: 2 });
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'first tenant change',
    door: PRIVATE_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      const key = site.makeKey({ keyId: TENANT });
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'pending T made current',
    door: PRIVATE_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      const key = movedIn(site, lock.target);
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'tenant change',
    door: PRIVATE_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      tenantOf(site, lock.target);
      const key = site.makeKey({ keyId: 211, generation: 2 });
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'enrolled key collects T',
    door: PRIVATE_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      tenantOf(site, lock.target).insert(lock.target, { commands: [{ command: Command.Enrol, argument: ENROLLED }] });
      const key = site.makeKey({ keyId: ENROLLED, role: Role.ExtraKey });
      return { key, retry: replica(site, key, lock) };
    },
  },
  {
    name: 'emergency opening',
    door: PRIVATE_LOCK,
    commitBeforeRelease: true,
    expected: Reason.Ok,
    prepare(site, lock) {
      tenantOf(site, lock.target);
      const key = site.makeKey({ keyId: 901, role: Role.Emergency, dwellingId: 0, generation: 0 });
      return { key, retry: replica(site, key, lock) };
    },
  },
  tenantCommand('ENROL', { command: Command.Enrol, argument: ENROLLED }),
  tenantCommand('RAISE_CONSENT_EPOCH', { command: Command.RaiseConsentEpoch, argument: 0 }),
  tenantCommand('ACK_EMERGENCY', { command: Command.AckEmergency, argument: 1 }, (site, lock) => {
    site.makeKey({ keyId: 902, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(lock.target);
  }),
  tenantCommand('ROTATE', { command: Command.Rotate, argument: 0 }),
];
