/**
 * One complex planned: its cylinders (each its own group, PROTOCOL.md §2), its dwellings and the
 * doors their residents pass, the households over time and every key they are handed, care routes,
 * and the timed actions of the scenario's events and of its random events. The same scenario
 * always gives the same plan: ids come from positions, choices from named random streams.
 */
import { Role } from '../../../firmware/abi.js';
import { CRED_GROUPS_MAX } from '../../../firmware/protocol.js';
import { Random } from '../model/random.js';
import { residentCommonKinds } from '../scenario/check-scenario.js';
import type { CareOrganisation, Complex, Household, Scenario, ScenarioEvent } from '../scenario/scenario-schema.js';
import { addMonths, dayOf, MINUTES_PER_DAY, MINUTES_PER_HOUR, parseSimTime } from '../scenario/sim-time.js';
import type { Action, CareClientPlan, CareRoutePlan, DoorPlan, DwellingPlan, HouseholdPlan, KeyPlan, ShardPlan, VisitPurpose } from './plan-types.js';
import { randomEvents, type RandomEvent } from './random-events.js';

/** Key ids are printed on the key as 10 decimal digits (R-DEV-4): 1,000,000,000 + shard x 100,000 + n. */
const KEY_ID_BASE = 1_000_000_000;
const KEY_IDS_PER_SHARD = 100_000;
/** Lock ids: (shard + 1) x 65,536 + the cylinder's position in its complex. */
const LOCK_IDS_PER_SHARD = 65_536;
/** An emergency key is programmed for one event and valid for six hours (assumed: the length of an intervention). */
const EMERGENCY_VALIDITY_MIN = 6 * MINUTES_PER_HOUR;
/** Minutes between two doors of one walk through the building (assumed). */
const WALK_STEP_MIN = 1;
/** A programming round spends two minutes at each door (assumed). */
const PROGRAMMING_STEP_MIN = 2;
/** A found key is tried on the days after its loss: for a week, once or twice a day (assumed). */
const FOUND_KEY_DAYS = 7;
/** A key a former tenant kept is tried twice a week for four weeks (assumed). */
const KEPT_KEY_WEEKS = 4;
const KEPT_KEY_TRIES_PER_WEEK = 2;
/** Contractors come between 08:00 and 17:00 (assumed). */
const WORK_FIRST_HOUR = 8;
const WORK_HOURS = 9;
/** A care credential stays valid one day past its renewal period, so a renewal a day late locks no one out. */
const CARE_GRACE_MIN = MINUTES_PER_DAY;
/** A programming round starts at 09:00 (assumed). */
const ROUND_HOUR = 9;
/** Keys for the households present at the start are handed over at 09:00 on the installation day. */
const HANDOVER_HOUR = 9;
/** Household mixes of the random tenant changes: (members, rhythm, phone keys) with weights (assumed; Dutch social housing is mostly 1-2 person households). */
const NEW_HOUSEHOLDS: { weight: number; household: Household }[] = [
  { weight: 35, household: { members: 1, rhythm: 'retired', keys: 3, extraKeys: 0, phoneKeys: 0 } },
  { weight: 20, household: { members: 1, rhythm: 'commuter', keys: 3, extraKeys: 0, phoneKeys: 1 } },
  { weight: 25, household: { members: 2, rhythm: 'commuter', keys: 3, extraKeys: 0, phoneKeys: 1 } },
  { weight: 15, household: { members: 3, rhythm: 'family', keys: 3, extraKeys: 1, phoneKeys: 1 } },
  { weight: 5, household: { members: 1, rhythm: 'student', keys: 3, extraKeys: 0, phoneKeys: 1 } },
];

export interface BlocklistEntry {
  keyId: number;
  reportedAt: number;
  /** The day after which the key's credential has expired (PROTOCOL.md §8). */
  retireDay: number;
}

export interface ShardPlanning {
  plan: ShardPlan;
  blocklist: BlocklistEntry[];
  careDeadlines: Record<string, number>;
}

