/**
 * The simulation's true clock: whole minutes since the cylsim epoch, 2024-01-01T00:00 (PROTOCOL.md
 * §3), the unit of every time in a credential. Scenario times are written as `YYYY-MM-DD` or
 * `YYYY-MM-DD HH:MM` (a `T` may replace the space) and read as that wall-clock time on the epoch's
 * scale, without time zones or daylight saving: an estate lives in one zone, and a lock has no clock
 * to shift.
 */
import { MINUTES_PER_DAY } from '../../../firmware/protocol.js';

const EPOCH_MS = Date.UTC(2024, 0, 1);
const MS_PER_MINUTE = 60_000;
const TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

export { MINUTES_PER_DAY };
export const MINUTES_PER_HOUR = 60;

/** Minutes since the epoch of a scenario time; undefined when the text is not one. */
export function parseSimTime(text: string): number | undefined {
  const match = TIME_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(ms);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined; // 2026-02-30
  const minutes = (ms - EPOCH_MS) / MS_PER_MINUTE;
  return minutes >= 0 ? minutes : undefined;
}

/** `YYYY-MM-DD HH:MM` of a minute on the clock. */
export function formatSimTime(minutes: number): string {
  return new Date(EPOCH_MS + minutes * MS_PER_MINUTE).toISOString().slice(0, 16).replace('T', ' ');
}

/** `YYYY-MM-DD` of a day number. */
export function formatSimDay(day: number): string {
  return formatSimTime(day * MINUTES_PER_DAY).slice(0, 10);
}

export const dayOf = (minutes: number): number => Math.floor(minutes / MINUTES_PER_DAY);

/** Day of the week of a day number: 0 Monday .. 6 Sunday (2024-01-01 was a Monday). */
export const weekdayOf = (day: number): number => ((day % 7) + 7) % 7;

/** The day `months` calendar months after `day` (same day of the month, clipped to the month's end). */
export function addMonths(day: number, months: number): number {
  const date = new Date(EPOCH_MS + day * MINUTES_PER_DAY * MS_PER_MINUTE);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.round((target.getTime() - EPOCH_MS) / (MINUTES_PER_DAY * MS_PER_MINUTE));
}
