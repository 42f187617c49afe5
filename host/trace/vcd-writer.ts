/**
 * A timeline's signals as a four-state VCD file (IEEE 1364-2005 §18.2), for GTKWave and Surfer.
 *
 * Timescale: 1 ns (§18.2.3.5). Timeline times are microseconds (numbers); they are converted
 * exactly to whole nanoseconds (exact-time.ts), so 2.875 µs is written `#2875`. 1 ns is fine
 * enough for the 13.56 MHz carrier period (73.7 ns) and the 9.44 µs bit of ISO 14443 at
 * 106 kbit/s; a time with a finer fraction than 0.001 µs is rejected, not rounded.
 *
 * Variables (§18.2.3.7 $var):
 * - real signal: `$var real 1 <id> cap_voltage_v $end`, values `r<value> <id>`;
 * - 1-bit wire: `$var wire 1 <id> name $end`, values `0<id>`, `1<id>`, `x<id>`, `z<id>`;
 * - n-bit wire: `$var wire n <id> name $end`, values `b<n binary digits> <id>`. An enumeration
 *   (a wire with `states`) is such a vector of codes; its code table is written in a $comment
 *   (§18.2.3.1) before the definitions, e.g. `mcu_state (lock.mcu, id "): 0 = b000 off, ...`.
 *   GTKWave shows the code; the table says what it means.
 *
 * Deterministic: no $date (§18.2.3.2; it would be the wall clock), $version `cylsim`
 * (§18.2.3.8), identifier codes from the declaration order (vcd-identifiers.ts), scopes in the
 * order they are first used. The initial values are dumped at #0 in $dumpvars (§18.2.3.12); a
 * change at time 0 becomes the signal's initial value. A change to the value a signal already
 * holds is not written (a VCD lists changes only).
 */
import { microsecondsToNanoseconds } from './exact-time.js';
import type { Signal, Timeline, WireSignal } from './timeline.js';
import { checkSignalChanges, TimelineError } from './timeline.js';
import { vcdIdentifier } from './vcd-identifiers.js';
import type { VcdValue } from './vcd-values.js';
import { initialValue, resolveValue, vcdValueChange, wireBits } from './vcd-values.js';

export const VCD_VERSION = 'cylsim';
/** §18.2.3.5: "1 ns"; every time in the file is a whole number of nanoseconds. */
export const VCD_TIMESCALE = '1 ns';

interface Variable {
  readonly signal: Signal;
  readonly identifier: string;
}

/** A scope (§18.2.3.4, `$scope module <name> $end`) with its variables and subscopes in first-use order. */
interface ScopeNode {
  readonly name: string;
  readonly members: (Variable | ScopeNode)[];
  readonly subscopes: Map<string, ScopeNode>;
}

function scopeTree(variables: readonly Variable[]): ScopeNode {
  const root: ScopeNode = { name: '', members: [], subscopes: new Map() };
  for (const variable of variables) {
    let node = root;
    for (const part of variable.signal.scope.split('.')) {
      let child = node.subscopes.get(part);
      if (child === undefined) {
        child = { name: part, members: [], subscopes: new Map() };
        node.subscopes.set(part, child);
        node.members.push(child);
      }
      node = child;
    }
    node.members.push(variable);
  }
  return root;
}

function definitionLines(node: ScopeNode, lines: string[]): void {
  for (const member of node.members) {
    if ('members' in member) {
      lines.push(`$scope module ${member.name} $end`);
      definitionLines(member, lines);
      lines.push('$upscope $end'); // §18.2.3.6
    } else {
      const { signal, identifier } = member;
      const [type, size] = signal.kind === 'real' ? ['real', 1] : ['wire', signal.width];
      lines.push(`$var ${type} ${size} ${identifier} ${signal.name} $end`);
    }
  }
}

/** The code table of an enumeration, for a $comment: `0 = b000 off, 1 = b001 boot, ...`. */
export function codeTable(signal: WireSignal): string {
  return (signal.states ?? []).map((state, code) => `${code} = b${wireBits(code, signal.width)} ${state}`).join(', ');
}

function headerLines(variables: readonly Variable[]): string[] {
  const lines = [`$version ${VCD_VERSION} $end`, `$timescale ${VCD_TIMESCALE} $end`];
  for (const { signal, identifier } of variables) {
    if (signal.kind === 'wire' && signal.states !== undefined && signal.states.length > 0) {
      lines.push(`$comment ${signal.name} (${signal.scope}, id ${identifier}) codes: ${codeTable(signal)} $end`);
    }
  }
  definitionLines(scopeTree(variables), lines);
  lines.push('$enddefinitions $end'); // §18.2.3.3
  return lines;
}

function nanoseconds(what: string, us: number): bigint {
  try {
    return microsecondsToNanoseconds(us);
  } catch (error) {
    throw new TimelineError(`${what}: ${(error as Error).message}`);
  }
}

/** The VCD text of the timeline's signals and changes (spans and instants are not part of it). */
export function writeVcd(timeline: Timeline): string {
  checkSignalChanges(timeline);
  if (timeline.signals.length === 0) throw new TimelineError('a VCD needs at least one signal');
  const variables = timeline.signals.map((signal, index) => ({ signal, identifier: vcdIdentifier(index) }));
  const byName = new Map(variables.map((variable) => [variable.signal.name, variable]));
  const current = new Map(variables.map((variable) => [variable.signal.name, initialValue(variable.signal)]));

  // Changes at time 0 set the values dumped by $dumpvars.
  let next = 0;
  for (; next < timeline.changes.length && timeline.changes[next]!.atUs === 0; next++) {
    const change = timeline.changes[next]!;
    current.set(change.signal, resolveValue(byName.get(change.signal)!.signal, change.value));
  }
  const lines = headerLines(variables);
  lines.push('#0', '$dumpvars');
  for (const { signal, identifier } of variables) lines.push(vcdValueChange(signal, current.get(signal.name)!, identifier));
  lines.push('$end');

  // §18.2.1 simulation_time: `#` and a decimal time, increasing; the changes at that time follow.
  let lastTimeNs = 0n;
  for (; next < timeline.changes.length; next++) {
    const change = timeline.changes[next]!;
    const { signal, identifier } = byName.get(change.signal)!;
    const timeNs = nanoseconds(`change ${next} (${change.signal})`, change.atUs);
    const value: VcdValue = resolveValue(signal, change.value);
    if (value === current.get(signal.name)) continue;
    current.set(signal.name, value);
    if (timeNs !== lastTimeNs) {
      lines.push(`#${timeNs}`);
      lastTimeNs = timeNs;
    }
    lines.push(vcdValueChange(signal, value, identifier));
  }
  if (timeline.endUs !== undefined) {
    const endNs = nanoseconds('endUs', timeline.endUs);
    if (endNs > lastTimeNs) lines.push(`#${endNs}`);
  }
  return `${lines.join('\n')}\n`;
}
