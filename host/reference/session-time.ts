/** The session's time (PROTOCOL.md §3), in minutes since the cylsim epoch. */
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';

/**
 * Not in §3: `day` is a u16, so no time may reach past the last minute of day 65535; without this
 * cap a mark near 65535 plus the time step would not fit the mark or CHALLENGE's markDay.
 */
const LAST_MINUTE_OF_DAY_U16 = 65_536 * MINUTES_PER_DAY - 1;

/** §3: c' = min(c, (mark + stepDays + 1) × 1440 − 1). */
export function clampCandidateMinutes(candidateMinutes: number, markDay: number, timeStepMaxDays: number): number {
  return Math.min(candidateMinutes, (markDay + timeStepMaxDays + 1) * MINUTES_PER_DAY - 1, LAST_MINUTE_OF_DAY_U16);
}

/** §3: t = max(mark × 1440, every c'), with `markDay` the mark at the start of the session. */
export function sessionTimeMinutes(markDay: number, timeStepMaxDays: number, candidatesMinutes: readonly number[]): number {
  return Math.max(markDay * MINUTES_PER_DAY, ...candidatesMinutes.map((c) => clampCandidateMinutes(c, markDay, timeStepMaxDays)));
}

export function dayOf(minutes: number): number {
  return Math.floor(minutes / MINUTES_PER_DAY);
}

export function minuteOfDay(minutes: number): number {
  return minutes % MINUTES_PER_DAY;
}
