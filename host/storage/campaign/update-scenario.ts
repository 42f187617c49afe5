/**
 * An update of STORAGE.md's table ("How each update is made") as keys make it at a lock: the
 * sessions that lead up to it, and the session (or provisioning) that is the update. Each session's
 * outcome is checked, so that a scenario that stopped making its update fails loudly instead of
 * cutting nothing of interest.
 */
import { Reason } from '../../../firmware/abi.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { SessionOutcome } from '../../keys/session-outcome.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { EnergyGauge } from '../../firmware/hal-devices.js';
import type { EnergyPrices } from '../../protocol/frames/provisioning-record.js';
import type { CampaignSite, Door } from './campaign-site.js';
import { CampaignError } from './cuttable-update.js';

export interface UpdateScenario {
  /** The update's name in the campaign's report. */
  name: string;
  door: Door;
  /** False: the lock starts blank (provisioning is the update). */
  provisioned: boolean;
  /**
   * Runs the sessions that lead up to the update on `lock` (provisioned as `door` when
   * `provisioned`), and returns the update: the same keys making it at the lock they are given.
   * `gauge` is the preparing lock's energy gauge, a bench supply's until a scenario sets it.
   */
  prepare(site: CampaignSite, lock: LockTarget, gauge: SetGauge): (lock: LockTarget) => void;
  /** The gauge during the update and its replays, nJ (PROTOCOL.md §7.10); a bench supply's when not given. */
  updateEnergyNj?: (prices: EnergyPrices) => number;
}

/** An energy gauge a scenario sets, nJ. */
export class SetGauge implements EnergyGauge {
  constructor(public nj = BENCH_SUPPLY_NJ) {}
  availableNj(): number {
    return this.nj;
  }
}

/** What a bench supply's gauge shows: the HAL's u32 ceiling, nJ (host/devices/bench-supply.ts). */
export const BENCH_SUPPLY_NJ = 0xffff_ffff;

const reasonName = (reason: Reason): string => Reason[reason] ?? String(reason);

export function expectGrant(outcome: SessionOutcome, what: string): void {
  if (outcome.decision !== 'grant') throw new CampaignError(`${what}: expected a grant, the lock refused with ${reasonName(outcome.reason)}`);
}

export function expectRefusal(outcome: SessionOutcome, reason: Reason, what: string): void {
  if (outcome.decision !== 'deny' || outcome.reason !== reason) {
    throw new CampaignError(`${what}: expected a refusal with ${reasonName(reason)}, the lock answered ${outcome.decision} with ${reasonName(outcome.reason)}`);
  }
}

/** A grant that enclosed the tenant secret (a tenant change, an enrolment). */
export function expectSecretReceived(outcome: SessionOutcome, what: string): void {
  expectGrant(outcome, what);
  if (!outcome.tenantSecretReceived) throw new CampaignError(`${what}: the grant enclosed no tenant secret`);
}

/** A grant after which every command sent was done. */
export function expectCommandsDone(outcome: SessionOutcome, count: number, what: string): void {
  expectGrant(outcome, what);
  const done = outcome.commands.filter((command) => command.authenticated && command.reason === Reason.Ok).length;
  if (done !== count) throw new CampaignError(`${what}: ${done} of ${count} commands done (${outcome.commands.map((c) => reasonName(c.reason)).join(', ')})`);
}

/** A grant after `count` deltas, every one applied. */
export function expectDeltasApplied(outcome: SessionOutcome, count: number, what: string): void {
  const applied = outcome.deltas.filter((delta) => delta.reason === Reason.Ok).length;
  if (applied !== count) throw new CampaignError(`${what}: ${applied} of ${count} deltas applied (${outcome.deltas.map((d) => reasonName(d.reason)).join(', ')})`);
  expectGrant(outcome, what);
}

/** The key of the dwelling's first tenant (generation 1). */
export const TENANT = 201;

/**
 * The tenant's first key: its first session at the private lock is the first tenant change, which
 * keeps the new T pending; its second proves T and makes it current (PROTOCOL.md §4.2).
 */
export function moveInTenant(site: CampaignSite, lock: LockTarget, keyId: number): KeyDevice {
  const tenant = site.makeKey({ keyId });
  expectSecretReceived(tenant.insert(lock), 'the first tenant change');
  expectGrant(tenant.insert(lock), "the tenant's first proof of T");
  return tenant;
}