interface Context {
  scenario: Scenario;
  complex: Complex;
  shard: number;
  startDay: number;
  endDay: number;
  random: Random;
}

/** Plans complex `shard` of the scenario; its group ids start at `firstGroupId`. */
export function planShard(scenario: Scenario, shard: number, firstGroupId: number, startDay: number, endDay: number): ShardPlanning {
  const complex = scenario.complexes[shard]!;
  const context: Context = { scenario, complex, shard, startDay, endDay, random: Random.named(`${scenario.seed} plan ${complex.id}`) };
  const builder = new ShardBuilder(context, firstGroupId);
  return builder.build();
}

class ShardBuilder {
  private readonly doors: DoorPlan[] = [];
  private readonly dwellings: DwellingPlan[] = [];
  private readonly households: HouseholdPlan[] = [];
  private readonly keys: KeyPlan[] = [];
  private readonly actions: { order: number; action: Action }[] = [];
  private readonly careClients: CareClientPlan[] = [];
  private readonly careRoutes: CareRoutePlan[] = [];
  private readonly blocklist: BlocklistEntry[] = [];
  private readonly careDeadlines: Record<string, number> = {};
  private readonly dwellingByRef = new Map<string, number>();
  private readonly doorByRef = new Map<string, number>();
  /** The household living in each dwelling as the timeline is played; -1: empty. */
  private readonly living: number[] = [];
  private readonly generation: number[] = [];
  /** Every physical key a household was handed, in order (for "lost key N"), and its phone keys. */
  private readonly physicalKeys = new Map<number, number[]>();
  private readonly phoneKeys = new Map<number, number[]>();
  private contractorWindows = 0;

  constructor(
    private readonly context: Context,
    private nextGroupId: number,
  ) {}

  build(): ShardPlanning {
    const { complex, shard, startDay } = this.context;
    this.planDoors();
    const installAt = (startDay - 1) * MINUTES_PER_DAY + HANDOVER_HOUR * MINUTES_PER_HOUR;
    complex.dwellings.forEach((dwelling, index) => {
      this.living.push(-1);
      this.generation.push(0);
      if (dwelling.household) this.moveIn(index, dwelling.household, installAt, false);
    });
    this.planCare();
    this.playTimeline();
    this.planProgrammingRounds();
    const actions = this.actions.sort((a, b) => a.action.at - b.action.at || a.order - b.order).map((entry) => entry.action);
    return {
      plan: {
        index: shard,
        complexId: complex.id,
        name: complex.name ?? complex.id,
        doors: this.doors,
        dwellings: this.dwellings,
        households: this.households,
        keys: this.keys,
        careClients: this.careClients,
        careRoutes: this.careRoutes,
        actions,
      },
      blocklist: this.blocklist,
      careDeadlines: this.careDeadlines,
    };
  }

  // --- Cylinders and dwellings -------------------------------------------------------------

  private addDoor(ref: string, kind: DoorPlan['kind'], privateDwelling: number, dwellingIndex: number): DoorPlan {
    if (this.nextGroupId > 0xffff) throw new RangeError('more cylinders than group ids (u16, PROTOCOL.md §2)');
    const index = this.doors.length;
    const door: DoorPlan = {
      index,
      ref,
      kind,
      lockId: (this.context.shard + 1) * LOCK_IDS_PER_SHARD + index,
      groupId: kind === 'dwelling' ? privateDwelling : this.nextGroupId++,
      privateDwelling,
      dwellingIndex,
    };
    this.doors.push(door);
    this.doorByRef.set(ref, index);
    return door;
  }

