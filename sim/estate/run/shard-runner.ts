/**
 * Runs one complex over the simulated months: day by day, its planned actions and the openings of
 * daily life in time order, each opening a whole session of a key at a cylinder's firmware
 * (keys/key-session.ts). A physical key's insertion runs on the energy of its turn: the fast path
 * (lock/fast-rail.ts) when it can vouch that the capacitor would have done the same, the physics
 * model (lock/physical-lane.ts) for a sample and whenever it cannot. Everything random comes from
 * streams named by the scenario's seed, the complex and the day, so a complex runs the same
 * whichever thread runs it and whatever else runs.
 */
import { Command, ENROLMENT_PLACES, MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import { Reason, Role } from '../../../firmware/abi.js';
import type { DeltaBook, EstateKey } from '../keys/estate-key.js';
import { runSession, SessionScratch, type CommandRequest } from '../keys/key-session.js';
import { SessionRecord } from '../keys/session-record.js';
import { EstateLock } from '../lock/lock-bank.js';
import type { EnergyOutcome } from '../lock/physical-lane.js';
import { hash32, Random, seed32 } from '../model/random.js';
import type { Action, EstatePlan, ShardPlan } from '../plan/plan-types.js';
import { pathHome } from '../plan/plan-shard.js';
import { CARE_ROUTE, DayOpenings } from '../rhythm/day-openings.js';
import { generateDay, type RhythmCareVisit, type RhythmHousehold } from '../rhythm/daily-rhythm.js';
import { MAX_TURNS, PACE_CARE_WORKER, PACE_CONTRACTOR, PACE_EMERGENCY, paceOf, turnDurationMs } from '../rhythm/turn-pace.js';
import { AuditBook, auditGrant, type GrantContext } from './audit-book.js';
import type { RunEnvironment } from './run-environment.js';
import { emptyCounts, type ShardResult } from './shard-result.js';
import { ConsentBook } from './consent-book.js';
import { checkLogRetention, checkLogWrites, logFingerprint, logRingOf, LogWatch, type LogRing } from './log-audit.js';
import { KeyIssuer } from './key-issuer.js';
import { DoorState, HouseholdState, KeyState, PATH_CODES } from './shard-state.js';
import { revocationRecords, tenantChangeRecords } from './shard-summary.js';

export type EstateHeader = Omit<EstatePlan, 'shards'>;

/** One decided or failed insertion, for tests and traces. */
export interface SessionEvent {
  at: number;
  keyId: number;
  role: Role;
  door: string;
  carrier: string;
  granted: boolean;
  /** Reason code; -1 without a decision (no power, brown-out). */
  reason: number;
  energy: EnergyOutcome | 'bench';
  path: 'fast' | 'physics' | 'bench';
}

export interface ShardRunOptions {
  /** Overrides the scenario's physicalSampleEvery: 1 runs every physical insertion on the physics model; Infinity none but the uncertain ones. */
  physicalSampleEvery?: number;
  /** Called at the end of each day with the number of days done. */
  onDay?: (daysDone: number) => void;
  /** Called for every insertion. */
  onSession?: (event: SessionEvent) => void;
  /** Keep the notable insertions (all but residents' everyday grants) in the result, for the trace. */
  keepNotable?: boolean;
}

/** Notable insertions kept per complex at most. */
const NOTABLE_KEPT = 50_000;

const PATH_PROGRAMMING = PATH_CODES.indexOf('programming');
const PATH_PHYSICAL = PATH_CODES.indexOf('physical');
const PATH_PHONE = PATH_CODES.indexOf('phone');
/** Doors of one walk are a minute apart (plan-shard.ts). */
const WALK_STEP_MIN = 1;
/** A programming round spends two minutes at each door (plan-shard.ts). */
const PROGRAMMING_STEP_MIN = 2;
const NO_COMMANDS: readonly CommandRequest[] = [];
const NO_KEYS: readonly number[] = [];
/** Enrolment rounds of one ceremony: four keys a round (§9.2) covers any household. */
const ENROLMENT_ROUNDS = 4;
/** Every this many days (true clock) the logs that were ever on are read for entries kept too long. */
const LOG_RETENTION_CHECK_DAYS = 7;
/** Households receive their keys on the installation day five minutes apart, within ten hours (assumed). */
const HANDOVER_STEP_MIN = 5;
const HANDOVER_SPAN_MIN = 10 * 60;

export function runShard(environment: RunEnvironment, estate: EstateHeader, shard: ShardPlan, options: ShardRunOptions = {}): ShardResult {
  return new ShardRun(environment, estate, shard, options).run();
}

class ShardRun {
  private readonly issuer: KeyIssuer;
  private readonly consents: ConsentBook;
  private readonly book: DeltaBook;
  private readonly doors: DoorState[];
  private readonly keys: KeyState[];
  private readonly households: HouseholdState[];
  private readonly record = new SessionRecord();
  private readonly scratch = new SessionScratch();
  private readonly audit = new AuditBook();
  private readonly counts = emptyCounts();
  private readonly perDay = { openings: [] as number[], grants: [] as number[], refusals: [] as number[], energyFailures: [] as number[] };
  private readonly marginsUj: number[] = [];
  private readonly latenciesUs: number[] = [];
  private readonly notable: SessionEvent[] = [];
  private readonly day = { openings: 0, grants: 0, refusals: 0, energyFailures: 0 };
  private readonly seed: number;
  private readonly sampleEvery: number;
  private readonly normalTurnMs: number;
  private physicalInsertions = 0;
  /** The current insertion changed its lock's log ring on the physics model. */
  private logTouchedOnPhysics = false;
  /** Which path the last physical attempt took. */
  private lastPath: 'fast' | 'physics' = 'fast';
  /** Where the private locks keep their log (the same for every lock of the profile); null without a log. */
  private readonly logRing: LogRing | null;
  /** How fast keys are turned: a stream per day (and one for the installation day). */
  private pace: Random;

  constructor(
    private readonly environment: RunEnvironment,
    private readonly estate: EstateHeader,
    private readonly shard: ShardPlan,
    private readonly options: ShardRunOptions,
  ) {
    const { profile } = environment;
    this.book = { frames: estate.deltas.map((delta) => delta.frame) };
    this.seed = seed32(`${estate.seed} ${shard.complexId}`);
    this.issuer = new KeyIssuer(estate.siteKey, estate.siteId, estate.deltas, profile.capacities.keyDeltaStoreEntries.value, this.seed);
    this.sampleEvery = options.physicalSampleEvery ?? estate.policy.physicalSampleEvery;
    this.pace = Random.named(`${estate.seed} pace ${shard.complexId} installation`);
    this.normalTurnMs = profile.energy.normalTurnDurationMs.value;
    const generationCapacity = profile.capacities.generationTableEntries.value;
    this.doors = shard.doors.map((plan) => {
      const lock = new EstateLock(plan.lockId, profile.nvm.sizeBytes.value, profile.nvm.erasedValue.value, hash32(this.seed, plan.lockId, 1));
      const record = this.issuer.management.makeProvisioningRecord({ lockId: plan.lockId, privateDwelling: plan.privateDwelling, groups: [plan.groupId], markDay: estate.installDay, profile });
      const reason = environment.bank.provision(lock, record);
      if (reason !== Reason.Ok) throw new Error(`provisioning ${plan.ref} failed: ${Reason[reason]}`);
      return new DoorState(plan, lock, estate.deltas.length, generationCapacity);
    });
    const firstPrivate = this.doors.find((door) => door.plan.privateDwelling !== 0);
    this.logRing = firstPrivate ? logRingOf(firstPrivate.lock.nvm.bytes) : null;
    if (this.logRing) {
      for (const door of this.doors) if (door.plan.privateDwelling !== 0) door.log = new LogWatch();
      environment.bank.watch(this.logRing.start, this.logRing.end);
    }
    this.keys = shard.keys.map((plan) => new KeyState(plan));
    // One context for every grant's audit, filled in place (an opening allocates nothing).
    this.grantContext = { book: this.audit, at: 0, door: this.doors[0]!, key: this.keys[0]!, record: this.record, movedOutAt: Infinity, consent: undefined, careRenewalLimitMin: estate.policy.careRenewalLimitDays * MINUTES_PER_DAY, careDeadline: Infinity };
    this.households = shard.households.map((plan) => new HouseholdState(plan));
    this.consents = new ConsentBook(this.keys, this.doors);
  }

  run(): ShardResult {
    const { estate, shard } = this;
    const openings = new DayOpenings();
    let next = 0;
    // The households living there when the cylinders are installed receive their keys that day,
    // a few minutes apart, and try them at their doors.
    this.households.forEach((household, i) => {
      if (household.plan.moveIn < estate.startDay * MINUTES_PER_DAY) this.moveIn(household, household.plan.moveIn + ((i * HANDOVER_STEP_MIN) % HANDOVER_SPAN_MIN));
    });
    while (next < shard.actions.length && shard.actions[next]!.at < estate.startDay * MINUTES_PER_DAY) this.act(shard.actions[next++]!);
    for (let day = estate.startDay; day < estate.endDay; day++) {
      this.pace = Random.named(`${estate.seed} pace ${shard.complexId} ${day}`);
      openings.clear();
      generateDay(day, this.rhythmHouseholds(day), this.careVisits(day), estate, Random.named(`${estate.seed} rhythm ${shard.complexId} ${day}`), openings);
      const order = openings.sorted();
      const dayEnd = (day + 1) * MINUTES_PER_DAY;
      let o = 0;
      while (o < order.length || (next < shard.actions.length && shard.actions[next]!.at < dayEnd)) {
        const action = next < shard.actions.length && shard.actions[next]!.at < dayEnd ? shard.actions[next]! : undefined;
        const i = o < order.length ? order[o]! : -1;
        if (action && (i < 0 || action.at <= openings.minute[i]!)) {
          next++;
          this.act(action);
        } else {
          o++;
          this.dailyOpening(openings.minute[i]!, openings.who[i]!, openings.member[i]!, openings.door[i]!, openings.phone[i] === 1);
        }
      }
      this.endDay(day);
      this.options.onDay?.(day - estate.startDay + 1);
    }
    const end = estate.endDay * MINUTES_PER_DAY;
    for (const door of this.doors) for (const at of door.unshownEmergencies) this.audit.figure('emergency-shown', 'notShownByEndMin', end - at);
    return {
      shard: shard.index,
      complexId: shard.complexId,
      doors: shard.doors.length,
      dwellings: shard.dwellings.length,
      keys: shard.keys.length,
      households: shard.households.length,
      counts: this.counts,
      perDay: this.perDay,
      marginsUj: this.marginsUj,
      latenciesUs: this.latenciesUs,
      revocations: revocationRecords(this.doors, this.keys, this.grantsAfterReport),
      tenantChanges: tenantChangeRecords(this.doors, this.households, shard),
      audit: this.audit.evidence,
      notable: this.notable,
    };
  }

  /** Grants after its report per lost key and door, `keyIndex:doorIndex`. */
  private readonly grantsAfterReport = new Map<string, number>();
  private readonly grantContext: GrantContext;

  private endDay(today: number): void {
    const { day, perDay } = this;
    if ((today - this.estate.startDay + 1) % LOG_RETENTION_CHECK_DAYS === 0) {
      for (const door of this.doors) if (door.log?.everOn) checkLogRetention(this.audit, door, door.log, today);
    }
    perDay.openings.push(day.openings);
    perDay.grants.push(day.grants);
    perDay.refusals.push(day.refusals);
    perDay.energyFailures.push(day.energyFailures);
    day.openings = day.grants = day.refusals = day.energyFailures = 0;
  }

  // --- Who opens what ------------------------------------------------------------------------

  private rhythmHouseholds(day: number): RhythmHousehold[] {
    const dayStart = day * MINUTES_PER_DAY;
    const usable = (key: number) => this.usable(key);
    return this.households
      .filter((h) => h.active && h.plan.moveIn <= dayStart)
      .map((h) => ({
        index: h.plan.index,
        dwelling: this.shard.dwellings[h.plan.dwellingIndex]!,
        rhythm: h.plan.rhythm,
        members: h.plan.members,
        hasPhone: (member: number) => usable(h.memberPhone[member] ?? -1),
        canOpen: (member: number) => usable(h.memberKey[member] ?? -1) || usable(h.memberPhone[member] ?? -1),
      }));
  }

  private careVisits(day: number): RhythmCareVisit[] {
    const dayStart = day * MINUTES_PER_DAY;
    return this.shard.careClients
      .filter((client) => client.from < dayStart + MINUTES_PER_DAY && client.until > dayStart && client.route >= 0)
      .map((client) => ({ route: client.route, visitsPerDay: client.visitsPerDay, dwelling: this.shard.dwellings[client.dwellingIndex]! }));
  }

  private dailyOpening(at: number, who: number, member: number, door: number, phone: boolean): void {
    if (who === CARE_ROUTE) {
      const route = this.shard.careRoutes[member]!;
      const client = this.shard.careClients.find((c) => c.route === member && this.shard.dwellings[c.dwellingIndex]!.doorIndex === door);
      if (client && (at < client.from || at >= client.until)) return;
      this.insert(route.keyIndex, door, at, PACE_CARE_WORKER);
      return;
    }
    const household = this.households[who]!;
    if (!household.active || at < household.plan.moveIn) return;
    const physical = household.memberKey[member] ?? -1;
    const phoneKey = household.memberPhone[member] ?? -1;
    const key = phone && this.usable(phoneKey) ? phoneKey : this.usable(physical) ? physical : this.usable(phoneKey) ? phoneKey : -1;
    if (key >= 0) this.insert(key, door, at, paceOf(household.plan.rhythm));
  }

  /** The key exists, has been issued and is not lost. */
  private usable(key: number): boolean {
    if (key < 0) return false;
    const state = this.keys[key]!;
    return !state.lost && state.key !== null;
  }

  // --- Actions ---------------------------------------------------------------------------------

  private act(action: Action): void {
    switch (action.kind) {
      case 'move-in':
        this.moveIn(this.households[action.household]!, action.at);
        return;
      case 'move-out': {
        const household = this.households[action.household]!;
        household.active = false;
        this.consents.end(action.household, action.at);
        const watch = this.doors[this.shard.dwellings[household.plan.dwellingIndex]!.doorIndex]!.log;
        if (watch?.wanted) {
          // The consent was the household's: it ends when it leaves, though the lock logs on until the next tenant change.
          watch.wanted = false;
          watch.wantedOffAt = action.at;
        }
        return;
      }
      case 'lost-key':
        this.loseKey(this.households[action.household]!, action.key);
        return;
      case 'issue-key':
        this.issueKey(this.households[action.household]!, action.key, action.at);
        return;
      case 'visit':
        this.ensureIssued(action.key, action.at);
        this.walk(action.key, action.doors, action.at, action.purpose === 'emergency' ? PACE_EMERGENCY : PACE_CONTRACTOR);
        return;
      case 'care-consent':
        this.careConsent(action.client, action.given, action.at);
        return;
      case 'contractor-consent': {
        const household = this.livingIn(action.dwellingIndex, action.at);
        if (household < 0) return;
        this.ensureIssued(action.key, action.at);
        this.consents.give(action.key, this.shard.dwellings[action.dwellingIndex]!.doorIndex, this.households[household]!, action.at, action.until);
        return;
      }
      case 'renew-credential':
        this.renew(action.key, action.issue, action.at);
        return;
      case 'log-consent':
        this.logConsent(action.dwellingIndex, action.on, action.at);
        return;
      case 'programming-round':
        this.programmingRound(action.key, action.doors, action.at);
        return;
    }
  }

  /**
   * A household moves in: it receives its keys and walks in with the first one. At its own door
   * that key makes the tenant change (§7.8) and the household's other keys are enrolled; so too at
   * its storage room.
   */
  private moveIn(household: HouseholdState, at: number): void {
    household.active = true;
    for (const key of household.held()) this.ensureIssued(key, at);
    const dwelling = this.shard.dwellings[household.plan.dwellingIndex]!;
    household.enrolmentDue.add(dwelling.doorIndex);
    if (dwelling.storageDoorIndex >= 0) household.enrolmentDue.add(dwelling.storageDoorIndex);
    const first = household.memberKey[0] ?? -1;
    const path = [...this.pathHome(household.plan.dwellingIndex), ...(dwelling.storageDoorIndex >= 0 ? [dwelling.storageDoorIndex] : [])];
    if (first >= 0) this.walk(first, path, at, paceOf(household.plan.rhythm));
  }

  private pathHome(dwellingIndex: number): number[] {
    return pathHome(this.shard.dwellings[dwellingIndex]!);
  }

  private livingIn(dwellingIndex: number, at: number): number {
    const household = this.households.find((h) => h.plan.dwellingIndex === dwellingIndex && h.plan.moveIn <= at && at < h.plan.moveOut);
    return household ? household.plan.index : -1;
  }

  /** A loss: the member carries a spare (or goes by phone) until the replacement comes. */
  private loseKey(household: HouseholdState, key: number): void {
    this.keys[key]!.lost = true;
    const member = household.memberKey.indexOf(key);
    if (member >= 0) household.memberKey[member] = household.spares.shift() ?? -1;
    const phone = household.memberPhone.indexOf(key);
    if (phone >= 0) household.memberPhone[phone] = -1;
    const spare = household.spares.indexOf(key);
    if (spare >= 0) household.spares.splice(spare, 1);
  }

  /** A replacement or extra key: a member without a key of that kind takes it, else it is a spare. It must be enrolled (§9.2). */
  private issueKey(household: HouseholdState, key: number, at: number): void {
    this.ensureIssued(key, at);
    if (!household.active) return;
    const dwelling = this.shard.dwellings[household.plan.dwellingIndex]!;
    household.enrolmentDue.add(dwelling.doorIndex);
    if (dwelling.storageDoorIndex >= 0) household.enrolmentDue.add(dwelling.storageDoorIndex);
    const plan = this.keys[key]!.plan;
    if (plan.carrier === 'phone') {
      const member = household.memberPhone.indexOf(-1);
      if (member >= 0) household.memberPhone[member] = key;
      return;
    }
    const member = household.memberKey.indexOf(-1);
    if (member >= 0) household.memberKey[member] = key;
    else household.spares.push(key);
  }

  /** The management system issues credential `issue` of a key, and loads the deltas issued by then. */
  private ensureIssued(keyIndex: number, at: number, issue = 0): EstateKey {
    return this.issuer.issue(this.keys[keyIndex]!, at, issue);
  }

  private renew(keyIndex: number, issue: number, at: number): void {
    const plan = this.keys[keyIndex]!.plan;
    const previous = plan.credentials[issue - 1]!;
    if (plan.role === Role.CareWorker) {
      this.audit.checked('care-renewal');
      const gap = plan.credentials[issue]!.issuedAt - previous.issuedAt;
      if (gap > this.estate.policy.careRenewalLimitDays * MINUTES_PER_DAY) {
        this.audit.fail('care-renewal', { at, door: '-', keyId: plan.keyId, what: `renewed ${(gap / MINUTES_PER_DAY).toFixed(0)} days after the previous credential (limit ${this.estate.policy.careRenewalLimitDays})` });
      }
    }
    if (this.keys[keyIndex]!.key) this.ensureIssued(keyIndex, at, issue);
  }

  private careConsent(client: number, given: boolean, at: number): void {
    const plan = this.shard.careClients[client]!;
    const route = this.shard.careRoutes[plan.route]!;
    const door = this.shard.dwellings[plan.dwellingIndex]!.doorIndex;
    const household = this.livingIn(plan.dwellingIndex, at);
    if (given) {
      if (household < 0) return;
      this.ensureIssued(route.keyIndex, at);
      this.consents.give(route.keyIndex, door, this.households[household]!, at, plan.until);
      return;
    }
    this.consents.withdraw(route.keyIndex, door, at);
    if (household >= 0) this.households[household]!.queue(door, { command: Command.RaiseConsentEpoch, argument: 0 });
  }

  /** The tenant switches the dwelling's log on or off (R-PRV-2): LOG_SWITCH at its next visit (§9.4). */
  private logConsent(dwellingIndex: number, on: boolean, at: number): void {
    const household = this.livingIn(dwellingIndex, at);
    const doorIndex = this.shard.dwellings[dwellingIndex]!.doorIndex;
    const watch = this.doors[doorIndex]!.log;
    if (household < 0 || !watch) return;
    watch.wanted = on;
    if (!on) watch.wantedOffAt = at;
    this.households[household]!.queue(doorIndex, { command: Command.LogSwitch, argument: on ? 1 : 0 });
  }

  private programmingRound(keyIndex: number, doors: number[], at: number): void {
    this.ensureIssued(keyIndex, at);
    doors.forEach((door, i) => this.insert(keyIndex, door, at + i * PROGRAMMING_STEP_MIN, 1));
  }

  /** A walk through doors, a minute apart; it stops at the first door that stays shut. */
  private walk(keyIndex: number, doors: readonly number[], at: number, pace: number): void {
    for (let i = 0; i < doors.length; i++) {
      if (!this.insert(keyIndex, doors[i]!, at + i * WALK_STEP_MIN, pace)) return;
    }
  }

  // --- One insertion ---------------------------------------------------------------------------

  /** One key at one door; true when the door opened. `enrol`: key indices the key enrols after its grant (§9.2). */
  private insert(keyIndex: number, doorIndex: number, at: number, pace: number, enrol: readonly number[] = NO_KEYS): boolean {
    const state = this.keys[keyIndex]!;
    const key = state.key;
    if (!key) return false;
    const door = this.doors[doorIndex]!;
    const plan = state.plan;
    const programmer = plan.carrier === 'programmer';
    this.environment.bank.watchedWrites = 0;
    this.logTouchedOnPhysics = false;
    if (plan.carrier === 'phone') this.issuer.refreshPhone(state, at);
    const household = this.householdOf(state);
    const queued = household ? this.commandsFor(household, keyIndex, doorIndex) : NO_COMMANDS;
    const commands = enrol.length === 0 ? queued : [...queued, ...enrol.map((k) => ({ command: Command.Enrol, argument: this.keys[k]!.plan.keyId }))];
    const { record } = this;
    let energy: EnergyOutcome | 'bench' = 'bench';
    let path: SessionEvent['path'] = 'bench';
    if (plan.carrier === 'physical') {
      let decided = false;
      for (let attempt = 0; attempt < MAX_TURNS && !decided; attempt++) {
        energy = this.physicalAttempt(key, door, at, pace, attempt, commands);
        path = this.lastPath;
        decided = energy === 'released' || (energy === 'refused' && record.reason !== Reason.InsufficientEnergy);
        this.counts.openings++;
        this.day.openings++;
        this.counts.byCarrier.physical++;
        if (!decided) {
          this.day.energyFailures++;
          if (record.lockId !== 0) door.reach(record.versionAfter, at, PATH_PHYSICAL);
          if (energy === 'no-power-on') this.counts.noPowerOn++;
          else if (energy === 'brown-out') this.counts.brownOut++;
          else this.countDecision(false);
          this.report(at, state, door, energy, path);
        }
      }
      if (!decided) {
        this.counts.givenUp++;
        this.watchLog(door, at, plan.keyId);
        return false;
      }
    } else {
      this.environment.bank.select(door.lock, Infinity);
      runSession(key, this.environment.bank.port, this.book, this.scratch, record, commands);
      if (programmer) this.counts.programmingSessions++;
      else {
        this.counts.openings++;
        this.day.openings++;
        this.counts.byCarrier.phone++;
      }
    }
    if (!programmer) this.countDecision(record.granted);
    this.report(at, state, door, energy, path);
    this.watchLog(door, at, plan.keyId);
    this.afterSession(keyIndex, doorIndex, at, household);
    return record.granted;
  }

  /** After a private lock's insertion: its log may have changed only if its tenant wants it on. */
  private watchLog(door: DoorState, at: number, keyId: number): void {
    if (door.log) checkLogWrites(this.audit, door, door.log, at, keyId, this.environment.bank.watchedWrites > 0 || this.logTouchedOnPhysics);
  }

  private report(at: number, state: KeyState, door: DoorState, energy: EnergyOutcome | 'bench', path: SessionEvent['path']): void {
    const { onSession, keepNotable } = this.options;
    if (!onSession && !keepNotable) return;
    const event = this.sessionEvent(at, state, door, energy, path);
    onSession?.(event);
    const routine = event.granted && (event.role === Role.Resident || event.role === Role.ExtraKey) && !state.lost && state.plan.blockedAt > at;
    if (keepNotable && !routine && this.notable.length < NOTABLE_KEPT) this.notable.push(event);
  }

  private sessionEvent(at: number, state: KeyState, door: DoorState, energy: EnergyOutcome | 'bench', path: SessionEvent['path']): SessionEvent {
    const decided = energy === 'bench' || energy === 'released' || energy === 'refused';
    return { at, keyId: state.plan.keyId, role: state.plan.role, door: door.plan.ref, carrier: state.plan.carrier, granted: decided && this.record.granted, reason: decided ? this.record.reason : -1, energy, path };
  }

  private countDecision(granted: boolean): void {
    if (granted) {
      this.counts.grants++;
      this.day.grants++;
    } else {
      this.counts.refusals[this.record.reason]!++;
      this.day.refusals++;
    }
  }

  /**
   * One turn of a physical key: the capacitor must reach power-on; then the session runs on the fast
   * path unless this insertion is in the physics sample, and on the physics model if the fast
   * path cannot vouch for it (undone first: NVM, the lock's and the key's random draws).
   */
  private physicalAttempt(key: EstateKey, door: DoorState, at: number, pace: number, attempt: number, commands: readonly CommandRequest[]): EnergyOutcome {
    this.lastPath = 'fast';
    const { environment, record } = this;
    const turnMs = turnDurationMs(this.normalTurnMs, pace, attempt, this.pace);
    const powerOn = environment.powerOn.at(turnMs);
    record.reset();
    if (!powerOn.poweredOn) return 'no-power-on';
    const sampled = hash32(this.seed, this.physicalInsertions++, 3) % this.sampleEvery === 0;
    if (!sampled) {
      const { bank } = environment;
      const lockDraws = door.lock.entropy.draws;
      const keyDraws = key.nonce.draws;
      bank.select(door.lock, powerOn.energyNj);
      bank.beginJournal();
      runSession(key, bank.port, this.book, this.scratch, record, commands);
      if (!bank.rail.uncertain) {
        bank.commit();
        return record.granted ? 'released' : 'refused';
      }
      bank.rollback();
      door.lock.entropy.draws = lockDraws;
      key.nonce.draws = keyDraws;
      this.counts.physicsUncertain++;
    } else {
      this.counts.physicsSample++;
    }
    const lane = environment.lane;
    const ring = door.log ? this.logRing : null;
    const printBefore = ring ? logFingerprint(ring, door.lock.nvm.bytes) : 0;
    const result = lane.insert(door.lock, environment.powerOn.turn(turnMs), () => runSession(key, lane.port, this.book, this.scratch, record, commands));
    if (ring && logFingerprint(ring, door.lock.nvm.bytes) !== printBefore) this.logTouchedOnPhysics = true;
    if (result.outcome !== 'no-power-on') {
      this.marginsUj.push(result.marginUj);
      this.latenciesUs.push(result.latencyUs);
    }
    if (result.outcome === 'brown-out') record.granted = false;
    this.lastPath = 'physics';
    return result.outcome;
  }

  private householdOf(state: KeyState): HouseholdState | undefined {
    const holder = state.plan.holder;
    return holder.kind === 'resident' || holder.kind === 'spare' ? this.households[holder.household] : undefined;
  }

  /** What a household key sends after its grant at a private door (§9.2): the commands queued there. */
  private commandsFor(household: HouseholdState, keyIndex: number, doorIndex: number): readonly CommandRequest[] {
    if (this.doors[doorIndex]!.plan.privateDwelling === 0 || !household.active || this.keys[keyIndex]!.lost) return NO_COMMANDS;
    return household.commands.get(doorIndex) ?? NO_COMMANDS;
  }

  // --- After a session ---------------------------------------------------------------------------

  private afterSession(keyIndex: number, doorIndex: number, at: number, household: HouseholdState | undefined): void {
    const { record } = this;
    const state = this.keys[keyIndex]!;
    const key = state.key!;
    const door = this.doors[doorIndex]!;
    if (record.lockId === 0) return; // no CHALLENGE: nothing learned
    key.keep(record);
    const carrier = state.plan.carrier === 'programmer' ? PATH_PROGRAMMING : state.plan.carrier === 'phone' ? PATH_PHONE : PATH_PHYSICAL;
    door.reach(record.versionAfter, at, carrier);
    if (record.error) return;
    const plan = state.plan;
    const resident = plan.role === Role.Resident || plan.role === Role.ExtraKey;
    if (record.granted) {
      if (door.plan.privateDwelling === 0) {
        if (plan.dwellingId !== 0) door.learnGeneration(plan.dwellingId, plan.generation, at);
      } else if (resident && plan.generation > door.generation && plan.dwellingId === door.plan.privateDwelling) {
        door.generation = plan.generation;
        door.generationAt.set(plan.generation, at);
        door.log?.tenantChanged();
      }
      this.auditGranted(keyIndex, door, at, household);
      if (plan.blockReason !== null && at >= plan.blockedAt) {
        const name = `${keyIndex}:${doorIndex}`;
        this.grantsAfterReport.set(name, (this.grantsAfterReport.get(name) ?? 0) + 1);
      }
    }
    if (!household || door.plan.privateDwelling === 0 || !household.active || state.lost) return;
    this.tenantSide(household, keyIndex, doorIndex, at);
  }

  private auditGranted(keyIndex: number, door: DoorState, at: number, household: HouseholdState | undefined): void {
    const state = this.keys[keyIndex]!;
    const plan = state.plan;
    const holder = plan.holder;
    const thirdParty = plan.role === Role.Contractor || plan.role === Role.CareWorker;
    const consent = thirdParty && door.plan.privateDwelling !== 0 ? this.consents.latest(keyIndex, door.plan.index) : undefined;
    const context = this.grantContext;
    context.at = at;
    context.door = door;
    context.key = state;
    context.movedOutAt = household ? household.plan.moveOut : Infinity;
    context.consent = consent;
    context.careDeadline = holder.kind === 'care' ? (this.estate.careDeadlines[holder.organisation] ?? Infinity) : Infinity;
    auditGrant(context);
    if (door.plan.kind !== 'dwelling') return;
    if (plan.role === Role.Emergency) {
      this.audit.checked('emergency-shown');
      door.unshownEmergencies.push(at);
      return;
    }
    const tenantKey = (plan.role === Role.Resident || plan.role === Role.ExtraKey) && household?.active && plan.generation === door.generation;
    if (!tenantKey || door.unshownEmergencies.length === 0) return;
    if (this.record.notice) {
      for (const when of door.unshownEmergencies) this.audit.figure('emergency-shown', 'shownAfterMin', at - when);
      door.unshownEmergencies.length = 0;
      household!.queue(door.plan.index, { command: Command.AckEmergency, argument: this.record.notice.count });
    } else {
      this.audit.fail('emergency-shown', { at, door: door.plan.ref, keyId: plan.keyId, what: `a tenant's key opened the dwelling without being shown the emergency opening of ${new Date(Date.UTC(2024, 0, 1) + door.unshownEmergencies[0]! * 60_000).toISOString().slice(0, 16)}` });
    }
  }

  /** The tenant's side at a private door: enrolments, commands done, consent tokens. */
  private tenantSide(household: HouseholdState, keyIndex: number, doorIndex: number, at: number): void {
    const { record } = this;
    const door = this.doors[doorIndex]!;
    const waiting = household.waitingAt(doorIndex);
    if (record.tenantSecret) {
      waiting.delete(keyIndex);
      if (door.plan.kind === 'dwelling') this.consents.deliver(household, doorIndex);
    }
    for (const done of record.commands) {
      if (done.reason !== Reason.Ok) continue;
      if (done.command === Command.Enrol) {
        const enrolled = household.held().find((k) => this.keys[k]!.plan.keyId === done.argument);
        if (enrolled !== undefined) waiting.add(enrolled);
      } else if (done.command === Command.RaiseConsentEpoch) {
        this.dropCommand(household, doorIndex, Command.RaiseConsentEpoch);
        this.consents.raised(household, doorIndex, at, done.value);
      } else if (done.command === Command.AckEmergency) {
        this.dropCommand(household, doorIndex, Command.AckEmergency);
      } else if (done.command === Command.LogSwitch && door.log) {
        this.dropCommand(household, doorIndex, Command.LogSwitch);
        door.log.told = done.argument === 1;
        if (door.log.told) door.log.everOn = true;
      }
    }
    if (record.granted && household.enrolmentDue.has(doorIndex) && !household.inCeremony && this.keys[keyIndex]!.key!.tenant.has(door.plan.lockId)) {
      household.inCeremony = true;
      try {
        this.enrolmentCeremony(household, keyIndex, doorIndex, at);
      } finally {
        household.inCeremony = false;
      }
    }
  }

  /**
   * The tenant enrols the household's keys that lack T at a private door (after moving in, after a
   * new key): the key that holds T sends ENROL for up to four of them (§9.2; a key that has just
   * received T must be turned once more), then each enrolled key is tried in the door and receives
   * T. Rounds repeat while keys remain and progress is made.
   */
  private enrolmentCeremony(household: HouseholdState, enroller: number, doorIndex: number, at: number): void {
    const lockId = this.doors[doorIndex]!.plan.lockId;
    const pace = paceOf(household.plan.rhythm);
    const lacking = () => household.held().filter((k) => !this.keys[k]!.lost && this.keys[k]!.key !== null && !this.keys[k]!.key!.tenant.has(lockId));
    for (let round = 0; round < ENROLMENT_ROUNDS; round++) {
      const missing = lacking();
      if (missing.length === 0) {
        household.enrolmentDue.delete(doorIndex);
        return;
      }
      const waiting = household.waitingAt(doorIndex);
      const toEnrol = missing.filter((k) => !waiting.has(k)).slice(0, Math.max(0, ENROLMENT_PLACES - waiting.size));
      if (toEnrol.length > 0) this.insert(enroller, doorIndex, at, pace, toEnrol);
      const ready = missing.filter((k) => waiting.has(k));
      if (ready.length === 0) return;
      for (const key of ready) this.insert(key, doorIndex, at, pace);
    }
  }

  private dropCommand(household: HouseholdState, doorIndex: number, command: Command): void {
    const list = household.commands.get(doorIndex);
    if (list) household.commands.set(doorIndex, list.filter((c) => c.command !== command));
  }
}
