/**
 * The estate scenario (docs/SCENARIOS.md describes it field by field): the complexes and their
 * doors, the households and their keys, care organisations and contractors, the events over time,
 * and rates of random events. Objects are strict (an unknown field is an error, so a typo is caught)
 * and every figure states its unit in its name. Times are scenario times (scenario/sim-time.ts).
 */
import { z } from 'zod';
import { parseSimTime } from './sim-time.js';

const show = (input: unknown): string => (input === undefined ? 'nothing' : JSON.stringify(input) ?? String(input));

function num(expected: string, ok: (v: number) => boolean) {
  return z.number({ error: (iss) => `expected ${expected}, got ${show(iss.input)}` }).refine(ok, { error: (iss) => `expected ${expected}, got ${show(iss.input)}` });
}
const intRange = (lo: number, hi: number) => num(`an integer from ${lo} to ${hi}`, (v) => Number.isInteger(v) && v >= lo && v <= hi);
const share = () => num('a share from 0 to 1', (v) => v >= 0 && v <= 1);
const rate = () => num('a rate >= 0 (per year)', (v) => v >= 0 && Number.isFinite(v));

/** A scenario time: `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`, on or after 2024-01-01. */
const simTime = () =>
  z.string({ error: (iss) => `expected a time "YYYY-MM-DD" or "YYYY-MM-DD HH:MM", got ${show(iss.input)}` }).refine((text) => parseSimTime(text) !== undefined, {
    error: (iss) => `expected a time "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" on or after 2024-01-01, got ${show(iss.input)}`,
  });

/** An id: letters, digits, `-` and `_`, as used in references (`complex/dwelling`). */
const id = () =>
  z.string({ error: (iss) => `expected an id, got ${show(iss.input)}` }).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: (iss) => `expected an id (letters, digits, - and _), got ${show(iss.input)}` });
/** A reference to a dwelling or a door: `complex/id`. */
const ref = () =>
  z.string({ error: (iss) => `expected a reference "complex/id", got ${show(iss.input)}` }).regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*$/, {
    error: (iss) => `expected a reference "complex/id", got ${show(iss.input)}`,
  });

export const RHYTHMS = ['commuter', 'family', 'retired', 'student', 'care-client'] as const;
export type RhythmName = (typeof RHYTHMS)[number];

/** The common doors of a complex; a dwelling's own door and its private storage room come with the dwelling. */
export const COMMON_DOOR_KINDS = ['front', 'back', 'stairwell', 'storage', 'installation', 'facility'] as const;
export type CommonDoorKind = (typeof COMMON_DOOR_KINDS)[number];

export const HouseholdSchema = z.strictObject({
  /** People who go in and out with a key of their own. */
  members: intRange(1, 8),
  rhythm: z.enum(RHYTHMS).default('commuter'),
  /** Physical keys handed over at move-in (R-KEY-1: three). */
  keys: intRange(1, 16).default(3),
  /** Extra physical keys on top (R-KEY-1: on request). */
  extraKeys: intRange(0, 8).default(0),
  /** Phone keys (R-DEV-2: never the only way in; each belongs to a member who also has a physical key). */
  phoneKeys: intRange(0, 8).default(0),
}).superRefine((household, ctx) => {
  if (household.members > household.keys + household.extraKeys) {
    ctx.addIssue({ code: 'custom', path: ['members'], message: `${household.members} members need as many physical keys, the household has ${household.keys + household.extraKeys} (a phone is never the only way in, R-DEV-2)` });
  }
  if (household.phoneKeys > household.members) {
    ctx.addIssue({ code: 'custom', path: ['phoneKeys'], message: `at most one phone key per member (${household.members})` });
  }
});
export type Household = z.infer<typeof HouseholdSchema>;

const DoorSchema = z.strictObject({ id: id(), kind: z.enum(COMMON_DOOR_KINDS) });