  private planDoors(): void {
    const { complex } = this.context;
    for (const door of complex.doors) this.addDoor(`${complex.id}/${door.id}`, door.kind, 0, -1);
    const commonIndex = (id: string) => this.doorByRef.get(`${complex.id}/${id}`)!;
    const fronts = complex.doors.filter((door) => door.kind === 'front').map((door) => commonIndex(door.id));
    const backs = complex.doors.filter((door) => door.kind === 'back').map((door) => commonIndex(door.id));
    const residentCommon = complex.doors.filter((door) => residentCommonKinds().includes(door.kind) && door.kind !== 'front' && door.kind !== 'back').map((door) => commonIndex(door.id));
    complex.dwellings.forEach((dwelling, index) => {
      const ref = `${complex.id}/${dwelling.id}`;
      const groupId = this.nextGroupId++;
      const door = this.addDoor(ref, 'dwelling', groupId, index);
      const storage = dwelling.storage ? this.addDoor(`${ref}#storage`, 'private-storage', groupId, index) : undefined;
      const stairwell = dwelling.stairwell !== undefined ? commonIndex(dwelling.stairwell) : -1;
      // Residents come in by a front door; where there is none (a portiek block), by their stairwell
      // door from the street; a back door is the other way in.
      const primary = fronts.length > 0 ? fronts : stairwell >= 0 ? [stairwell] : backs.length > 0 ? backs.slice(0, 1) : [0];
      const entrances = [...new Set([...primary, ...fronts, ...backs])];
      const commons = [...new Set([...entrances, ...residentCommon, ...(stairwell >= 0 ? [stairwell] : [])])];
      this.dwellings.push({
        index,
        ref,
        groupId,
        doorIndex: door.index,
        storageDoorIndex: storage?.index ?? -1,
        stairwellDoorIndex: stairwell,
        entranceDoorIndices: entrances,
        otherCommonDoorIndices: residentCommon,
        residentGroups: [...commons.map((i) => this.doors[i]!.groupId), groupId, ...(storage ? [storage.groupId] : [])],
      });
      this.dwellingByRef.set(ref, index);
    });
  }

  /** The doors from outside to a dwelling: an entrance, its stairwell, its door. */
  private pathTo(dwellingIndex: number): number[] {
    return pathHome(this.dwellings[dwellingIndex]!);
  }

  // --- Keys and households -----------------------------------------------------------------

  private addKey(key: Omit<KeyPlan, 'index' | 'keyId' | 'blockedAt' | 'blockVersion' | 'blockReason'>): number {
    const index = this.keys.length;
    if (index >= KEY_IDS_PER_SHARD) throw new RangeError(`complex ${this.context.complex.id}: more than ${KEY_IDS_PER_SHARD} keys`);
    this.keys.push({ ...key, index, keyId: KEY_ID_BASE + this.context.shard * KEY_IDS_PER_SHARD + index, blockedAt: Infinity, blockVersion: 0, blockReason: null });
    return index;
  }

  private residentCredential(at: number): KeyPlan['credentials'] {
    const years = this.context.scenario.policy.residentValidityYears;
    const from = dayOf(at) * MINUTES_PER_DAY;
    return [{ issuedAt: at, validFrom: from, validUntil: from + Math.round(years * 365.25) * MINUTES_PER_DAY }];
  }

  private residentKey(household: number, dwellingIndex: number, generation: number, at: number, carrier: 'physical' | 'phone', role: Role, holder: KeyPlan['holder']): number {
    const dwelling = this.dwellings[dwellingIndex]!;
    return this.addKey({ role, carrier, holder, groups: dwelling.residentGroups, dwellingId: dwelling.groupId, generation, credentials: this.residentCredential(at) });
  }

