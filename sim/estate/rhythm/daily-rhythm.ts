/**
 * Daily life in a complex: when each resident goes out and comes back, which doors that takes, and
 * when the care workers come. No source gives these figures for a Dutch housing estate; they are
 * assumed, each marked below, and chosen so that a household makes about ten key openings a day
 * (a year of a 10,000-cylinder estate: some twenty million).
 *
 * Going out: the resident locks the dwelling door with the key at a share of the times
 * (scenario `lockOnLeavingShare`); the common doors open from inside without a key. Coming back:
 * an entrance (the front door four times in five when there is also a back door), the shared
 * storage or a facility now and then, the stairwell, the private storage room now and then, the
 * dwelling door, a minute apart.
 */
import type { Random } from '../model/random.js';
import { pathHome } from '../plan/plan-shard.js';
import type { DwellingPlan } from '../plan/plan-types.js';
import type { RhythmName } from '../scenario/scenario-schema.js';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR, weekdayOf } from '../scenario/sim-time.js';
import { CARE_ROUTE, type DayOpenings } from './day-openings.js';

export interface RhythmHousehold {
  index: number;
  dwelling: DwellingPlan;
  rhythm: RhythmName;
  members: number;
  /** The member carries a working phone key. */
  hasPhone(member: number): boolean;
  /** The member carries a working key of some kind. */
  canOpen(member: number): boolean;
}

export interface RhythmCareVisit {
  route: number;
  visitsPerDay: number;
  dwelling: DwellingPlan;
}

export interface RhythmShares {
  phoneShare: number;
  lockOnLeavingShare: number;
}

/** Room for a person's outings of a day before the columns grow: above any rhythm's usual count (Poisson means of at most 2). */
const OUTINGS_ROOM = 16;

/**
 * One person's outings of a day, minutes of the day each starts (`leave`) and ends (`back`), in
 * columns reused from person to person (a year of an estate has tens of millions of outings).
 */
class Outings {
  count = 0;
  leave = new Int32Array(OUTINGS_ROOM);
  back = new Int32Array(OUTINGS_ROOM);

  add(leave: number, back: number): void {
    if (this.count === this.leave.length) this.grow();
    this.leave[this.count] = leave;
    this.back[this.count] = back;
    this.count++;
  }

  /** In order of `leave`; equal ones keep the order they were added in (an insertion sort: a day has a few). */
  sortByLeave(): void {
    const { leave, back } = this;
    for (let i = 1; i < this.count; i++) {
      const l = leave[i]!;
      const b = back[i]!;
      let j = i - 1;
      for (; j >= 0 && leave[j]! > l; j--) {
        leave[j + 1] = leave[j]!;
        back[j + 1] = back[j]!;
      }
      leave[j + 1] = l;
      back[j + 1] = b;
    }
  }

  private grow(): void {
    const leave = new Int32Array(this.leave.length * 2);
    const back = new Int32Array(this.back.length * 2);
    leave.set(this.leave);
    back.set(this.back);
    this.leave = leave;
    this.back = back;
  }
}

const H = MINUTES_PER_HOUR;
/** The last minute a walk home may start: it ends within the day. */
const LAST_RETURN = MINUTES_PER_DAY - 5;
/** Share of homecomings through the front door when there is another entrance (assumed). */
const FRONT_DOOR_SHARE = 0.8;
/** Share of homecomings that pass a shared storage or facility door (assumed: bicycles, bins). */
const OTHER_COMMON_SHARE = 0.12;
/** Share of homecomings that pass the dwelling's own storage room (assumed: about weekly). */
const PRIVATE_STORAGE_SHARE = 0.08;
/** Care visit times: morning, midday, afternoon, evening; then any time of day (assumed, seed 002: care at home several times a day). */
const CARE_SLOTS = [8 * H, 12.5 * H, 17.5 * H, 21 * H, 10 * H, 15 * H];
/** Care visits start within 20 minutes either side of their slot (assumed). */
const CARE_JITTER = 20;

