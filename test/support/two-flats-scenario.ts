/**
 * A small valid estate scenario (docs/SCENARIOS.md) for the readers' tests: two flats off one
 * stairwell, one household with a phone key, a private storage room, and a key lost after a week.
 * Tests change its lines to make bad files, so its line numbers matter: line 1 is `version`.
 */
export function twoFlatsScenario(seed: string): string {
  return `version: 1
name: Two flats
seed: ${seed}
start: 2026-03-02
months: 2
complexes:
  - id: block
    doors:
      - { id: front, kind: front }
      - { id: stairs, kind: stairwell }
    dwellings:
      - { id: a, stairwell: stairs, household: { members: 2, phoneKeys: 1 } }
      - { id: b, stairwell: stairs, storage: true }
events:
  - { at: "2026-03-10 18:00", lostKey: { dwelling: block/a, key: 2 } }
`;
}