  /** A household moves in: its keys are issued at `at`, the dwelling's generation goes up (R-KEY-3). */
  private moveIn(dwellingIndex: number, household: Household, at: number, action: boolean): void {
    const index = this.households.length;
    const generation = ++this.generation[dwellingIndex]!;
    const physical: number[] = [];
    const memberKeys: number[] = [];
    const spareKeys: number[] = [];
    const total = household.keys + household.extraKeys;
    for (let k = 0; k < total; k++) {
      const role = k < household.keys ? Role.Resident : Role.ExtraKey;
      const holder: KeyPlan['holder'] = k < household.members ? { kind: 'resident', household: index, member: k } : { kind: 'spare', household: index };
      const key = this.residentKey(index, dwellingIndex, generation, at, 'physical', role, holder);
      physical.push(key);
      (k < household.members ? memberKeys : spareKeys).push(key);
    }
    const phones: number[] = [];
    const memberPhones: (number | -1)[] = [];
    for (let m = 0; m < household.members; m++) {
      if (m < household.phoneKeys) {
        const key = this.residentKey(index, dwellingIndex, generation, at, 'phone', Role.Resident, { kind: 'resident', household: index, member: m });
        phones.push(key);
        memberPhones.push(key);
      } else {
        memberPhones.push(-1);
      }
    }
    this.physicalKeys.set(index, physical);
    this.phoneKeys.set(index, phones);
    this.households.push({ index, dwellingIndex, generation, moveIn: at, moveOut: Infinity, members: household.members, rhythm: household.rhythm, memberKeys, memberPhones, spareKeys });
    this.living[dwellingIndex] = index;
    if (action) this.addAction({ kind: 'move-in', at, household: index });
  }

  private addAction(action: Action): void {
    this.actions.push({ order: this.actions.length, action });
  }

  private block(key: number, at: number, reason: 'lost' | 'care-withdrawn'): void {
    const plan = this.keys[key]!;
    if (plan.blockedAt <= at) return;
    plan.blockedAt = at;
    plan.blockReason = reason;
    const validUntil = Math.max(...plan.credentials.map((c) => c.validUntil));
    this.blocklist.push({ keyId: plan.keyId, reportedAt: at, retireDay: dayOf(validUntil) + 1 });
  }

  private visit(at: number, key: number, doors: number[], purpose: VisitPurpose): void {
    this.addAction({ kind: 'visit', at, key, doors, purpose });
  }

  // --- The timeline of events --------------------------------------------------------------

