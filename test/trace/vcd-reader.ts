/**
 * A minimal VCD reader for the tests (IEEE 1364-2005 §18.2.1): the header's commands in order,
 * the $var declarations with their scope path, and each identifier's value changes with times.
 */

export interface VcdVar {
  readonly scope: string;
  readonly type: string;
  readonly size: number;
  readonly identifier: string;
  readonly name: string;
}

export interface VcdChange {
  readonly time: bigint;
  /** Text after the kind letter: binary digits for vectors and scalars, the number for reals. */
  readonly value: string;
}

export interface VcdFile {
  /** Declaration keywords in order, e.g. ['$version', '$timescale', '$scope', '$var', ...]. */
  readonly keywords: readonly string[];
  /** Text of each declaration command that occurs once, keyed by keyword ($timescale, $version, ...). */
  readonly commands: ReadonlyMap<string, string>;
  readonly vars: readonly VcdVar[];
  /** `#` times in the order they occur. */
  readonly times: readonly bigint[];
  readonly changes: ReadonlyMap<string, readonly VcdChange[]>;
}

export function readVcd(text: string): VcdFile {
  const tokens = text.split(/\s+/).filter((token) => token !== '');
  const keywords: string[] = [];
  const commands = new Map<string, string>();
  const vars: VcdVar[] = [];
  const scopes: string[] = [];
  let i = 0;
  const untilEnd = (): string[] => {
    const body: string[] = [];
    while (tokens[i] !== '$end') {
      if (i >= tokens.length) throw new Error('a command has no $end');
      body.push(tokens[i++]!);
    }
    i++;
    return body;
  };
  while (i < tokens.length) {
    const keyword = tokens[i++]!;
    if (!keyword.startsWith('$')) throw new Error(`header: ${keyword} is not a keyword`);
    keywords.push(keyword);
    if (keyword === '$enddefinitions') {
      untilEnd();
      break;
    }
    const body = untilEnd();
    commands.set(keyword, body.join(' '));
    if (keyword === '$scope') scopes.push(body[1]!);
    if (keyword === '$upscope') scopes.pop();
    if (keyword === '$var') {
      const [type = '', size = '', identifier = '', name = ''] = body;
      vars.push({ scope: scopes.join('.'), type, size: Number(size), identifier, name });
    }
  }
  const times: bigint[] = [];
  const changes = new Map<string, VcdChange[]>();
  let time: bigint | undefined;
  const add = (identifier: string, value: string) => {
    if (time === undefined) throw new Error(`value change of ${identifier} before any time`);
    if (!changes.has(identifier)) changes.set(identifier, []);
    changes.get(identifier)!.push({ time, value });
  };
  while (i < tokens.length) {
    const token = tokens[i++]!;
    if (token.startsWith('#')) {
      time = BigInt(token.slice(1));
      times.push(time);
    } else if (token.startsWith('$')) {
      // $dumpvars, $dumpall, $dumpon, $dumpoff and their $end: the changes inside count as usual.
    } else if (/^[rRbB]/.test(token)) {
      add(tokens[i++]!, token.slice(1));
    } else if (/^[01xXzZ]/.test(token)) {
      add(token.slice(1), token[0]!.toLowerCase());
    } else {
      throw new Error(`unexpected token ${token}`);
    }
  }
  return { keywords, commands, vars, times, changes };
}

/** A vector value at full width, undoing the left shortening of Table 18-2 (0 and 1 extend with 0, x with x, z with z). */
export function widenBits(bits: string, width: number): string {
  const lower = bits.toLowerCase();
  const fill = lower[0] === 'x' || lower[0] === 'z' ? lower[0] : '0';
  return lower.padStart(width, fill);
}
