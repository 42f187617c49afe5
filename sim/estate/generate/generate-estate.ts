/**
 * A generated estate for `cylsim estate --doors N --keys M`: complexes of the kinds a Dutch housing
 * corporation has (portiek blocks without a front door, gallery blocks, towers), exactly N cylinders
 * in all (common doors, dwelling doors, private storage rooms), households in every dwelling and
 * exactly M keys among them at the start (three physical keys per household, R-KEY-1; the rest as
 * extra keys and phone keys), care organisations with clients, contractors, and yearly rates of
 * random events. All figures are assumptions, marked below; the seed makes the same estate again.
 */
import { Random } from '../model/random.js';
import type { Household, RhythmName, ScenarioInput } from '../scenario/scenario-schema.js';

export interface GenerateOptions {
  doors: number;
  keys: number;
  seed?: string;
  start?: string;
  months?: number;
  profile?: string;
}

export class GenerateError extends Error {
  override readonly name = 'GenerateError';
}

type DoorInput = { id: string; kind: 'front' | 'back' | 'stairwell' | 'storage' | 'installation' | 'facility' };
type DwellingInput = { id: string; stairwell: string; storage: boolean; household: Partial<Household> & { members: number } };
type ComplexInput = { id: string; name: string; doors: DoorInput[]; dwellings: DwellingInput[] };

/** A complex kind: its common doors, dwellings per stairwell and stairwells, share of private storage rooms (all assumed). */
interface Kind {
  name: string;
  commons: (stairwells: number) => DoorInput[];
  stairwells: [number, number];
  perStairwell: [number, number];
  storageShare: number;
}

const KINDS: { weight: number; kind: Kind }[] = [
  {
    weight: 5,
    kind: {
      name: 'portiek',
      commons: (n) => [...stairwellDoors(n, 'portiek'), { id: 'achterdeur', kind: 'back' }, { id: 'bergingen', kind: 'storage' }, { id: 'fietsenstalling', kind: 'facility' }, { id: 'technische-ruimte', kind: 'installation' }],
      stairwells: [2, 6],
      perStairwell: [6, 10],
      storageShare: 0.9,
    },
  },
  {
    weight: 3,
    kind: {
      name: 'galerij',
      commons: (n) => [{ id: 'voordeur', kind: 'front' }, { id: 'achterdeur', kind: 'back' }, ...stairwellDoors(n, 'trap'), { id: 'meterkast', kind: 'installation' }, { id: 'wasruimte', kind: 'facility' }],
      stairwells: [1, 3],
      perStairwell: [12, 30],
      storageShare: 0.4,
    },
  },
  {
    weight: 2,
    kind: {
      name: 'toren',
      commons: (n) => [{ id: 'voordeur', kind: 'front' }, { id: 'achterdeur', kind: 'back' }, ...stairwellDoors(n, 'hal'), { id: 'technische-ruimte', kind: 'installation' }, { id: 'liftmachinekamer', kind: 'installation' }, { id: 'fietsenstalling', kind: 'facility' }],
      stairwells: [1, 1],
      perStairwell: [40, 120],
      storageShare: 1,
    },
  },
];

