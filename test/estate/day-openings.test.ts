/**
 * A day's openings are played in time order, equal minutes in the order they were generated
 * (sim/estate/rhythm/day-openings.ts): the order decides which key reaches a door first, so it must
 * be exactly a stable sort by minute, whatever the minutes and however often the buffer is reused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayOpenings } from '../../sim/estate/rhythm/day-openings.js';

/** The order a stable sort by minute gives: minute, then the order of adding. */
function stableOrder(minutes: readonly number[]): number[] {
  return minutes.map((minute, index) => ({ minute, index })).sort((a, b) => a.minute - b.minute || a.index - b.index).map((entry) => entry.index);
}

const dayStart = 20_000 * 1440;
const day = fc.array(fc.integer({ min: dayStart - 30, max: dayStart + 1500 }), { maxLength: 3000 });

describe('a day of openings in time order', () => {
  it('should give a stable sort by minute for any minutes, in a buffer reused day after day', () => {
    const openings = new DayOpenings();
    fc.assert(
      fc.property(fc.array(day, { minLength: 1, maxLength: 4 }), (days) => {
        for (const minutes of days) {
          openings.clear();
          minutes.forEach((minute, i) => openings.add(minute, i, 0, i % 7, i % 2 === 0));
          expect(Array.from(openings.sorted())).toEqual(stableOrder(minutes));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('should sort a day whose minutes span more than a day, and an empty day', () => {
    const openings = new DayOpenings();
    expect(Array.from(openings.sorted())).toEqual([]);
    const minutes = [9_000, 5, 9_000, 5, 4_000, 0];
    minutes.forEach((minute, i) => openings.add(minute, i, 0, 0, false));
    expect(Array.from(openings.sorted())).toEqual([5, 1, 3, 4, 0, 2]);
  });
});