/** One day of outings for one person of a rhythm (all figures assumed), into `kept` (emptied first); `drawn` is working space. */
function outingsOf(rhythm: RhythmName, weekend: boolean, random: Random, drawn: Outings, kept: Outings): void {
  drawn.count = 0;
  kept.count = 0;
  const add = (leave: number, awayMin: number) => drawn.add(Math.round(leave), Math.round(leave + awayMin));
  const outings = (mean: number, from: number, to: number, awayFrom: number, awayTo: number) => {
    const count = random.poisson(mean);
    for (let i = 0; i < count; i++) add(random.between(from, to), random.between(awayFrom, awayTo));
  };
  switch (rhythm) {
    case 'commuter':
      if (weekend) outings(1.4, 9.5 * H, 18 * H, 1 * H, 4 * H);
      else {
        add(8 * H + 40 * random.normal(), 9 * H + 60 * random.normal());
        if (random.chance(0.3)) add(random.between(19 * H, 21 * H), random.between(1 * H, 3 * H));
      }
      break;
    case 'family':
      if (weekend) outings(2, 9 * H, 18 * H, 1 * H, 3 * H);
      else {
        if (random.chance(0.8)) add(random.between(8 * H, 8.5 * H), random.between(20, 45));
        add(random.between(13 * H, 16 * H), random.between(1 * H, 2 * H));
        if (random.chance(0.3)) add(random.between(18.5 * H, 20.5 * H), random.between(1 * H, 2 * H));
      }
      break;
    case 'retired':
      outings(1.3, 9 * H, 17 * H, 1 * H, 3 * H);
      break;
    case 'student':
      outings(1.6, 9 * H, 22 * H, 2 * H, 6 * H);
      break;
    case 'care-client':
      outings(0.25, 10 * H, 15 * H, 1 * H, 2 * H);
      break;
  }
  drawn.sortByLeave();
  // One person is out once at a time: an outing starts half an hour after the last one ended.
  let free = 5 * H;
  for (let i = 0; i < drawn.count; i++) {
    const leave = Math.max(drawn.leave[i]!, free);
    const back = Math.min(leave + Math.max(10, drawn.back[i]! - drawn.leave[i]!), LAST_RETURN);
    if (leave >= back) continue;
    kept.add(leave, back);
    free = back + 30;
  }
}

const DRAWN = new Outings();
const KEPT = new Outings();

/** Adds the day's openings of the households and care visits to `out`, at minutes from the day's start (`dayStart`). */
export function generateDay(day: number, households: readonly RhythmHousehold[], care: readonly RhythmCareVisit[], shares: RhythmShares, random: Random, out: DayOpenings): void {
  const dayStart = day * MINUTES_PER_DAY;
  const weekend = weekdayOf(day) >= 5;
  for (const household of households) {
    const { dwelling } = household;
    for (let member = 0; member < household.members; member++) {
      if (!household.canOpen(member)) continue;
      const phone = household.hasPhone(member);
      const usePhone = () => phone && random.chance(shares.phoneShare);
      outingsOf(household.rhythm, weekend, random, DRAWN, KEPT);
      for (let o = 0; o < KEPT.count; o++) {
        if (random.chance(shares.lockOnLeavingShare)) out.add(dayStart + KEPT.leave[o]!, household.index, member, dwelling.doorIndex, usePhone());
        let at = dayStart + KEPT.back[o]!;
        const viaPhone = usePhone();
        const entrances = dwelling.entranceDoorIndices;
        const entrance = entrances.length === 1 || random.chance(FRONT_DOOR_SHARE) ? entrances[0]! : entrances[1 + random.below(entrances.length - 1)]!;
        out.add(at++, household.index, member, entrance, viaPhone);
        if (dwelling.otherCommonDoorIndices.length > 0 && random.chance(OTHER_COMMON_SHARE)) out.add(at++, household.index, member, random.pick(dwelling.otherCommonDoorIndices), viaPhone);
        if (dwelling.stairwellDoorIndex >= 0 && dwelling.stairwellDoorIndex !== entrance) out.add(at++, household.index, member, dwelling.stairwellDoorIndex, viaPhone);
        if (dwelling.storageDoorIndex >= 0 && random.chance(PRIVATE_STORAGE_SHARE)) out.add(at++, household.index, member, dwelling.storageDoorIndex, viaPhone);
        out.add(at, household.index, member, dwelling.doorIndex, viaPhone);
      }
    }
  }
  for (const visit of care) {
    for (let v = 0; v < visit.visitsPerDay; v++) {
      let at = dayStart + Math.round(CARE_SLOTS[v % CARE_SLOTS.length]! + random.between(-CARE_JITTER, CARE_JITTER));
      const { dwelling } = visit;
      for (const door of pathHome(dwelling)) out.add(at++, CARE_ROUTE, visit.route, door, false);
    }
  }
}
