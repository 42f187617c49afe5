/**
 * The checks a schema cannot make: ids unique, references that resolve, credentials that fit the
 * protocol's 8 groups (PROTOCOL.md §6), keys that exist when an event names them. Each problem
 * carries the path of the field at fault, so the loader can name its line.
 */
import { CRED_GROUPS_MAX } from '../../../firmware/protocol.js';
import { parseSimTime } from './sim-time.js';
import type { Complex, Scenario, ScenarioEvent } from './scenario-schema.js';

export interface ScenarioProblem {
  path: (string | number)[];
  message: string;
}

/** Group ids are u16 (PROTOCOL.md §2), one per cylinder. */
const GROUP_IDS_MAX = 65_535;

/** The common doors a complex's residents open: every front, back, shared storage and facility door, and their own stairwell. */
export function residentCommonKinds(): readonly string[] {
  return ['front', 'back', 'storage', 'facility'];
}

/** Groups a resident's credential names in `complex`: its common doors, a stairwell, the dwelling, a private storage room. */
export function residentGroupCount(complex: Complex, dwelling: Complex['dwellings'][number]): number {
  const common = complex.doors.filter((door) => residentCommonKinds().includes(door.kind)).length;
  return common + (dwelling.stairwell ? 1 : 0) + 1 + (dwelling.storage ? 1 : 0);
}

export function checkScenario(scenario: Scenario): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const problem = (path: (string | number)[], message: string) => problems.push({ path, message });
  const start = parseSimTime(scenario.start)!;
  const dwellings = new Map<string, { complex: Complex; index: number }>();
  const doors = new Map<string, { complex: Complex; kind: string }>();
  const complexIds = new Set<string>();
  let cylinders = 0;

  scenario.complexes.forEach((complex, c) => {
    if (complexIds.has(complex.id)) problem(['complexes', c, 'id'], `complex "${complex.id}" is defined twice`);
    complexIds.add(complex.id);
    const local = new Set<string>();
    complex.doors.forEach((door, d) => {
      if (local.has(door.id)) problem(['complexes', c, 'doors', d, 'id'], `"${door.id}" is defined twice in complex "${complex.id}"`);
      local.add(door.id);
      doors.set(`${complex.id}/${door.id}`, { complex, kind: door.kind });
    });
    complex.dwellings.forEach((dwelling, w) => {
      if (local.has(dwelling.id)) problem(['complexes', c, 'dwellings', w, 'id'], `"${dwelling.id}" is defined twice in complex "${complex.id}"`);
      local.add(dwelling.id);
      dwellings.set(`${complex.id}/${dwelling.id}`, { complex, index: w });
      if (dwelling.stairwell !== undefined && !complex.doors.some((door) => door.id === dwelling.stairwell && door.kind === 'stairwell')) {
        problem(['complexes', c, 'dwellings', w, 'stairwell'], `complex "${complex.id}" has no stairwell door "${dwelling.stairwell}"`);
      }
      const groups = residentGroupCount(complex, dwelling);
      if (groups > CRED_GROUPS_MAX) {
        problem(['complexes', c, 'dwellings', w], `its residents' keys would open ${groups} groups (the complex's front, back, shared storage and facility doors, a stairwell, the dwelling, its storage room); a credential names at most ${CRED_GROUPS_MAX} (PROTOCOL.md §6)`);
      }
      cylinders += 1 + (dwelling.storage ? 1 : 0);
    });
    cylinders += complex.doors.length;
  });
  if (cylinders > GROUP_IDS_MAX) problem(['complexes'], `${cylinders} cylinders; each is its own group and group ids are u16 (at most ${GROUP_IDS_MAX}, PROTOCOL.md §2)`);

  const dwellingRef = (path: (string | number)[], ref: string) => {
    if (!dwellings.has(ref)) problem(path, `no dwelling "${ref}"`);
  };
  const careClients = new Set<string>();
  const orgIds = new Set<string>();
  scenario.careOrganisations.forEach((org, o) => {
    if (orgIds.has(org.id)) problem(['careOrganisations', o, 'id'], `care organisation "${org.id}" is defined twice`);
    orgIds.add(org.id);
    org.clients.forEach((client, k) => {
      dwellingRef(['careOrganisations', o, 'clients', k, 'dwelling'], client.dwelling);
      careClients.add(client.dwelling);
      if (client.from && client.until && parseSimTime(client.until)! <= parseSimTime(client.from)!) problem(['careOrganisations', o, 'clients', k, 'until'], 'ends before it starts');
    });
  });
  const contractorIds = new Set<string>();
  scenario.contractors.forEach((contractor, k) => {
    if (contractorIds.has(contractor.id)) problem(['contractors', k, 'id'], `contractor "${contractor.id}" is defined twice`);
    contractorIds.add(contractor.id);
  });

  const households = new HouseholdKeys(scenario);
  const order = scenario.events.map((event, index) => ({ event, index, at: parseSimTime(event.at)! })).sort((a, b) => a.at - b.at || a.index - b.index);
  for (const { event, index, at } of order) {
    const path = (...rest: (string | number)[]) => ['events', index, ...rest];
    if (at < start) problem(path('at'), `before the scenario's start (${scenario.start})`);
    checkEvent(event, path, { dwellingRef, doors, dwellings, contractorIds, careClients, complexIds, households, at, problem });
  }
  return problems;
}