  private playTimeline(): void {
    const { scenario, complex, startDay, endDay, random } = this.context;
    const mine = (ref: string) => ref.startsWith(`${complex.id}/`);
    const endAt = endDay * MINUTES_PER_DAY;
    type Entry = { at: number; order: number; listed?: ScenarioEvent; random?: RandomEvent };
    const entries: Entry[] = [];
    scenario.events.forEach((event, order) => {
      const refs = [event.lostKey?.dwelling, event.extraKey?.dwelling, event.tenantChange?.dwelling, event.careConsent?.dwelling, event.emergency?.dwelling, event.logConsent?.dwelling, event.contractorWindow?.dwelling, ...(event.contractorWindow?.doors ?? [])].filter((r): r is string => r !== undefined);
      const round = event.programmingRound && (event.programmingRound.complex === 'all' || event.programmingRound.complex === complex.id);
      if (round || (refs.length > 0 && refs.every(mine))) entries.push({ at: parseSimTime(event.at)!, order, listed: event });
    });
    const keysAtStart = this.keys.filter((key) => key.holder.kind === 'resident' || key.holder.kind === 'spare').length;
    const households = this.living.filter((h) => h >= 0).length;
    const exposure = { keys: keysAtStart, households, dwellings: this.dwellings.length, careClients: this.careClients.length };
    randomEvents(scenario.randomEvents, exposure, startDay, endDay, Random.named(`${scenario.seed} random events ${complex.id}`)).forEach((event, i) => entries.push({ at: event.at, order: scenario.events.length + i, random: event }));
    entries.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const entry of entries) {
      if (entry.at >= endAt) break;
      if (entry.listed) this.listedEvent(entry.listed, entry.at);
      else if (entry.random) this.randomEvent(entry.random, random);
    }
  }

  private householdAt(dwellingRef: string): number {
    const index = this.dwellingByRef.get(dwellingRef);
    return index === undefined ? -1 : this.living[index]!;
  }

  private listedEvent(event: ScenarioEvent, at: number): void {
    if (event.lostKey) {
      const household = this.householdAt(event.lostKey.dwelling);
      if (household < 0) return;
      const list = event.lostKey.phone !== undefined ? this.phoneKeys.get(household)! : this.physicalKeys.get(household)!;
      const key = list[(event.lostKey.phone ?? event.lostKey.key ?? 1) - 1];
      if (key !== undefined) this.loseKey(household, key, at, event.lostKey.found);
    } else if (event.extraKey) {
      const household = this.householdAt(event.extraKey.dwelling);
      if (household >= 0) this.extraKey(household, at, event.extraKey.phone);
    } else if (event.tenantChange) {
      const change = event.tenantChange;
      this.tenantChange(this.dwellingByRef.get(change.dwelling)!, at, change.household, change.moveInAfterDays, change.keysNotReturned);
    } else if (event.contractorWindow) {
      const window = event.contractorWindow;
      const dwelling = window.dwelling === undefined ? -1 : this.dwellingByRef.get(window.dwelling)!;
      const doors = window.doors.map((ref) => this.doorByRef.get(ref)!);
      this.contractorWindow(window.contractor, doors, dwelling, window.consent ?? dwelling >= 0, at, parseSimTime(window.until)!, window.visits, window.lateVisits);
    } else if (event.careConsent) {
      const dwelling = this.dwellingByRef.get(event.careConsent.dwelling)!;
      this.careClients.forEach((client, index) => {
        if (client.dwellingIndex === dwelling && client.from <= at && at < client.until) this.careConsent(index, at, event.careConsent!.given);
      });
    } else if (event.emergency) {
      this.emergency(this.dwellingByRef.get(event.emergency.dwelling)!, at, event.emergency.reason);
    } else if (event.logConsent) {
      this.addAction({ kind: 'log-consent', at, dwellingIndex: this.dwellingByRef.get(event.logConsent.dwelling)!, on: event.logConsent.on });
    } else if (event.programmingRound) {
      this.programmingRound(at);
    }
  }

  private randomEvent(event: RandomEvent, random: Random): void {
    const { at } = event;
    const occupied = this.living.map((household, dwelling) => ({ household, dwelling })).filter((entry) => entry.household >= 0);
    switch (event.kind) {
      case 'lostKey': {
        if (occupied.length === 0) return;
        const { household } = random.pick(occupied);
        const plan = this.households[household]!;
        const carried = [...plan.memberKeys, ...plan.memberPhones.filter((k) => k >= 0)].filter((k) => this.keys[k]!.blockedAt === Infinity);
        if (carried.length > 0) this.loseKey(household, random.pick(carried), at, random.chance(this.context.scenario.randomEvents.foundShare));
        return;
      }
      case 'extraKey':
        if (occupied.length > 0) this.extraKey(random.pick(occupied).household, at, random.chance(0.5));
        return;
      case 'tenantChange': {
        const dwelling = random.below(this.dwellings.length);
        const next = random.pick(NEW_HOUSEHOLDS.map((h) => h.household), NEW_HOUSEHOLDS.map((h) => h.weight));
        this.tenantChange(dwelling, at, next, random.below(15), random.chance(0.2) ? 1 : 0);
        return;
      }
      case 'emergency':
        if (occupied.length > 0) this.emergency(random.pick(occupied).dwelling, at, random.pick(['fire', 'leak', 'danger'], [1, 6, 2]));
        return;
      case 'contractorWindow': {
        const technical = this.doors.filter((door) => door.kind === 'installation' || door.kind === 'facility').map((door) => door.index);
        const start = dayOf(at) * MINUTES_PER_DAY + WORK_FIRST_HOUR * MINUTES_PER_HOUR;
        const until = start + WORK_HOURS * MINUTES_PER_HOUR;
        if (technical.length > 0) this.contractorWindow('maintenance', [random.pick(technical)], -1, false, start, until, 1 + random.below(2), random.chance(0.2) ? 1 : 0);
        else if (occupied.length > 0) this.contractorWindow('maintenance', [], random.pick(occupied).dwelling, true, start, until, 1, random.chance(0.2) ? 1 : 0);
        return;
      }
      case 'careConsentWithdrawal': {
        const active = this.careClients.map((client, index) => ({ client, index })).filter(({ client }) => client.from <= at && at < client.until && client.consent.at(-1)?.[1] === true);
        if (active.length > 0) this.careConsent(random.pick(active).index, at, false);
        return;
      }
      case 'logConsentChange':
        if (occupied.length > 0) {
          this.addAction({ kind: 'log-consent', at, dwellingIndex: random.pick(occupied).dwelling, on: random.chance(0.5) });
        }
        return;
    }
  }

  private loseKey(household: number, key: number, at: number, found: boolean): void {
    const plan = this.keys[key]!;
    if (plan.blockedAt !== Infinity) return;
    this.addAction({ kind: 'lost-key', at, household, key });
    this.block(key, at, 'lost');
    const replacementAt = at + this.context.scenario.policy.replacementDelayDays * MINUTES_PER_DAY;
    const dwelling = this.households[household]!.dwellingIndex;
    const replacement = this.residentKey(household, dwelling, plan.generation, replacementAt, plan.carrier === 'phone' ? 'phone' : 'physical', plan.role, plan.holder);
    (plan.carrier === 'phone' ? this.phoneKeys : this.physicalKeys).get(household)!.push(replacement);
    this.addAction({ kind: 'issue-key', at: replacementAt, household, key: replacement, replaces: key });
    if (found && plan.carrier === 'physical') {
      const random = this.context.random;
      for (let day = 1; day <= FOUND_KEY_DAYS; day++) {
        const tries = 1 + random.below(2);
        for (let t = 0; t < tries; t++) this.visit(this.walkTime(at, day, random), key, this.pathTo(dwelling), 'misuse-found');
      }
    }
  }

  private walkTime(from: number, days: number, random: Random): number {
    return (dayOf(from) + days) * MINUTES_PER_DAY + Math.floor((8 + random.next() * 14) * MINUTES_PER_HOUR);
  }

  private extraKey(household: number, at: number, phone: boolean): void {
    const plan = this.households[household]!;
    const key = this.residentKey(household, plan.dwellingIndex, plan.generation, at, phone ? 'phone' : 'physical', Role.ExtraKey, { kind: 'spare', household });
    (phone ? this.phoneKeys : this.physicalKeys).get(household)!.push(key);
    this.addAction({ kind: 'issue-key', at, household, key, replaces: -1 });
  }

  private tenantChange(dwelling: number, at: number, next: Household | undefined, moveInAfterDays: number, keysNotReturned: number): void {
    const previous = this.living[dwelling]!;
    if (previous >= 0) {
      this.households[previous]!.moveOut = at;
      this.addAction({ kind: 'move-out', at, household: previous });
      const kept = this.physicalKeys.get(previous)!.filter((k) => this.keys[k]!.blockedAt === Infinity).slice(0, keysNotReturned);
      const random = this.context.random;
      for (const key of kept) {
        for (let week = 0; week < KEPT_KEY_WEEKS; week++) {
          for (let t = 0; t < KEPT_KEY_TRIES_PER_WEEK; t++) {
            const path = this.pathTo(dwelling);
            this.visit(this.walkTime(at, week * 7 + 1 + random.below(7), random), key, random.chance(0.5) ? path : path.slice(0, -1), 'misuse-former-tenant');
          }
        }
      }
      for (const client of this.careClients) if (client.dwellingIndex === dwelling && client.until > at) client.until = at;
    }
    this.living[dwelling] = -1;
    if (next) this.moveIn(dwelling, next, at + moveInAfterDays * MINUTES_PER_DAY + 2 * MINUTES_PER_HOUR, true);
  }

  private contractorWindow(contractor: string, doors: number[], dwelling: number, consent: boolean, at: number, until: number, visits: number, lateVisits: number): void {
    const entrance = this.dwellings[Math.max(0, dwelling)]?.entranceDoorIndices[0] ?? 0;
    const inside = dwelling >= 0 ? this.pathTo(dwelling) : [];
    const path = [...new Set([entrance, ...doors.filter((d) => d !== entrance), ...inside.filter((d) => d !== entrance)])];
    const groups = path.map((d) => this.doors[d]!.groupId).slice(0, CRED_GROUPS_MAX);
    const window = this.contractorWindows++;
    const key = this.addKey({ role: Role.Contractor, carrier: 'physical', holder: { kind: 'contractor', contractor, window }, groups, dwellingId: 0, generation: 0, credentials: [{ issuedAt: at, validFrom: at, validUntil: until }] });
    if (dwelling >= 0 && consent) this.addAction({ kind: 'contractor-consent', at, key, dwellingIndex: dwelling, until });
    const slots = workingSlots(at, until);
    for (let v = 0; v < visits && slots.length > 0; v++) this.visit(slots[Math.floor(((v + 0.5) * slots.length) / visits)]!, key, path, 'contractor');
    for (let v = 1; v <= lateVisits; v++) this.visit((dayOf(until) + v) * MINUTES_PER_DAY + 10 * MINUTES_PER_HOUR, key, path, 'contractor-late');
  }

  /** The landlord's emergency key, programmed for the event (the reason is the scenario's: fire, leak, danger, R-EMG-1). */
  private emergency(dwelling: number, at: number, _reason: string): void {
    const path = this.pathTo(dwelling);
    const key = this.addKey({ role: Role.Emergency, carrier: 'physical', holder: { kind: 'emergency', dwelling }, groups: path.map((d) => this.doors[d]!.groupId), dwellingId: 0, generation: 0, credentials: [{ issuedAt: at, validFrom: at, validUntil: at + EMERGENCY_VALIDITY_MIN }] });
    this.visit(at, key, path, 'emergency');
  }

  private programmingRound(at: number): void {
    const doors = this.doors.map((door) => door.index);
    const key = this.addKey({ role: Role.Programming, carrier: 'programmer', holder: { kind: 'programmer' }, groups: [this.doors[0]!.groupId], dwellingId: 0, generation: 0, credentials: [{ issuedAt: at, validFrom: at, validUntil: at + doors.length * PROGRAMMING_STEP_MIN + MINUTES_PER_DAY }] });
    this.addAction({ kind: 'programming-round', at, key, doors });
  }

  private planProgrammingRounds(): void {
    const { scenario, startDay, endDay } = this.context;
    const every = scenario.policy.programmingRoundDays;
    if (every <= 0) return;
    for (let day = startDay + every; day < endDay; day += every) this.programmingRound(day * MINUTES_PER_DAY + ROUND_HOUR * MINUTES_PER_HOUR);
  }

  // --- Care ----------------------------------------------------------------------------------

  private planCare(): void {
    const { scenario, complex, startDay, endDay } = this.context;
    const startAt = startDay * MINUTES_PER_DAY;
    const endAt = endDay * MINUTES_PER_DAY;
    for (const org of scenario.careOrganisations) {
      const deadline = careDeadline(org, scenario, startDay);
      this.careDeadlines[org.id] = deadline;
      const clients = org.clients.filter((client) => client.dwelling.startsWith(`${complex.id}/`));
      if (clients.length === 0) continue;
      let route: { groups: Set<number>; clients: number[] } | undefined;
      const routes: { groups: Set<number>; clients: number[] }[] = [];
      for (const client of clients) {
        const dwelling = this.dwellingByRef.get(client.dwelling)!;
        const path = this.pathTo(dwelling).map((d) => this.doors[d]!.groupId);
        const merged = new Set([...(route?.groups ?? []), ...path]);
        if (!route || merged.size > CRED_GROUPS_MAX) {
          route = { groups: new Set(path), clients: [] };
          routes.push(route);
        } else {
          route.groups = merged;
        }
        const from = client.from ? parseSimTime(client.from)! : startAt;
        const index = this.careClients.length;
        this.careClients.push({ organisation: org.id, dwellingIndex: dwelling, visitsPerDay: client.visitsPerDay, from, until: client.until ? parseSimTime(client.until)! : endAt, route: -1, consent: [] });
        route.clients.push(index);
      }
      for (const r of routes) {
        const from = Math.min(...r.clients.map((c) => this.careClients[c]!.from));
        const issues = careIssues(from, Math.min(deadline, endAt), scenario.policy.careRenewalDays);
        const routeIndex = this.careRoutes.length;
        const key = this.addKey({ role: Role.CareWorker, carrier: 'physical', holder: { kind: 'care', organisation: org.id, route: routeIndex }, groups: [...r.groups], dwellingId: 0, generation: 0, credentials: issues });
        this.careRoutes.push({ index: routeIndex, organisation: org.id, keyIndex: key, clients: r.clients });
        issues.forEach((issue, i) => {
          if (i > 0) this.addAction({ kind: 'renew-credential', at: issue.issuedAt, key, issue: i });
        });
        for (const c of r.clients) {
          const client = this.careClients[c]!;
          client.route = routeIndex;
          this.careConsent(c, client.from, true);
        }
        if (deadline < endAt) this.block(key, deadline, 'care-withdrawn');
      }
    }
  }

  private careConsent(client: number, at: number, given: boolean): void {
    const plan = this.careClients[client]!;
    if ((plan.consent.at(-1)?.[1] ?? false) === given) return;
    plan.consent.push([at, given]);
    this.addAction({ kind: 'care-consent', at, client, given });
  }
}

