/**
 * Reads and validates hardware profiles (firmware/profiles/*.json). Every problem is reported, one
 * line each, as `<file>: <field path>: <what is wrong>`; invalid JSON as `<file>: invalid JSON at
 * line L, column C: ...`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { packagePath } from '../package-root.js';
import { HardwareProfileSchema, type HardwareProfile } from './schema.js';

export type { HardwareProfile } from './schema.js';

/** A profile that cannot be read or is not valid; `problems` holds one line per problem. */
export class ProfileError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
  ) {
    super(problems.map((p) => `${fileName}: ${p}`).join('\n'));
    this.name = 'ProfileError';
  }
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9-]*$/;

const show = (input: unknown): string => (typeof input === 'string' ? JSON.stringify(input) : String(JSON.stringify(input) ?? input));

/** Messages for the structural issues the schema leaves to zod (missing, wrong type, unknown key). */
const structuralMessage = (iss: z.core.$ZodRawIssue): string | undefined => {
  if (iss.code === 'unrecognized_keys') return 'unknown field';
  if (iss.input === undefined) return 'required field is missing';
  if (iss.code === 'invalid_type') return `expected ${iss.expected}, got ${show(iss.input)}`;
  if (iss.code === 'invalid_value') return `expected ${iss.values.map((v) => show(v)).join(' or ')}, got ${show(iss.input)}`;
  return undefined;
};

const pathText = (path: readonly PropertyKey[]): string =>
  path.length === 0
    ? '(root)'
    : path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');

function issueLines(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((iss) =>
    iss.code === 'unrecognized_keys'
      ? iss.keys.map((key) => `${pathText([...iss.path, key])}: unknown field`)
      : [`${pathText(iss.path)}: ${iss.message}`],
  );
}

/** Validates already-parsed JSON; `fileName` is only used in messages. */
export function parseProfile(json: unknown, fileName: string): HardwareProfile {
  const result = HardwareProfileSchema.safeParse(json, { error: structuralMessage });
  if (!result.success) throw new ProfileError(fileName, issueLines(result.error.issues));
  return result.data;
}

/** Strict JSON (no comments, no trailing commas); a syntax error names its line and column. */
function parseJson(text: string, fileName: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parseJsonc(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  if (errors.length === 0) return value;
  // Only the first error: the parser's later ones follow from it.
  const first = errors[0]!;
  const before = text.slice(0, first.offset).split('\n');
  const where = `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
  throw new ProfileError(fileName, [`invalid JSON at ${where}: ${printParseErrorCode(first.error)}`]);
}

function readProfile(path: string, fileName: string): HardwareProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ProfileError(fileName, [`cannot read the file: ${(e as Error).message}`]);
  }
  return parseProfile(parseJson(text, fileName), fileName);
}

/** Reads and validates the profile at `path`; messages name the file as given. */
export function loadProfile(path: string): HardwareProfile {
  return readProfile(path, path);
}

const profilesDir = (): string => packagePath('firmware', 'profiles');

/** Names (file names without ".json") of the shipped profiles, sorted. */
export function listProfiles(): string[] {
  return readdirSync(profilesDir())
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Loads firmware/profiles/<name>.json; its "name" field must match the file name. */
export function loadProfileByName(name: string): HardwareProfile {
  const fileName = `firmware/profiles/${name}.json`;
  const known = listProfiles();
  if (!PROFILE_NAME.test(name) || !known.includes(name)) {
    throw new ProfileError(fileName, [`no such profile; known profiles: ${known.join(', ')}`]);
  }
  const profile = readProfile(join(profilesDir(), `${name}.json`), fileName);
  if (profile.name !== name) {
    throw new ProfileError(fileName, [`name: expected ${show(name)} (the file's name), got ${show(profile.name)}`]);
  }
  return profile;
}