function stairwellDoors(count: number, prefix: string): DoorInput[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String.fromCharCode(97 + i)}`, kind: 'stairwell' as const }));
}

/** Household sizes and rhythms (assumed: Dutch social housing, mostly one and two person households). */
const HOUSEHOLDS: { weight: number; members: number; rhythm: RhythmName }[] = [
  { weight: 22, members: 1, rhythm: 'retired' },
  { weight: 14, members: 1, rhythm: 'commuter' },
  { weight: 5, members: 1, rhythm: 'student' },
  { weight: 3, members: 1, rhythm: 'care-client' },
  { weight: 24, members: 2, rhythm: 'commuter' },
  { weight: 8, members: 2, rhythm: 'retired' },
  { weight: 14, members: 3, rhythm: 'family' },
  { weight: 10, members: 4, rhythm: 'family' },
];
/** Physical keys handed over per household (R-KEY-1). */
const KEYS_PER_HOUSEHOLD = 3;
/** At most this many extra keys per household on top (the scenario schema's limit). */
const EXTRA_KEYS_MAX = 8;
/** The smallest complex this generator makes, in cylinders. */
const SMALLEST_COMPLEX = 12;
/** Care clients visited per care organisation at most (assumed: one team per neighbourhood). */
const CLIENTS_PER_ORGANISATION = 40;

export function generateEstate(options: GenerateOptions): ScenarioInput {
  const { doors, keys } = options;
  if (!Number.isInteger(doors) || doors < SMALLEST_COMPLEX) throw new GenerateError(`--doors: expected an integer of at least ${SMALLEST_COMPLEX} (one small complex), got ${doors}`);
  const seed = options.seed ?? `estate ${doors} ${keys}`;
  const random = Random.named(`${seed} generate`);
  const complexes: ComplexInput[] = [];
  let left = doors;
  while (left > 0) {
    const complex = makeComplex(complexes.length, random, left);
    complexes.push(complex);
    left -= cylinders(complex);
  }
  const households = complexes.flatMap((complex) => complex.dwellings.map((dwelling) => dwelling.household));
  distributeKeys(households, keys, random);
  const careClients = complexes.flatMap((complex) => complex.dwellings.filter((d) => d.household.rhythm === 'care-client').map((d) => `${complex.id}/${d.id}`));
  const organisations = Math.max(1, Math.ceil(careClients.length / CLIENTS_PER_ORGANISATION));
  return {
    version: 1,
    name: `Generated estate: ${doors} cylinders, ${keys} keys`,
    seed,
    start: options.start ?? '2026-01-05',
    months: options.months ?? 12,
    profile: options.profile ?? 'reference-m0plus',
    siteId: 1,
    policy: { blocklistIssue: 'daily', programmingRoundDays: 91, physicalSampleEvery: 256 },
    complexes,
    careOrganisations: Array.from({ length: organisations }, (_, o) => ({
      id: `zorg-${o + 1}`,
      clients: careClients.filter((_, i) => i % organisations === o).map((dwelling) => ({ dwelling, visitsPerDay: 1 + random.below(3) })),
    })),
    contractors: [{ id: 'maintenance', name: 'Onderhoud' }],
    events: [],
    // Yearly rates (assumed): a few lost keys per hundred keys; about 8 % of tenancies end each year
    // (turnover in Dutch social housing is of that order); a handful of emergencies per thousand dwellings.
    randomEvents: {
      lostKeysPerKey: 0.03,
      foundShare: 0.2,
      extraKeysPerHousehold: 0.05,
      tenantChangesPerDwelling: 0.08,
      emergenciesPerDwelling: 0.003,
      contractorWindowsPerComplex: 6,
      careConsentWithdrawalsPerClient: 0.1,
      logConsentChangesPerHousehold: 0.05,
    },
  };
}

function cylinders(complex: ComplexInput): number {
  return complex.doors.length + complex.dwellings.reduce((n, d) => n + 1 + (d.storage ? 1 : 0), 0);
}

/** A complex of a random kind, fitted to `left` cylinders when fewer remain than it would take (or than a further complex needs). */
function makeComplex(index: number, random: Random, left: number): ComplexInput {
  const kind = random.pick(KINDS.map((k) => k.kind), KINDS.map((k) => k.weight));
  const stairwells = kind.stairwells[0] + random.below(kind.stairwells[1] - kind.stairwells[0] + 1);
  const perStairwell = kind.perStairwell[0] + random.below(kind.perStairwell[1] - kind.perStairwell[0] + 1);
  const doors = kind.commons(stairwells);
  const complex: ComplexInput = { id: `${kind.name}-${index + 1}`, name: `${kind.name} ${index + 1}`, doors, dwellings: [] };
  let budget = left - doors.length;
  if (budget < 1) throw new GenerateError(`cannot fit a complex into the last ${left} cylinders`);
  const planned = stairwells * perStairwell;
  for (let n = 0; budget > 0 && n < planned; n++) {
    const stairwell = doors.filter((d) => d.kind === 'stairwell')[n % stairwells]!;
    let storage = random.chance(kind.storageShare);
    if (storage && budget < 2) storage = false;
    complex.dwellings.push({ id: `${n + 1}`, stairwell: stairwell.id, storage, household: randomHousehold(random) });
    budget -= storage ? 2 : 1;
  }
  // The rest would be too small for a complex of its own: it goes here, as dwellings.
  const after = budget;
  if (after > 0 && after < SMALLEST_COMPLEX) {
    for (let n = complex.dwellings.length; budget > 0; n++) {
      const stairwell = doors.filter((d) => d.kind === 'stairwell')[n % stairwells]!;
      const storage = budget >= 2 && random.chance(kind.storageShare);
      complex.dwellings.push({ id: `${n + 1}`, stairwell: stairwell.id, storage, household: randomHousehold(random) });
      budget -= storage ? 2 : 1;
    }
  }
  return complex;
}

function randomHousehold(random: Random): DwellingInput['household'] {
  const pick = random.pick(HOUSEHOLDS, HOUSEHOLDS.map((h) => h.weight));
  return { members: pick.members, rhythm: pick.rhythm, keys: KEYS_PER_HOUSEHOLD, extraKeys: Math.max(0, pick.members - KEYS_PER_HOUSEHOLD), phoneKeys: 0 };
}

/**
 * Gives the households exactly `total` keys: three physical keys each (and an extra one for a
 * fourth member), then phone keys (one per member, at most) and extra keys at random until the
 * total is reached.
 */
function distributeKeys(households: DwellingInput['household'][], total: number, random: Random): void {
  const held = () => households.reduce((n, h) => n + (h.keys ?? KEYS_PER_HOUSEHOLD) + (h.extraKeys ?? 0) + (h.phoneKeys ?? 0), 0);
  const base = held();
  if (!Number.isInteger(total) || total < base) {
    throw new GenerateError(`--keys: ${households.length} households need at least ${base} keys (three each, R-KEY-1, and one per member), got ${total}`);
  }
  const room = households.reduce((n, h) => n + (h.members - (h.phoneKeys ?? 0)) + (EXTRA_KEYS_MAX - (h.extraKeys ?? 0)), 0);
  if (total - base > room) throw new GenerateError(`--keys: ${households.length} households hold at most ${base + room} keys (a phone key per member, ${EXTRA_KEYS_MAX} extra keys each), got ${total}`);
  let extra = total - base;
  // Phone keys first (about two in three of the additional keys), then extra physical keys.
  while (extra > 0) {
    const household = households[random.below(households.length)]!;
    const phone = random.chance(0.65);
    if (phone && (household.phoneKeys ?? 0) < household.members) household.phoneKeys = (household.phoneKeys ?? 0) + 1;
    else if ((household.extraKeys ?? 0) < EXTRA_KEYS_MAX) household.extraKeys = (household.extraKeys ?? 0) + 1;
    else continue;
    extra--;
  }
}
