/** `cylsim estate`'s generator: exactly the cylinders and keys asked for, a valid scenario, the same estate for the same seed. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GenerateError, generateEstate } from '../../sim/estate/generate/generate-estate.js';
import { parseScenario } from '../../sim/estate/scenario/load-scenario.js';
import type { Scenario } from '../../sim/estate/scenario/scenario-schema.js';

function cylinders(scenario: Scenario): number {
  return scenario.complexes.reduce((n, complex) => n + complex.doors.length + complex.dwellings.reduce((m, d) => m + 1 + (d.storage ? 1 : 0), 0), 0);
}

function keys(scenario: Scenario): number {
  return scenario.complexes.reduce((n, complex) => n + complex.dwellings.reduce((m, d) => m + (d.household ? d.household.keys + d.household.extraKeys + d.household.phoneKeys : 0), 0), 0);
}

describe('the estate generator', () => {
  it('should make exactly N cylinders and M keys, as a valid scenario', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 600 }), fc.double({ min: 3.2, max: 3.6, noNaN: true }), (doors, keysPerDoor) => {
        const wanted = Math.round(doors * keysPerDoor);
        const scenario = parseScenario(generateEstate({ doors, keys: wanted, seed: `test ${doors}` }), 'generated');
        expect(cylinders(scenario)).toBe(doors);
        expect(keys(scenario)).toBe(wanted);
        for (const complex of scenario.complexes) for (const dwelling of complex.dwellings) expect(dwelling.household!.keys).toBe(3);
      }),
      { numRuns: 40 },
    );
  });

  it('should make the same estate from the same seed, and another from another', () => {
    const a = generateEstate({ doors: 300, keys: 1000, seed: 'a' });
    expect(generateEstate({ doors: 300, keys: 1000, seed: 'a' })).toEqual(a);
    expect(generateEstate({ doors: 300, keys: 1000, seed: 'b' })).not.toEqual(a);
  });

  it('should refuse fewer keys than three per household, naming how many it needs', () => {
    expect(() => generateEstate({ doors: 200, keys: 50 })).toThrow(GenerateError);
    expect(() => generateEstate({ doors: 200, keys: 50 })).toThrow(/need at least \d+ keys \(three each, R-KEY-1/);
  });

  it('should refuse an estate smaller than one complex', () => {
    expect(() => generateEstate({ doors: 5, keys: 50 })).toThrow(/--doors: expected an integer of at least 12/);
  });
});
