/**
 * Scenario files (docs/SCENARIOS.md): a valid one loads with its defaults; a bad one is refused
 * before anything runs, each problem naming the file, the line and the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../sim/estate/demo/demo-scenario.js';
import { scenarioYaml } from '../../sim/estate/generate/scenario-yaml.js';
import { loadScenario, parseScenario, parseScenarioText, ScenarioError } from '../../sim/estate/scenario/load-scenario.js';
import { twoFlatsScenario } from '../support/two-flats-scenario.js';

const VALID = twoFlatsScenario('test');

/** The problems of `text`, or a failure if it loads. */
function problems(text: string, file = 'estate.yaml'): string[] {
  try {
    parseScenarioText(text, file);
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.problems];
    throw error;
  }
  throw new Error('the scenario loaded');
}

describe('loading a scenario', () => {
  it('should load a valid scenario and fill in the defaults', () => {
    const scenario = parseScenarioText(VALID, 'estate.yaml');
    expect(scenario.complexes[0]!.dwellings[0]!.household).toEqual({ members: 2, rhythm: 'commuter', keys: 3, extraKeys: 0, phoneKeys: 1 });
    expect(scenario.policy.careRenewalLimitDays).toBe(92);
    expect(scenario.events[0]!.lostKey).toEqual({ dwelling: 'block/a', key: 2, found: false });
  });

  it('should read the same scenario from JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cylsim-scenario-'));
    const file = join(dir, 'estate.json');
    writeFileSync(file, JSON.stringify(parseScenarioText(VALID, 'estate.yaml'), null, 2));
    expect(loadScenario(file)).toEqual(parseScenarioText(VALID, 'estate.yaml'));
  });

  it('should load the built-in demo estate, and the same again from the YAML `cylsim demo` writes', () => {
    const demo = parseScenario(DEMO_SCENARIO, 'demo');
    expect(parseScenarioText(scenarioYaml(DEMO_SCENARIO), 'demo-scenario.yaml')).toEqual(demo);
  });

  it('should name the file, the line and the field of an unknown field', () => {
    expect(problems(VALID.replace('storage: true', 'storage: true, garage: true'))).toEqual(['estate.yaml:13: complexes[0].dwellings[1].garage: unknown field']);
  });

  it('should name the line and the field of a value of the wrong kind', () => {
    expect(problems(VALID.replace('members: 2', 'members: two'))).toEqual(['estate.yaml:12: complexes[0].dwellings[0].household.members: expected an integer from 1 to 8, got "two"']);
  });

  it('should refuse a time that is not a date', () => {
    expect(problems(VALID.replace('2026-03-10 18:00', '2026-02-30 18:00'))).toEqual([
      'estate.yaml:15: events[0].at: expected a time "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" on or after 2024-01-01, got "2026-02-30 18:00"',
    ]);
  });

  it('should refuse a reference to a dwelling that does not exist', () => {
    expect(problems(VALID.replace('block/a, key', 'block/z, key'))).toEqual(['estate.yaml:15: events[0].lostKey.dwelling: no dwelling "block/z"']);
  });

  it('should refuse a lost key the household does not hold', () => {
    expect(problems(VALID.replace('key: 2', 'key: 5'))).toEqual(['estate.yaml:15: events[0].lostKey.key: the household of "block/a" holds 3 physical keys at 2026-03-10 18:00']);
  });

  it('should refuse a stairwell that is not one of the complex\'s stairwell doors', () => {
    expect(problems(VALID.replace('{ id: b, stairwell: stairs', '{ id: b, stairwell: front'))).toEqual(['estate.yaml:13: complexes[0].dwellings[1].stairwell: complex "block" has no stairwell door "front"']);
  });

  it('should refuse a household whose members outnumber its physical keys (a phone is never the only way in)', () => {
    expect(problems(VALID.replace('members: 2, phoneKeys: 1', 'members: 4, phoneKeys: 1'))).toEqual([
      'estate.yaml:12: complexes[0].dwellings[0].household.members: 4 members need as many physical keys, the household has 3 (a phone is never the only way in, R-DEV-2)',
    ]);
  });

  it('should refuse residents whose keys would need more than the 8 groups a credential holds', () => {
    const crowded = VALID.replace('      - { id: stairs, kind: stairwell }', Array.from({ length: 7 }, (_, i) => `      - { id: bikes${i}, kind: facility }`).concat('      - { id: stairs, kind: stairwell }').join('\n'));
    expect(problems(crowded)[0]).toMatch(/^estate\.yaml:19: complexes\[0\]\.dwellings\[0\]: its residents' keys would open 10 groups/);
  });

  it('should report every problem at once', () => {
    expect(problems(VALID.replace('members: 2', 'members: 2, rhythm: night-owl').replace('kind: front', 'kind: porch'))).toEqual([
      'estate.yaml:9: complexes[0].doors[0].kind: expected "front" or "back" or "stairwell" or "storage" or "installation" or "facility", got "porch"',
      'estate.yaml:12: complexes[0].dwellings[0].household.rhythm: expected "commuter" or "family" or "retired" or "student" or "care-client", got "night-owl"',
    ]);
  });

  it('should name the line of a YAML syntax error', () => {
    expect(problems(VALID.replace('start: 2026-03-02', 'start: [2026-03-02'))).toEqual(['estate.yaml:5: Flow sequence in block collection must be sufficiently indented and end with a ]']);
  });

  it('should refuse a file that cannot be read, naming it', () => {
    expect(() => loadScenario('/nonexistent/estate.yaml')).toThrow(/\/nonexistent\/estate\.yaml: cannot read the file/);
  });
});
