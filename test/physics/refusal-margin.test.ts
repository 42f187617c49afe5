/** A refusal releases nothing: its margin keeps the actuator's share of the harvest. */
import { describe, expect, it } from 'vitest';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { insertionMargin } from '../../host/physics/insertion-margin.js';
import { insertionAtPace } from '../../host/physics/key-generator.js';
import { referenceProfile } from '../support/firmware.js';

describe('the margin of a refused insertion', () => {
  it('should keep the release energy that a grant spends, and end decided', () => {
    const figures = physicsFigures(referenceProfile);
    const turn = insertionAtPace(figures.generator, 'normal');
    const granted = insertionMargin(figures, turn, 20);
    const refused = insertionMargin(figures, turn, 20, false);
    expect([granted.outcome, refused.outcome]).toEqual(['released', 'decided']);
    expect(refused.marginUj - granted.marginUj).toBeCloseTo(figures.actuator.releaseUj, 6);
  });
});