interface EventContext {
  dwellingRef: (path: (string | number)[], ref: string) => void;
  doors: Map<string, { complex: Complex; kind: string }>;
  dwellings: Map<string, { complex: Complex; index: number }>;
  contractorIds: Set<string>;
  careClients: Set<string>;
  complexIds: Set<string>;
  households: HouseholdKeys;
  at: number;
  problem: (path: (string | number)[], message: string) => void;
}

function checkEvent(event: ScenarioEvent, path: (...rest: (string | number)[]) => (string | number)[], context: EventContext): void {
  const { dwellingRef, problem } = context;
  if (event.lostKey) {
    const { dwelling, key, phone } = event.lostKey;
    dwellingRef(path('lostKey', 'dwelling'), dwelling);
    const held = context.households.at(dwelling, context.at);
    if (context.dwellings.has(dwelling) && !held) problem(path('lostKey', 'dwelling'), `no one lives in "${dwelling}" at ${event.at}`);
    if (held && key !== undefined && key > held.physical) problem(path('lostKey', 'key'), `the household of "${dwelling}" holds ${held.physical} physical keys at ${event.at}`);
    if (held && phone !== undefined && phone > held.phones) problem(path('lostKey', 'phone'), `the household of "${dwelling}" holds ${held.phones} phone keys at ${event.at}`);
  }
  if (event.extraKey) {
    dwellingRef(path('extraKey', 'dwelling'), event.extraKey.dwelling);
    if (context.dwellings.has(event.extraKey.dwelling) && !context.households.at(event.extraKey.dwelling, context.at)) problem(path('extraKey', 'dwelling'), `no one lives in "${event.extraKey.dwelling}" at ${event.at}`);
    context.households.extra(event.extraKey.dwelling, context.at, event.extraKey.phone);
  }
  if (event.tenantChange) {
    dwellingRef(path('tenantChange', 'dwelling'), event.tenantChange.dwelling);
    context.households.change(event.tenantChange.dwelling, context.at, event.tenantChange);
  }
  if (event.contractorWindow) {
    const window = event.contractorWindow;
    if (!context.contractorIds.has(window.contractor)) problem(path('contractorWindow', 'contractor'), `no contractor "${window.contractor}"`);
    window.doors.forEach((door, d) => {
      if (!context.doors.has(door)) problem(path('contractorWindow', 'doors', d), `no common door "${door}"`);
    });
    if (window.dwelling !== undefined) dwellingRef(path('contractorWindow', 'dwelling'), window.dwelling);
    if (parseSimTime(window.until)! <= context.at) problem(path('contractorWindow', 'until'), 'the window ends before it starts');
    const complexes = new Set([...window.doors, ...(window.dwelling ? [window.dwelling] : [])].map((ref) => ref.split('/')[0]));
    if (complexes.size > 1) problem(path('contractorWindow'), `one window serves one complex; got ${[...complexes].join(', ')}`);
    const groups = window.doors.length + (window.dwelling ? 3 : 0);
    if (groups > CRED_GROUPS_MAX) problem(path('contractorWindow', 'doors'), `the contractor's key would open ${groups} groups (a dwelling adds the front door, the stairwell and the dwelling); a credential names at most ${CRED_GROUPS_MAX}`);
  }
  if (event.careConsent) {
    dwellingRef(path('careConsent', 'dwelling'), event.careConsent.dwelling);
    if (context.dwellings.has(event.careConsent.dwelling) && !context.careClients.has(event.careConsent.dwelling)) problem(path('careConsent', 'dwelling'), `"${event.careConsent.dwelling}" is no care organisation's client`);
  }
  if (event.emergency) dwellingRef(path('emergency', 'dwelling'), event.emergency.dwelling);
  if (event.logConsent) dwellingRef(path('logConsent', 'dwelling'), event.logConsent.dwelling);
  if (event.programmingRound && event.programmingRound.complex !== 'all' && !context.complexIds.has(event.programmingRound.complex)) {
    problem(path('programmingRound', 'complex'), `no complex "${event.programmingRound.complex}"`);
  }
}

/** The keys each dwelling's household holds over time, as far as the listed events change them. */
class HouseholdKeys {
  private readonly current = new Map<string, { physical: number; phones: number; from: number } | null>();

  constructor(scenario: Scenario) {
    for (const complex of scenario.complexes) {
      for (const dwelling of complex.dwellings) {
        const h = dwelling.household;
        this.current.set(`${complex.id}/${dwelling.id}`, h ? { physical: h.keys + h.extraKeys, phones: h.phoneKeys, from: 0 } : null);
      }
    }
  }

  at(dwelling: string, at: number): { physical: number; phones: number } | undefined {
    const held = this.current.get(dwelling);
    return held && held.from <= at ? held : undefined;
  }

  extra(dwelling: string, at: number, phone: boolean): void {
    const held = this.at(dwelling, at);
    if (!held) return;
    if (phone) held.phones++;
    else held.physical++;
  }

  change(dwelling: string, at: number, change: NonNullable<ScenarioEvent['tenantChange']>): void {
    const h = change.household;
    this.current.set(dwelling, h ? { physical: h.keys + h.extraKeys, phones: h.phoneKeys, from: at + change.moveInAfterDays * 1440 } : null);
  }
}
