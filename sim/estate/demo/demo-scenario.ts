/**
 * The built-in estate of `cylsim demo`, drawn from the source documents (/work/shared/seeds, restated
 * in REQUIREMENTS.md): two complexes of a housing corporation with front and back doors, stairwell
 * (portiek) doors, storage rooms, installation rooms and a bicycle store on one offline cylinder
 * system (seed 000, R-DEV-3); three keys per tenant, some phone keys besides (seeds 000, 001); a lost
 * key found by someone, an extra key, tenant changes with a key not handed back (seed 000: "alle
 * fysieke sleutels worden geretourneerd", not always in practice); a contractor in the installation
 * room and one in a dwelling with the tenant's consent (seed 000, §6); care at home with the
 * client's consent, one client withdrawing it, and a care organisation that stops confirming its
 * addresses (seeds 002, 004); a leak at night opened with the emergency key (seed 000, §4); tenants
 * switching their lock's log on and off (seeds 001, 003); programming rounds every month.
 */
import type { Household, ScenarioInput } from '../scenario/scenario-schema.js';

type Mix = Partial<Household> & { members: number };

const commuter = (members: number, phoneKeys = 0): Mix => ({ members, rhythm: 'commuter', phoneKeys });
const family = (members: number, phoneKeys = 1): Mix => ({ members, rhythm: 'family', phoneKeys, extraKeys: Math.max(0, members - 3) });
const retired = (members = 1): Mix => ({ members, rhythm: 'retired' });
const careClient = (): Mix => ({ members: 1, rhythm: 'care-client' });
const student = (): Mix => ({ members: 1, rhythm: 'student', phoneKeys: 1 });

/** De Linde: a portiek block, four stairwells of eight flats, each flat with its own storage room in the basement. */
const LINDE_MIX: Mix[] = [commuter(2, 1), retired(), family(4), careClient(), commuter(1), retired(2), student(), commuter(2, 2)];
/** Parkzicht: a gallery block of twenty-four flats off two stairwells, no private storage. */
const PARKZICHT_MIX: Mix[] = [retired(), commuter(1, 1), family(3), careClient(), retired(2), commuter(2)];

function lindeDwellings() {
  const dwellings = [];
  for (const stairwell of ['a', 'b', 'c', 'd']) {
    for (let n = 1; n <= 8; n++) {
      const id = `${stairwell}${n}`;
      const household = LINDE_MIX[(n - 1 + stairwell.charCodeAt(0)) % LINDE_MIX.length]!;
      // One flat per stairwell stands empty at the start (between tenants).
      dwellings.push({ id, stairwell: `portiek-${stairwell}`, storage: true, ...(n === 8 && stairwell === 'c' ? {} : { household }) });
    }
  }
  return dwellings;
}

function parkzichtDwellings() {
  return Array.from({ length: 24 }, (_, i) => ({
    id: `${100 + i + 1}`,
    stairwell: i < 12 ? 'trap-west' : 'trap-oost',
    household: PARKZICHT_MIX[i % PARKZICHT_MIX.length]!,
  }));
}

export const DEMO_SCENARIO: ScenarioInput = {
  version: 1,
  name: 'Demo estate: De Linde and Parkzicht',
  seed: 'demo',
  start: '2026-01-05',
  months: 6,
  profile: 'reference-m0plus',
  siteId: 1,
  policy: { blocklistIssue: 'daily', programmingRoundDays: 30, physicalSampleEvery: 8 },
  complexes: [
    {
      id: 'de-linde',
      name: 'De Linde (portiek flats)',
      doors: [
        { id: 'portiek-a', kind: 'stairwell' },
        { id: 'portiek-b', kind: 'stairwell' },
        { id: 'portiek-c', kind: 'stairwell' },
        { id: 'portiek-d', kind: 'stairwell' },
        { id: 'achterdeur', kind: 'back' },
        { id: 'bergingen', kind: 'storage' },
        { id: 'fietsenstalling', kind: 'facility' },
        { id: 'technische-ruimte', kind: 'installation' },
      ],
      dwellings: lindeDwellings(),
    },
    {
      id: 'parkzicht',
      name: 'Parkzicht (gallery flats)',
      doors: [
        { id: 'voordeur', kind: 'front' },
        { id: 'achterdeur', kind: 'back' },
        { id: 'trap-west', kind: 'stairwell' },
        { id: 'trap-oost', kind: 'stairwell' },
        { id: 'meterkast', kind: 'installation' },
        { id: 'wasruimte', kind: 'facility' },
      ],
      dwellings: parkzichtDwellings(),
    },
  ],
  careOrganisations: [
    {
      id: 'thuiszorg-noord',
      name: 'Thuiszorg Noord',
      clients: [
        { dwelling: 'de-linde/a4', visitsPerDay: 3 },
        { dwelling: 'de-linde/b3', visitsPerDay: 2 },
        { dwelling: 'parkzicht/104', visitsPerDay: 2 },
      ],
    },
    {
      id: 'wijkzorg-oost',
      name: 'Wijkzorg Oost',
      lastConfirmation: '2025-09-01',
      stopsConfirmingAfter: '2026-02-01',
      clients: [{ dwelling: 'parkzicht/110', visitsPerDay: 1 }],
    },
  ],
  contractors: [
    { id: 'installateur', name: 'Installatiebedrijf' },
    { id: 'schilder', name: 'Schildersbedrijf' },
  ],
  events: [
    { at: '2026-01-20 18:40', lostKey: { dwelling: 'de-linde/a1', key: 1, found: true } },
    { at: '2026-02-02 10:00', contractorWindow: { contractor: 'installateur', doors: ['de-linde/technische-ruimte'], until: '2026-02-04 17:00', visits: 3, lateVisits: 1 } },
    { at: '2026-02-09 09:00', extraKey: { dwelling: 'parkzicht/103' } },
    { at: '2026-02-14 03:12', emergency: { dwelling: 'de-linde/b6', reason: 'leak' } },
    { at: '2026-02-27 12:00', tenantChange: { dwelling: 'parkzicht/107', household: { members: 2, rhythm: 'commuter', phoneKeys: 1 }, keysNotReturned: 1 } },
    { at: '2026-03-02 09:00', contractorWindow: { contractor: 'schilder', dwelling: 'parkzicht/112', until: '2026-03-06 17:00', visits: 4, lateVisits: 1 } },
    { at: '2026-03-10 20:00', lostKey: { dwelling: 'parkzicht/102', phone: 1 } },
    { at: '2026-03-16 11:00', careConsent: { dwelling: 'de-linde/b3', given: false } },
    { at: '2026-03-20 12:00', logConsent: { dwelling: 'de-linde/a2', on: true } },
    { at: '2026-04-01 12:00', tenantChange: { dwelling: 'de-linde/c8', household: { members: 1, rhythm: 'student', phoneKeys: 1 } } },
    { at: '2026-04-07 16:30', lostKey: { dwelling: 'de-linde/d2', key: 2 } },
    { at: '2026-04-15 12:00', tenantChange: { dwelling: 'de-linde/a7', household: { members: 3, rhythm: 'family', phoneKeys: 1 }, moveInAfterDays: 5, keysNotReturned: 1 } },
    { at: '2026-04-20 12:00', logConsent: { dwelling: 'de-linde/a2', on: false } },
    { at: '2026-05-11 22:05', emergency: { dwelling: 'parkzicht/118', reason: 'fire' } },
    { at: '2026-05-19 14:00', lostKey: { dwelling: 'parkzicht/109', key: 1, found: true } },
  ],
  randomEvents: { lostKeysPerKey: 0.02, foundShare: 0.2 },
};
