/**
 * The consents tenants give contractors' and care workers' keys to their dwelling door (R-KEY-4,
 * PROTOCOL.md §6.2), and their withdrawal (R-PRV-3): the tenant makes a consent token with a key
 * that holds the door's tenant secret, for the consent epoch it knows; a withdrawal reaches the lock
 * when the tenant's key raises the epoch there (§9.2), after which the consents still in force get
 * new tokens. The audit reads when each was given, withdrawn, and raised at the lock.
 */
import type { ConsentState, DoorState, HouseholdState, KeyState } from './shard-state.js';

export class ConsentBook {
  private readonly consents: ConsentState[] = [];

  constructor(
    private readonly keys: readonly KeyState[],
    private readonly doors: readonly DoorState[],
  ) {}

  /** The tenant gives `keyIndex` consent at dwelling door `door` from `at` until `until`. */
  give(keyIndex: number, door: number, household: HouseholdState, at: number, until: number): void {
    this.consents.push({ keyIndex, doorIndex: door, household: household.plan.index, from: at, until, givenAt: at, withdrawnAt: Infinity, raisedAt: Infinity, tokenEpoch: -1 });
    this.deliver(household, door);
  }

  /** The tenant withdraws the consents of `keyIndex` at `door` (the lock learns it when the epoch is raised there). */
  withdraw(keyIndex: number, door: number, at: number): void {
    for (const consent of this.consents) if (consent.keyIndex === keyIndex && consent.doorIndex === door && consent.withdrawnAt === Infinity) consent.withdrawnAt = at;
  }

  /** The lock at `door` raised its consent epoch to `epoch` at `at`: withdrawals before now are in force there. */
  raised(household: HouseholdState, door: number, at: number, epoch: number): void {
    household.epoch.set(door, epoch);
    for (const consent of this.consents) if (consent.doorIndex === door && consent.withdrawnAt <= at && consent.raisedAt === Infinity) consent.raisedAt = at;
    this.deliver(household, door);
  }

  /** The household moves out: its consents end. */
  end(household: number, at: number): void {
    for (const consent of this.consents) if (consent.household === household && consent.until > at) consent.until = at;
  }

  /** The newest consent of `keyIndex` at `door`, if any. */
  latest(keyIndex: number, door: number): ConsentState | undefined {
    for (let i = this.consents.length - 1; i >= 0; i--) {
      const consent = this.consents[i]!;
      if (consent.keyIndex === keyIndex && consent.doorIndex === door) return consent;
    }
    return undefined;
  }

  /**
   * The tenant makes a token for every consent in force at `door` whose key lacks one at the
   * current epoch. It needs T: until a household key holds it, the tokens wait.
   */
  deliver(household: HouseholdState, door: number): void {
    const lockId = this.doors[door]!.plan.lockId;
    const maker = household.carried().map((k) => this.keys[k]!.key).find((key) => key?.tenant.has(lockId));
    if (!maker) return;
    const epoch = household.epoch.get(door) ?? 0;
    for (const consent of this.consents) {
      if (consent.household !== household.plan.index || consent.doorIndex !== door || consent.withdrawnAt !== Infinity || consent.tokenEpoch === epoch) continue;
      const key = this.keys[consent.keyIndex]!;
      key.key?.consent.set(lockId, maker.makeConsentToken(lockId, key.plan.keyId, consent.from, consent.until, epoch));
      consent.tokenEpoch = epoch;
    }
  }
}
