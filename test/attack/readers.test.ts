/**
 * Malformed files fed to the two readers of files a user hands to cylsim: the HIL vector reader
 * (host/hil/vectors, docs/VECTORS.md) and the estate scenario reader (sim/estate/scenario,
 * docs/SCENARIOS.md). fast-check (seeded, shrinking) mutates valid files byte by byte, line by line
 * and field by field: each must be read or refused with the reader's own error, every problem naming
 * where (a field path; for a scenario, the file and line), and never fail with an error of another kind.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSuite } from '../../host/hil/suite/generate-suite.js';
import { encodeVectorCbor, encodeVectorJson, parseVectorFile, VectorFileError } from '../../host/hil/vectors/vector-file.js';
import type { VectorFile } from '../../host/hil/vectors/schema.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { concat } from '../../host/protocol/bytes.js';
import { parseScenarioText, ScenarioError } from '../../sim/estate/scenario/load-scenario.js';
import { twoFlatsScenario } from '../support/two-flats-scenario.js';

/** Runs per property: a read of the small suite takes some 10 ms. */
const RUNS = 200;

/** Each of `problems` names where it is, then says what is wrong. */
function expectLocated(problems: readonly string[], location: RegExp): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const problem of problems) expect(problem).toMatch(location);
}

/** The generated suite cut to its first two groups: small enough to read a few hundred times. */
function smallSuite(): VectorFile {
  const suite = generateSuite({ seed: 'attack', profile: loadProfileByName('reference-m0plus') });
  const testGroups = suite.testGroups.slice(0, 2);
  return { ...suite, testGroups, header: { ...suite.header, numberOfTests: testGroups.reduce((sum, group) => sum + group.tests.length, 0) } };
}

/** Bytes changed (a copy): bits flipped, cut short, a run of bytes put in or taken out, or other bytes altogether. */
const byteMutation = (bytes: Uint8Array) =>
  fc.oneof(
    fc.uniqueArray(fc.integer({ min: 0, max: bytes.length * 8 - 1 }), { minLength: 1, maxLength: 8 }).map((bits) => {
      const copy = bytes.slice();
      for (const bit of bits) copy[bit >> 3]! ^= 1 << (bit & 7);
      return copy;
    }),
    fc.integer({ min: 0, max: bytes.length - 1 }).map((length) => bytes.slice(0, length)),
    fc.tuple(fc.integer({ min: 0, max: bytes.length }), fc.uint8Array({ minLength: 1, maxLength: 32 })).map(([at, inserted]) => concat(bytes.subarray(0, at), inserted, bytes.subarray(at))),
    fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 64 })).map(([at, length]) => concat(bytes.subarray(0, at), bytes.subarray(at + length))),
    fc.uint8Array({ minLength: 0, maxLength: 256 }),
  );

describe('the HIL vector reader given malformed files', () => {
  const suite = smallSuite();
  // Plain Uint8Arrays: a Buffer's slice() is a view, and a mutation must not change the original.
  const cbor = Uint8Array.from(encodeVectorCbor(suite));
  const json = Uint8Array.from(Buffer.from(encodeVectorJson(suite)));
  const jsonText = Buffer.from(json).toString('utf8');
  /** A field path (formatPath), "(the file)", or a decoding failure, then what is wrong. */
  const located = /^(\(the file\)|cannot be decoded as (JSON|CBOR)|[^\s:][^:]*): \S/s;
  const readOrRefuse = (bytes: Uint8Array, source: string) => {
    try {
      parseVectorFile(bytes, source);
    } catch (error) {
      if (!(error instanceof VectorFileError)) throw error;
      expectLocated(error.problems, located);
    }
  };

  it('should read the unmutated files', () => {
    expect(parseVectorFile(cbor, 'vectors.cbor')).toEqual(parseVectorFile(json, 'vectors.json'));
  });

  it('should read or refuse CBOR with any bytes changed, naming the path or the decoding failure', () => {
    fc.assert(fc.property(byteMutation(cbor), (bytes) => readOrRefuse(bytes, 'vectors.cbor')), { numRuns: RUNS, seed: 41 });
  });

  it('should read or refuse the JSON mirror with any bytes changed, naming the path or the decoding failure', () => {
    fc.assert(fc.property(byteMutation(json), (bytes) => readOrRefuse(bytes, 'vectors.json')), { numRuns: RUNS, seed: 42 });
  });

  it('should read or refuse the JSON mirror with any field taken out or given any value, naming its path', () => {
    const data = JSON.parse(jsonText) as unknown;
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(value)) value.slice(0, 3).forEach((item, i) => walk(item, [...path, i]));
      else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    };
    walk(data, []);
    const odd = fc.oneof(fc.jsonValue(), fc.constantFrom(-1, 2 ** 53, 1e308, '', 'ff'.repeat(300), [], {}, null));
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.option(odd, { nil: undefined }), (path, value) => {
        const copy = JSON.parse(jsonText) as Record<string | number, unknown>;
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
        const last = path[path.length - 1]!;
        if (value === undefined) delete parent[last];
        else parent[last] = value;
        readOrRefuse(Buffer.from(JSON.stringify(copy)), 'vectors.json');
      }),
      { numRuns: RUNS, seed: 43 },
    );
  });
});