const DwellingSchema = z.strictObject({
  id: id(),
  /** The stairwell door (an `id` of this complex's doors, kind stairwell) on the way in. */
  stairwell: id().optional(),
  /** The dwelling has its own storage room with its own (private) cylinder. */
  storage: z.boolean().default(false),
  /** Who lives there at the start; none: empty until a tenant change. */
  household: HouseholdSchema.optional(),
});

const ComplexSchema = z.strictObject({
  id: id(),
  name: z.string().optional(),
  doors: z.array(DoorSchema).min(1, { error: 'a complex needs at least one common door' }),
  dwellings: z.array(DwellingSchema).min(1, { error: 'a complex needs at least one dwelling' }),
});

const CareClientSchema = z.strictObject({
  dwelling: ref(),
  visitsPerDay: intRange(1, 6).default(2),
  from: simTime().optional(),
  until: simTime().optional(),
});

const CareOrganisationSchema = z.strictObject({
  id: id(),
  name: z.string().optional(),
  /** The last time it confirmed its addresses before the start (R-CARE-4); default: the start. */
  lastConfirmation: simTime().optional(),
  /** It stops confirming after this time: its last confirmation is the last one due by then. */
  stopsConfirmingAfter: simTime().optional(),
  clients: z.array(CareClientSchema).default([]),
});

const ContractorSchema = z.strictObject({ id: id(), name: z.string().optional() });

const LostKey = z.strictObject({
  dwelling: ref(),
  /** Which physical key (1 = the first handed over); give `phone` instead for a phone key. */
  key: intRange(1, 32).optional(),
  phone: intRange(1, 8).optional(),
  /** Someone finds it and tries it at the complex's doors in the days after. */
  found: z.boolean().default(false),
});

const ExtraKey = z.strictObject({ dwelling: ref(), phone: z.boolean().default(false) });

const TenantChange = z.strictObject({
  dwelling: ref(),
  /** The new household; none: the dwelling stays empty. */
  household: HouseholdSchema.optional(),
  /** Days between moving out and moving in. */
  moveInAfterDays: intRange(0, 365).default(0),
  /** Keys the previous tenant did not hand back; each is tried now and then in the weeks after. */
  keysNotReturned: intRange(0, 16).default(0),
});

const ContractorWindow = z.strictObject({
  contractor: id(),
  /** Common doors it needs (installation rooms, facilities: R-KEY-4). */
  doors: z.array(ref()).default([]),
  /** A dwelling it works in, with the tenant's consent (R-KEY-4). */
  dwelling: ref().optional(),
  /** The tenant gave consent for the dwelling (default true when a dwelling is named). */
  consent: z.boolean().optional(),
  until: simTime(),
  /** Visits within the window. */
  visits: intRange(1, 100).default(2),
  /** Visits after the window ended (a contractor who comes back): refused, unless the lock cannot yet know. */
  lateVisits: intRange(0, 20).default(0),
});

const CareConsent = z.strictObject({ dwelling: ref(), given: z.boolean() });
const Emergency = z.strictObject({ dwelling: ref(), reason: z.enum(['fire', 'leak', 'danger']) });
const LogConsent = z.strictObject({ dwelling: ref(), on: z.boolean() });
const ProgrammingRound = z.strictObject({ complex: z.union([id(), z.literal('all')]) });

export const EVENT_KINDS = ['lostKey', 'extraKey', 'tenantChange', 'contractorWindow', 'careConsent', 'emergency', 'logConsent', 'programmingRound'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

const EventSchema = z
  .strictObject({
    at: simTime(),
    lostKey: LostKey.optional(),
    extraKey: ExtraKey.optional(),
    tenantChange: TenantChange.optional(),
    contractorWindow: ContractorWindow.optional(),
    careConsent: CareConsent.optional(),
    emergency: Emergency.optional(),
    logConsent: LogConsent.optional(),
    programmingRound: ProgrammingRound.optional(),
  })
  .superRefine((event, ctx) => {
    const kinds = EVENT_KINDS.filter((kind) => event[kind] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `an event is exactly one of ${EVENT_KINDS.join(', ')}; got ${kinds.length === 0 ? 'none' : kinds.join(' and ')}` });
    if (event.lostKey && (event.lostKey.key === undefined) === (event.lostKey.phone === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['lostKey'], message: 'give exactly one of "key" (a physical key) or "phone"' });
    }
    if (event.contractorWindow && event.contractorWindow.doors.length === 0 && event.contractorWindow.dwelling === undefined) {
      ctx.addIssue({ code: 'custom', path: ['contractorWindow'], message: 'a window needs "doors", a "dwelling", or both' });
    }
  });
