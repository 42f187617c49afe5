/**
 * The state of a complex while it runs, beside what the locks and keys themselves hold: what the
 * simulation knows of each door (which blocklist version it reached when, and by which kind of key;
 * which generations it learned), of each key (issued, lost) and of each household (who carries
 * which key, which keys wait for enrolment, the consent epoch it knows, commands it means to send).
 */
import type { LogWatch } from './log-audit.js';
import type { EstateLock } from '../lock/lock-bank.js';
import type { EstateKey } from '../keys/estate-key.js';
import type { CommandRequest } from '../keys/key-session.js';
import type { DoorPlan, HouseholdPlan, KeyPlan } from '../plan/plan-types.js';
import type { DeliveryPath } from './shard-result.js';

/** Codes of the delivery paths in DoorState.reachedBy. */
export const PATH_CODES: readonly DeliveryPath[] = ['programming', 'physical', 'phone'];

export class DoorState {
  /** The blocklist version the door holds (the simulation's view, from its sessions). */
  version = 0;
  /** reachedAt[v]: when the door first held version v (NaN: not yet); reachedBy[v]: index in PATH_CODES. */
  readonly reachedAt: Float64Array;
  readonly reachedBy: Uint8Array;
  /** Private lock: its generation and when each was reached. */
  generation = 0;
  readonly generationAt = new Map<number, number>();
  /** Common lock: the generation table as the protocol fills it (PROTOCOL.md §7.6 step 10). */
  readonly generationTable = new Map<number, number>();
  /** Common lock: when it learned generation g of dwelling d, keyed `d:g`. */
  readonly generationLearnedAt = new Map<string, number>();
  /** Private lock: emergency openings not yet shown to a tenant's key (their times). */
  readonly unshownEmergencies: number[] = [];
  /** Private lock with a log: what the simulation knows of it (run/log-audit.ts); null: a common lock. */
  log: LogWatch | null = null;

  constructor(
    readonly plan: DoorPlan,
    readonly lock: EstateLock,
    deltaCount: number,
    readonly generationCapacity: number,
  ) {
    this.reachedAt = new Float64Array(deltaCount + 1).fill(NaN);
    this.reachedBy = new Uint8Array(deltaCount + 1);
    this.reachedAt[0] = -Infinity;
  }

  /** A session left the door at `version`: note when and how each version in between was reached. */
  reach(version: number, at: number, path: number): void {
    for (let v = this.version + 1; v <= version; v++) {
      this.reachedAt[v] = at;
      this.reachedBy[v] = path;
    }
    if (version > this.version) this.version = version;
  }

  /** A grant to a key of `generation` for dwelling `dwellingId` at this common lock. */
  learnGeneration(dwellingId: number, generation: number, at: number): void {
    const known = this.generationTable.get(dwellingId);
    if (known === undefined && this.generationTable.size >= this.generationCapacity) return; // a full table leaves it untracked
    if (known !== undefined && known >= generation) return;
    this.generationTable.set(dwellingId, generation);
    this.generationLearnedAt.set(`${dwellingId}:${generation}`, at);
  }

  /** The generation this door knows for `dwellingId` (private: its own; common: its table; 0: none). */
  knownGeneration(dwellingId: number): number {
    return this.plan.privateDwelling !== 0 ? (this.plan.privateDwelling === dwellingId ? this.generation : 0) : (this.generationTable.get(dwellingId) ?? 0);
  }
}

export class KeyState {
  key: EstateKey | null = null;
  /** The credential the key carries (index into plan.credentials). */
  issue = -1;
  lost = false;

  constructor(readonly plan: KeyPlan) {}
}

/** A consent to a contractor's or care worker's key at a dwelling door (R-KEY-4, R-PRV-3). */
export interface ConsentState {
  keyIndex: number;
  doorIndex: number;
  household: number;
  from: number;
  until: number;
  givenAt: number;
  /** When the tenant withdrew it (true clock); Infinity while given. */
  withdrawnAt: number;
  /** When the lock's consent epoch was raised after the withdrawal; Infinity until then. */
  raisedAt: number;
  /** The epoch of the token the key holds; -1: none delivered yet. */
  tokenEpoch: number;
}

export class HouseholdState {
  active = false;
  /** Each member's physical key and phone key (key indices; -1: none). */
  readonly memberKey: number[];
  readonly memberPhone: number[];
  readonly spares: number[];
  /** Keys enrolled at a private door (door index) and not yet come. */
  readonly waiting = new Map<number, Set<number>>();
  /** The consent epoch the household knows per private door (0 after a tenant change). */
  readonly epoch = new Map<number, number>();
  /** Commands to send at a door at the next chance (RAISE_CONSENT_EPOCH, ACK_EMERGENCY). */
  readonly commands = new Map<number, CommandRequest[]>();
  /** Private doors where some of the household's keys still lack the tenant secret. */
  readonly enrolmentDue = new Set<number>();
  /** An enrolment ceremony is under way (its sessions must not start another). */
  inCeremony = false;

  constructor(readonly plan: HouseholdPlan) {
    this.memberKey = [...plan.memberKeys];
    this.memberPhone = [...plan.memberPhones];
    this.spares = [...plan.spareKeys];
  }

  /** The keys the household carries day to day (members' keys and phones). */
  carried(): number[] {
    return [...this.memberKey, ...this.memberPhone].filter((key) => key >= 0);
  }

  /** Every key the household holds: carried ones and spares. */
  held(): number[] {
    return [...this.carried(), ...this.spares];
  }

  waitingAt(door: number): Set<number> {
    let set = this.waiting.get(door);
    if (!set) this.waiting.set(door, (set = new Set()));
    return set;
  }

  queue(door: number, command: CommandRequest): void {
    const list = this.commands.get(door) ?? [];
    if (!list.some((c) => c.command === command.command)) list.push(command);
    else list.splice(list.findIndex((c) => c.command === command.command), 1, command);
    this.commands.set(door, list);
  }
}