/** A valid scenario of two flats off one stairwell. */
const SCENARIO = twoFlatsScenario('readers');

/**
 * Pieces of YAML and of bad values a line may be given. Anchors and aliases are left to the tests
 * that name them (below).
 */
const TOKENS = [':', ': ', '- ', '{', '}', '[', ']', ',', '"', "'", '#', '\t', '  ', '!!str ', '!!int ', '!!binary ', '~', 'null', '-1', '1e999', '0x1F', 'yes', '|', '>',
  '%YAML 1.2\n', '---\n', '...\n', '\u0000', '\ufeff', 'é', '\u{1F511}', '2026-02-30', '99:99', 'block/zz', '?', '<<: '];

const lineMutation = (text: string) => {
  const lines = text.split('\n');
  const atLine = fc.integer({ min: 0, max: lines.length - 1 });
  const joined = (changed: string[]) => changed.join('\n');
  return fc.oneof(
    atLine.map((i) => joined(lines.filter((_, j) => j !== i))),
    atLine.map((i) => joined([...lines.slice(0, i + 1), lines[i]!, ...lines.slice(i + 1)])),
    fc.tuple(atLine, atLine).map(([i, j]) => joined(lines.map((line, k) => (k === i ? lines[j]! : k === j ? lines[i]! : line)))),
    fc.tuple(atLine, fc.constantFrom('', ' ', '  ', '    ', '\t')).map(([i, indent]) => joined(lines.map((line, k) => (k === i ? indent + line.trimStart() : line)))),
    fc.tuple(fc.integer({ min: 0, max: text.length }), fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 3 })).map(([at, pieces]) => text.slice(0, at) + pieces.join('') + text.slice(at)),
    fc.tuple(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 1, max: 12 })).map(([at, length]) => text.slice(0, at) + text.slice(at + length)),
    fc.integer({ min: 0, max: text.length - 1 }).map((length) => text.slice(0, length)),
  );
};

describe('the estate scenario reader given malformed files', () => {
  /** `estate.yaml:LINE: ` then what is wrong. */
  const located = /^estate\.yaml:\d+: \S/s;
  const readOrRefuse = (text: string) => {
    try {
      parseScenarioText(text, 'estate.yaml');
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      expectLocated(error.problems, located);
    }
  };

  it('should read the unmutated scenario', () => {
    expect(parseScenarioText(SCENARIO, 'estate.yaml').complexes[0]!.dwellings).toHaveLength(2);
  });

  it('should read or refuse a scenario with lines taken out, doubled, swapped, indented or cut, naming the file and the line', () => {
    fc.assert(fc.property(lineMutation(SCENARIO), readOrRefuse), { numRuns: Math.round(1.5 * RUNS), seed: 44 });
  });

  it('should refuse a scenario whose aliases expand beyond the reader\'s limit with a ScenarioError naming the line', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [from, to] of [['a', 'b'], ['b', 'c'], ['c', 'd']]) levels.push(`${to}: &${to} [${Array(10).fill(`*${from}`).join(', ')}]`);
    const text = `${SCENARIO}${levels.join('\n')}\n`;
    expect(() => parseScenarioText(text, 'estate.yaml')).toThrow(ScenarioError);
  });

  it('should refuse an alias to an anchor that was never set with a ScenarioError naming the line', () => {
    expect(() => parseScenarioText(SCENARIO.replace('name: Two flats', 'name: *flats'), 'estate.yaml')).toThrow(ScenarioError);
  });
});
