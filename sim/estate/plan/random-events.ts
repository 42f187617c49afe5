/**
 * Random events on top of the listed ones, from the scenario's yearly rates (`randomEvents`):
 * counts drawn from a Poisson law over the simulated span, times uniform over the days at daytime
 * hours. Which household or key an event concerns is chosen when the shard's timeline is played
 * (plan-shard.ts), since it depends on who lives where by then.
 */
import type { RandomEvents } from '../scenario/scenario-schema.js';
import { MINUTES_PER_DAY, MINUTES_PER_HOUR } from '../scenario/sim-time.js';
import type { Random } from '../model/random.js';

/** Days in a year, for the yearly rates. */
const DAYS_PER_YEAR = 365.25;
/** Reports, visits and decisions happen between 08:00 and 20:00 (assumed: office and daytime hours). */
const DAY_FIRST_HOUR = 8;
const DAY_HOURS = 12;

export type RandomEventKind = 'lostKey' | 'extraKey' | 'tenantChange' | 'emergency' | 'contractorWindow' | 'careConsentWithdrawal' | 'logConsentChange';

export interface RandomEvent {
  kind: RandomEventKind;
  at: number;
}

export interface RandomEventExposure {
  /** Keys in the complex at the start (lost keys are per key). */
  keys: number;
  households: number;
  dwellings: number;
  careClients: number;
}

export function randomEvents(rates: RandomEvents, exposure: RandomEventExposure, startDay: number, endDay: number, random: Random): RandomEvent[] {
  const years = (endDay - startDay) / DAYS_PER_YEAR;
  const plan: [RandomEventKind, number][] = [
    ['lostKey', rates.lostKeysPerKey * exposure.keys],
    ['extraKey', rates.extraKeysPerHousehold * exposure.households],
    ['tenantChange', rates.tenantChangesPerDwelling * exposure.dwellings],
    ['emergency', rates.emergenciesPerDwelling * exposure.dwellings],
    ['contractorWindow', rates.contractorWindowsPerComplex],
    ['careConsentWithdrawal', rates.careConsentWithdrawalsPerClient * exposure.careClients],
    ['logConsentChange', rates.logConsentChangesPerHousehold * exposure.households],
  ];
  const events: RandomEvent[] = [];
  for (const [kind, perYear] of plan) {
    const count = random.poisson(perYear * years);
    for (let i = 0; i < count; i++) {
      const day = startDay + random.below(endDay - startDay);
      const minute = (DAY_FIRST_HOUR + random.next() * DAY_HOURS) * MINUTES_PER_HOUR;
      events.push({ kind, at: day * MINUTES_PER_DAY + Math.floor(minute) });
    }
  }
  return events.sort((a, b) => a.at - b.at);
}
