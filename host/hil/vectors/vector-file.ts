/**
 * Reading and writing vector files: CBOR (cbor-x, plain maps and byte strings, no cbor-x records or
 * typed-array tags, so that any CBOR decoder reads them) and the JSON mirror of the same content
 * (byte strings as hex). A reader refuses an unknown schema or version and a malformed file with an
 * error naming the path inside the file (`testGroups[2].tests[0].steps[3].out: ...`).
 */
import { Decoder, Encoder } from 'cbor-x';
import type { z } from 'zod';
import {
  cborBytes, isFrame, isNvmWrites, jsonBytes, NVM_WRITES_VERSION, READABLE_VERSIONS, VECTOR_SCHEMA, vectorFileSchema, type VectorFile,
} from './schema.js';
import { readAnswer } from './verdict.js';

export class VectorFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: not a valid vector file:\n  ${problems.join('\n  ')}`);
    this.name = 'VectorFileError';
  }
}

const cborSchema = vectorFileSchema(cborBytes);
const jsonSchema = vectorFileSchema(jsonBytes);

/** `testGroups[2].tests[0].steps[3].out` */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : `${text === '' ? '' : '.'}${String(part)}`;
  return text === '' ? '(the file)' : text;
}

const ENCODER_OPTIONS = { useRecords: false, tagUint8Array: false, variableMapSize: true, mapsAsObjects: true } as const;

export type VectorEncoding = 'cbor' | 'json';

/** The encoding of a file's bytes: JSON if it starts (after white space) with `{`, else CBOR. */
export function detectEncoding(bytes: Uint8Array): VectorEncoding {
  for (const byte of bytes) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b ? 'json' : 'cbor';
  }
  return 'cbor';
}

/** Parses and checks a vector file's bytes; `source` names it in errors. */
export function parseVectorFile(bytes: Uint8Array, source: string): VectorFile {
  const encoding = detectEncoding(bytes);
  let raw: unknown;
  try {
    raw = encoding === 'json' ? JSON.parse(Buffer.from(bytes).toString('utf8')) : decodeSingleCbor(bytes);
  } catch (error) {
    throw new VectorFileError(source, [`cannot be decoded as ${encoding.toUpperCase()}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  checkSchemaAndVersion(raw, source);
  const parsed = (encoding === 'json' ? jsonSchema : cborSchema).safeParse(raw);
  if (!parsed.success) throw new VectorFileError(source, describeIssues(parsed.error.issues));
  const problems = consistencyProblems(parsed.data);
  if (problems.length > 0) throw new VectorFileError(source, problems);
  return parsed.data;
}

function decodeSingleCbor(bytes: Uint8Array): unknown {
  const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });
  const items: unknown[] = [];
  decoder.decodeMultiple(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (item: unknown) => {
    items.push(item);
  });
  if (items.length !== 1) throw new Error(`expected one CBOR item, found ${items.length}`);
  return items[0];
}

/** The schema and version first, so that a file of another version gets that message and no other. */
function checkSchemaAndVersion(raw: unknown, source: string): void {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new VectorFileError(source, ['(the file): expected a map at the top level']);
  const { schema, version } = raw as { schema?: unknown; version?: unknown };
  if (schema !== VECTOR_SCHEMA) throw new VectorFileError(source, [`schema: expected "${VECTOR_SCHEMA}", got ${JSON.stringify(schema)}`]);
  if (typeof version !== 'number' || !READABLE_VERSIONS.includes(version)) {
    throw new VectorFileError(source, [`version: this reader knows versions ${READABLE_VERSIONS.join(' and ')} of ${VECTOR_SCHEMA}, not ${JSON.stringify(version)}`]);
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/** What the schema cannot say: unique tcIds, described flags, the test count, results that match the last answer. */
function consistencyProblems(file: VectorFile): string[] {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  let count = 0;
  file.testGroups.forEach((group, g) => {
    const at = `testGroups[${g}]`;
    if (group.state.tenant && group.lock.privateDwelling === 0) problems.push(`${at}.state.tenant: a tenant needs a private lock (lock.privateDwelling 0 is a common lock)`);
    if (group.state.generationTable.length > 0 && group.lock.privateDwelling !== 0) problems.push(`${at}.state.generationTable: only a common lock keeps a generation table`);
    if (group.state.generationTable.length > group.lock.generationTableCapacity) problems.push(`${at}.state.generationTable: more entries than lock.generationTableCapacity`);
    if (group.state.blocklist.entries.length > group.lock.blocklistCapacity) problems.push(`${at}.state.blocklist.entries: more entries than lock.blocklistCapacity`);
    group.state.blocklist.entries.forEach((entry, i) => {
      if (entry.retireDay < group.state.markDay) problems.push(`${at}.state.blocklist.entries[${i}].retireDay: ${entry.retireDay} is before markDay ${group.state.markDay}, so the lock would drop it (PROTOCOL.md §8)`);
    });
    const keyIds = group.state.blocklist.entries.map((entry) => entry.keyId);
    if (new Set(keyIds).size !== keyIds.length) problems.push(`${at}.state.blocklist.entries: a keyId is listed twice`);
    group.tests.forEach((test, t) => {
      count++;
      const path = `${at}.tests[${t}]`;
      const earlier = seen.get(test.tcId);
      if (earlier) problems.push(`${path}.tcId: ${test.tcId} is already used at ${earlier}`);
      else seen.set(test.tcId, path);
      test.flags.forEach((flag, f) => {
        if (!(flag in file.notes)) problems.push(`${path}.flags[${f}]: flag "${flag}" is not described in notes`);
      });
      test.steps.forEach((step, s) => {
        if (isNvmWrites(step) && file.version < NVM_WRITES_VERSION) {
          problems.push(`${path}.steps[${s}].nvmWrites: a step of version ${NVM_WRITES_VERSION} of ${VECTOR_SCHEMA}; this file is version ${file.version}`);
        }
      });
      const frames = test.steps.filter(isFrame);
      const last = frames[frames.length - 1];
      if (!last) {
        problems.push(`${path}.steps: a test needs at least one frame step`);
        return;
      }
      const reading = readAnswer(last.out);
      if (reading.verdict !== test.result) problems.push(`${path}.result: "${test.result}", but the last expected answer is ${reading.describe} (${reading.verdict})`);
    });
  });
  if (file.header.numberOfTests !== count) problems.push(`header.numberOfTests: ${file.header.numberOfTests}, but the file holds ${count} tests`);
  return problems;
}

/**
 * The file's content with every map's keys in the schema's order (zod's output order), so that the
 * same content always gives the same bytes, however it was built.
 */
function canonical(file: VectorFile): VectorFile {
  return cborSchema.parse(file);
}

/** The CBOR encoding of a vector file: the same content always gives the same bytes. */
export function encodeVectorCbor(file: VectorFile): Uint8Array {
  return new Encoder(ENCODER_OPTIONS).encode(canonical(file));
}

/** The JSON mirror: byte strings as lower-case hex, two-space indentation, a final newline. */
export function encodeVectorJson(file: VectorFile): string {
  return `${JSON.stringify(canonical(file), (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value), 2)}\n`;
}
