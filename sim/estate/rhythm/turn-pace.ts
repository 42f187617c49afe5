/**
 * How fast people turn a key, which decides the energy a physical key's insertion harvests
 * (host/physics/key-generator.ts). No study of key-turn speeds is known to us: assumed, a turn's
 * duration is log-normal around the profile's normal turn (normalTurnDurationMs) with a spread of
 * 15 %, slower for older residents; after a turn that did not open for lack of energy, the person
 * turns again, faster.
 */
import type { Random } from '../model/random.js';
import type { RhythmName } from '../scenario/scenario-schema.js';

/** Log-normal spread of one person's turn duration (assumed). */
const TURN_SPREAD = 0.15;
/** Median turn relative to the profile's normal turn, by who turns (assumed: older residents turn more slowly, care workers and emergency crews briskly). */
const PACE_BY_RHYTHM: Record<RhythmName, number> = { commuter: 1, family: 1, student: 0.9, retired: 1.1, 'care-client': 1.2 };
export const PACE_CARE_WORKER = 0.9;
export const PACE_CONTRACTOR = 1;
export const PACE_EMERGENCY = 0.8;
/** A retry is turned this much faster than the turn before (assumed). */
const RETRY_FACTOR = 0.7;
/** At most this many turns before the person gives up (assumed). */
export const MAX_TURNS = 3;
/** Turn durations are rounded to this step, ms, so the power-on table stays small. */
const TURN_STEP_MS = 5;

export function paceOf(rhythm: RhythmName): number {
  return PACE_BY_RHYTHM[rhythm];
}

/** The duration of attempt `attempt` (0 = the first turn), ms. */
export function turnDurationMs(normalTurnMs: number, pace: number, attempt: number, random: Random): number {
  const ms = normalTurnMs * pace * Math.exp(TURN_SPREAD * random.normal()) * RETRY_FACTOR ** attempt;
  return Math.max(TURN_STEP_MS, Math.round(ms / TURN_STEP_MS) * TURN_STEP_MS);
}
