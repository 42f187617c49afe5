/**
 * The vector file (docs/VECTORS.md, "The file"): CBOR and its JSON mirror carry the same content; a
 * reader refuses another schema or version, and names the path of whatever is malformed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeVectorCbor, encodeVectorJson, parseVectorFile, VectorFileError } from '../../host/hil/vectors/vector-file.js';
import { generatedSuite } from './support.js';

const suite = generatedSuite();
/** The JSON mirror as plain data, to change a field and encode it again. */
const mirrorText = encodeVectorJson(suite);
const mirror = () => JSON.parse(mirrorText) as Record<string, any>;
const parseJson = (data: unknown) => parseVectorFile(Buffer.from(JSON.stringify(data)), 'vectors.json');

function problemsOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(VectorFileError);
    return (error as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('a vector file', () => {
  it('should read back from CBOR and from the JSON mirror as the same content', () => {
    const fromCbor = parseVectorFile(encodeVectorCbor(suite), 'vectors.cbor');
    const fromJson = parseVectorFile(Buffer.from(encodeVectorJson(suite)), 'vectors.json');
    expect(fromCbor).toEqual(suite);
    expect(fromJson).toEqual(suite);
    expect(encodeVectorCbor(fromJson)).toEqual(encodeVectorCbor(suite));
  });

  it('should encode byte strings as CBOR byte strings (major type 2), not as arrays or tagged typed arrays', () => {
    const cbor = Buffer.from(encodeVectorCbor(suite));
    const entropy = Buffer.from(suite.testGroups[0]!.state.setupEntropy);
    // 0x58 0x20: a byte string of 32 bytes follows.
    expect(cbor.indexOf(Buffer.concat([Buffer.of(0x58, 0x20), entropy]))).toBeGreaterThan(0);
    expect(cbor.includes(Buffer.of(0xd8, 0x40))).toBe(false); // tag 64, a typed array
  });

  it('should refuse a file of another version, naming the version field', () => {
    expect(problemsOf(() => parseJson({ ...mirror(), version: 3 }))).toContain('version: this reader knows versions 1 and 2 of cylsim-lock-vectors, not 3');
  });

  it('should be written as version 2, and still read a version 1 file, which has no nvmWrites step', () => {
    expect(suite.version).toBe(2);
    const data = mirror();
    data.version = 1;
    data.testGroups = data.testGroups.map((group: { tests: { steps: object[] }[] }) => ({ ...group, tests: group.tests.filter((test) => test.steps.every((step) => !('nvmWrites' in step))) }));
    data.header.numberOfTests = data.testGroups.reduce((sum: number, group: { tests: unknown[] }) => sum + group.tests.length, 0);
    expect(parseJson(data).version).toBe(1);
  });

  it('should refuse an nvmWrites step in a version 1 file, naming its path, and an unknown mode', () => {
    const data = mirror();
    const g = data.testGroups.findIndex((group: { tests: { steps: object[] }[] }) => group.tests.some((test) => test.steps.some((step) => 'nvmWrites' in step)));
    const t = data.testGroups[g].tests.findIndex((test: { steps: object[] }) => test.steps.some((step) => 'nvmWrites' in step));
    const s = data.testGroups[g].tests[t].steps.findIndex((step: object) => 'nvmWrites' in step);
    expect(problemsOf(() => parseJson({ ...data, version: 1 }))).toContain(`testGroups[${g}].tests[${t}].steps[${s}].nvmWrites: a step of version 2 of cylsim-lock-vectors; this file is version 1`);
    data.testGroups[g].tests[t].steps[s].nvmWrites = 'flaky';
    expect(problemsOf(() => parseJson(data))).toContain(`testGroups[${g}].tests[${t}].steps[${s}].nvmWrites: expected one of "fail", "work"`);
  });

  it('should refuse a file of another schema', () => {
    expect(problemsOf(() => parseJson({ ...mirror(), schema: 'aes_cmac_test_schema.json' }))).toContain('schema: expected "cylsim-lock-vectors"');
  });

  it('should name the path of a frame that is not hex', () => {
    const data = mirror();
    data.testGroups[2].tests[1].steps[2].out = 'xyz';
    expect(problemsOf(() => parseJson(data))).toContain('testGroups[2].tests[1].steps[2].out: expected hex');
  });

  it('should name the path of a missing field and of an unknown one', () => {
    const data = mirror();
    delete data.testGroups[0].lock.siteId;
    data.testGroups[1].state.colour = 'blue';
    const message = problemsOf(() => parseJson(data));
    expect(message).toContain('testGroups[0].lock.siteId');
    expect(message).toContain('testGroups[1].state');
    expect(message).toContain('colour');
  });

  it('should refuse a result the last expected answer contradicts', () => {
    const data = mirror();
    data.testGroups[0].tests[0].result = 'invalid';
    expect(problemsOf(() => parseJson(data))).toContain('testGroups[0].tests[0].result: "invalid", but the last expected answer is RESULT grant (valid)');
  });

  it('should refuse a flag the notes do not describe, a tcId used twice and a wrong test count', () => {
    const data = mirror();
    data.testGroups[0].tests[0].flags.push('Undocumented');
    data.testGroups[0].tests[1].tcId = data.testGroups[0].tests[0].tcId;
    data.header.numberOfTests += 1;
    const message = problemsOf(() => parseJson(data));
    expect(message).toContain('testGroups[0].tests[0].flags[1]: flag "Undocumented" is not described in notes');
    expect(message).toContain('testGroups[0].tests[1].tcId: 1 is already used at testGroups[0].tests[0]');
    expect(message).toContain('header.numberOfTests');
  });

  it('should refuse an initial state a lock would not keep: a blocklist entry retired before the mark', () => {
    const data = mirror();
    data.testGroups[2].state.blocklist.entries[0].retireDay = data.testGroups[2].state.markDay - 1;
    expect(problemsOf(() => parseJson(data))).toContain('testGroups[2].state.blocklist.entries[0].retireDay');
  });

  it('should refuse bytes that are neither JSON nor CBOR of one item', () => {
    expect(problemsOf(() => parseVectorFile(Uint8Array.of(0xff, 0x00), 'x.cbor'))).toContain('cannot be decoded as CBOR');
    expect(problemsOf(() => parseVectorFile(Buffer.from('{"schema": '), 'x.json'))).toContain('cannot be decoded as JSON');
    const twoItems = Buffer.concat([encodeVectorCbor(suite), encodeVectorCbor(suite)]);
    expect(problemsOf(() => parseVectorFile(twoItems, 'x.cbor'))).toContain('expected one CBOR item, found 2');
  });

  it('should answer any value put in place of any field with the file accepted or a VectorFileError, never another error', () => {
    // The first two groups: a file small enough to parse some hundred times.
    const small = () => {
      const data = mirror();
      data.testGroups = data.testGroups.slice(0, 2);
      data.header.numberOfTests = data.testGroups.reduce((sum: number, group: { tests: unknown[] }) => sum + group.tests.length, 0);
      return data;
    };
    expect(parseJson(small()).testGroups.length).toBe(2);
    const paths: (string | number)[][] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
      if (path.length > 0) paths.push(path);
      if (Array.isArray(value)) value.slice(0, 2).forEach((item, i) => walk(item, [...path, i]));
      else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
    };
    walk(small(), []);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue(), (path, replacement) => {
        const copy = small();
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key];
        parent[path[path.length - 1]!] = replacement;
        try {
          parseJson(copy);
        } catch (error) {
          if (!(error instanceof VectorFileError)) throw error;
        }
      }),
      { numRuns: 200 },
    );
  });
});
