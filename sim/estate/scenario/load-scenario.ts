/**
 * Reads a scenario file (YAML, or JSON, which YAML 1.2 reads too) and validates it: the schema
 * (scenario-schema.ts), then the references and limits (check-scenario.ts). Every problem is
 * reported on its own line as `<file>:<line>: <field path>: <what is wrong>`, and nothing runs.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { z } from 'zod';
import { checkScenario, type ScenarioProblem } from './check-scenario.js';
import { ScenarioSchema, type Scenario } from './scenario-schema.js';

export class ScenarioError extends Error {
  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
  ) {
    super(problems.join('\n'));
    this.name = 'ScenarioError';
  }
}

const show = (input: unknown): string => (input === undefined ? 'nothing' : JSON.stringify(input) ?? String(input));

/** Messages for the structural issues zod reports on its own. */
const structuralMessage = (iss: z.core.$ZodRawIssue): string | undefined => {
  if (iss.code === 'unrecognized_keys') return 'unknown field';
  if (iss.input === undefined) return 'required field is missing';
  if (iss.code === 'invalid_type') return `expected ${iss.expected}, got ${show(iss.input)}`;
  if (iss.code === 'invalid_value') return `expected ${iss.values.map((v) => show(v)).join(' or ')}, got ${show(iss.input)}`;
  return undefined;
};

export function pathText(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');
}

/** Where in the text a field is: its own node, or the nearest enclosing one that exists. */
function lineOf(document: Document, counter: LineCounter, path: readonly PropertyKey[]): number {
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length) as (string | number)[], true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    // A missing field is reported at the nearest enclosing node: where it is to be added.
    if (range) return counter.linePos(range[0]).line;
  }
  return 1;
}

/** Validates an already-parsed scenario; `fileName` names it in messages (no line numbers). */
export function parseScenario(value: unknown, fileName = '(scenario)'): Scenario {
  return validate(value, fileName, () => undefined);
}

function validate(value: unknown, fileName: string, line: (path: readonly PropertyKey[]) => number | undefined): Scenario {
  const where = (path: readonly PropertyKey[]) => {
    const at = line(path);
    return at === undefined ? `${fileName}: ${pathText(path)}` : `${fileName}:${at}: ${pathText(path)}`;
  };
  const result = ScenarioSchema.safeParse(value, { error: structuralMessage });
  if (!result.success) {
    const problems = result.error.issues.flatMap((iss) =>
      iss.code === 'unrecognized_keys' ? iss.keys.map((key) => `${where([...iss.path, key])}: unknown field`) : [`${where(iss.path)}: ${iss.message}`],
    );
    throw new ScenarioError(fileName, problems);
  }
  const problems: ScenarioProblem[] = checkScenario(result.data);
  if (problems.length > 0) throw new ScenarioError(fileName, problems.map((p) => `${where(p.path)}: ${p.message}`));
  return result.data;
}

/** Validates scenario text; problems name `fileName` and the line. */
export function parseScenarioText(text: string, fileName: string): Scenario {
  const counter = new LineCounter();
  const document = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ScenarioError(
      fileName,
      document.errors.map((error) => `${fileName}:${error.linePos?.[0].line ?? counter.linePos(error.pos[0]).line}: ${error.message.split('\n')[0]}`),
    );
  }
  return validate(toValue(document, counter, fileName), fileName, (path) => lineOf(document, counter, path));
}

/** The YAML reader's limit on alias expansions: a bigger expansion is refused (a "billion laughs" file). */
const MAX_ALIAS_COUNT = 100;

/**
 * The document as plain values. An alias to an anchor never set, or aliases that expand past
 * MAX_ALIAS_COUNT, are refused with a ScenarioError naming the alias's line.
 */
function toValue(document: Document, counter: LineCounter, fileName: string): unknown {
  try {
    return document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    const aliases: { source: string; offset: number }[] = [];
    visit(document, { Alias: (_key, node) => void aliases.push({ source: node.source, offset: node.range?.[0] ?? 0 }) });
    const named = aliases.find((alias) => error.message.includes(alias.source)) ?? aliases[0];
    const line = named === undefined ? undefined : counter.linePos(named.offset).line;
    throw new ScenarioError(fileName, [`${fileName}${line === undefined ? '' : `:${line}`}: ${error.message.split('\n')[0]}`]);
  }
}

/** Reads and validates the scenario file at `path`. */
export function loadScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(path, [`${path}: cannot read the file: ${(error as Error).message}`]);
  }
  return parseScenarioText(text, path);
}