/** The starts of the working hours (08:00 to 17:00, on the hour) within [from, until); `from` itself if none. */
function workingSlots(from: number, until: number): number[] {
  const slots: number[] = [];
  for (let day = dayOf(from); day * MINUTES_PER_DAY < until; day++) {
    for (let hour = WORK_FIRST_HOUR; hour < WORK_FIRST_HOUR + WORK_HOURS; hour++) {
      const at = day * MINUTES_PER_DAY + hour * MINUTES_PER_HOUR;
      if (at >= from && at < until) slots.push(at);
    }
  }
  return slots.length > 0 ? slots : [from];
}

/** The doors from outside to a dwelling: its first entrance, its stairwell (unless that is the entrance), its door. */
export function pathHome(dwelling: DwellingPlan): number[] {
  const entrance = dwelling.entranceDoorIndices[0]!;
  const stairwell = dwelling.stairwellDoorIndex >= 0 && dwelling.stairwellDoorIndex !== entrance ? [dwelling.stairwellDoorIndex] : [];
  return [entrance, ...stairwell, dwelling.doorIndex];
}

/** The care credentials of a route: one every `renewalDays` from `from` while before `until`, each valid one period and a day. */
function careIssues(from: number, until: number, renewalDays: number): KeyPlan['credentials'] {
  const issues: KeyPlan['credentials'] = [];
  for (let at = from; at < until || issues.length === 0; at += renewalDays * MINUTES_PER_DAY) {
    issues.push({ issuedAt: at, validFrom: at, validUntil: at + renewalDays * MINUTES_PER_DAY + CARE_GRACE_MIN });
  }
  return issues;
}

/**
 * When the management system must withdraw an organisation's access (R-CARE-4): one confirmation
 * period after the last confirmation it made. An organisation that never stops confirming keeps it.
 */
export function careDeadline(org: CareOrganisation, scenario: Scenario, startDay: number): number {
  if (org.stopsConfirmingAfter === undefined) return Infinity;
  const months = scenario.policy.careConfirmationMonths;
  let last = org.lastConfirmation ? dayOf(parseSimTime(org.lastConfirmation)!) : startDay;
  const stops = dayOf(parseSimTime(org.stopsConfirmingAfter)!);
  while (addMonths(last, months) <= stops) last = addMonths(last, months);
  return addMonths(last, months) * MINUTES_PER_DAY;
}