export type ScenarioEvent = z.infer<typeof EventSchema>;

const PolicySchema = z.strictObject({
  /** When reported losses become a blocklist delta: at once, or in one delta a day. */
  blocklistIssue: z.enum(['immediate', 'daily']).default('daily'),
  /** Hour of the daily delta. */
  blocklistIssueHour: intRange(0, 23).default(17),
  /** Days from a reported loss to the replacement key (R-KEY-2). */
  replacementDelayDays: intRange(0, 60).default(2),
  /** Validity of residents' credentials: their keys meet no online system, so it is long. */
  residentValidityYears: intRange(1, 30).default(10),
  /** How often the management system renews care credentials (their validity is one period). */
  careRenewalDays: intRange(1, 366).default(91),
  /** The longest a care credential may serve before renewal: three months (R-CARE-2, seed 002). */
  careRenewalLimitDays: intRange(1, 366).default(92),
  /** Care organisations confirm their addresses this often; access is withdrawn when they stop (R-CARE-4, seed 004). */
  careConfirmationMonths: intRange(1, 24).default(6),
  /** A programming round through every door of every complex this often; 0: only the rounds listed as events. */
  programmingRoundDays: intRange(0, 366).default(0),
  /** The longest a log entry may be kept (R-PRV-4, seed 003: four weeks). */
  logRetentionDays: intRange(1, 366).default(28),
  /** 1 in N insertions of a physical key also runs on the full physics model (the energy margins). */
  physicalSampleEvery: intRange(1, 1_000_000).default(256),
});
export type Policy = z.infer<typeof PolicySchema>;

const RandomEventsSchema = z.strictObject({
  lostKeysPerKey: rate().default(0),
  /** Of the lost keys, the share someone finds and tries. */
  foundShare: share().default(0.2),
  extraKeysPerHousehold: rate().default(0),
  tenantChangesPerDwelling: rate().default(0),
  emergenciesPerDwelling: rate().default(0),
  contractorWindowsPerComplex: rate().default(0),
  careConsentWithdrawalsPerClient: rate().default(0),
  logConsentChangesPerHousehold: rate().default(0),
});
export type RandomEvents = z.infer<typeof RandomEventsSchema>;

export const ScenarioSchema = z.strictObject({
  version: z.literal(1, { error: (iss) => `expected 1, got ${show(iss.input)}` }),
  name: z.string(),
  seed: z.string().default('cylsim'),
  /** The first day simulated; the cylinders are installed the day before. */
  start: simTime(),
  months: intRange(1, 120).default(12),
  profile: z.string().default('reference-m0plus'),
  siteId: intRange(1, 65535).default(1),
  policy: PolicySchema.default(PolicySchema.parse({})),
  /** Of the openings by a member who has a phone key, the share made with the phone. */
  phoneShare: share().default(0.5),
  /** Share of the times people leave that they lock the dwelling door with the key. */
  lockOnLeavingShare: share().default(0.5),
  complexes: z.array(ComplexSchema).min(1, { error: 'a scenario needs at least one complex' }),
  careOrganisations: z.array(CareOrganisationSchema).default([]),
  contractors: z.array(ContractorSchema).default([]),
  events: z.array(EventSchema).default([]),
  randomEvents: RandomEventsSchema.default(RandomEventsSchema.parse({})),
});

/** A validated scenario, defaults filled in. */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as written (defaults optional). */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Complex = Scenario['complexes'][number];
export type Dwelling = Complex['dwellings'][number];
export type CareOrganisation = Scenario['careOrganisations'][number];
