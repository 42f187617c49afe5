/**
 * DESIGN.md "Traces": our VCD opens in GTKWave. GTKWave's own vcd2fst reads it into FST and
 * fst2vcd writes it back; every $var and every value change must survive (vcd2fst exits 0 even on
 * a broken file, so the values are what we check): for a sample timeline, and for the timelines of
 * a physical key's and a phone key's insertion (capacitor voltage, MCU, NVM, actuator, link).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Timeline } from '../../host/trace/timeline.js';
import { writeVcd } from '../../host/trace/vcd-writer.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { insertionAtPace } from '../../host/physics/key-generator.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { poweredInsertionTimeline } from '../../sim/insertion/insertion-traces.js';
import { physicalDemoInsertion } from '../../sim/insertion/physical-demo.js';
import { moveInByPhone } from '../power/phone-move-in.js';
import { sampleTimeline } from './sample-timeline.js';
import type { VcdFile } from './vcd-reader.js';
import { readVcd, widenBits } from './vcd-reader.js';

function requireTool(command: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
  if (!found) throw new Error(`${command} is not on PATH: install GTKWave's tools with \`apt-get install -y gtkwave\``);
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

interface Expected {
  readonly time: bigint;
  readonly value: number | string;
}

/** What each signal should hold from when, computed from the timeline without the writer's code. */
function expectedChanges(timeline: Timeline): Map<string, Expected[]> {
  const byName = new Map<string, Expected[]>();
  for (const signal of timeline.signals) {
    const asText = (value: number | string): number | string => {
      if (signal.kind === 'real') return value;
      if (value === 'x' || value === 'z') return value.repeat(signal.width);
      const code = typeof value === 'number' ? value : signal.states!.indexOf(value);
      return code.toString(2).padStart(signal.width, '0');
    };
    const changes = timeline.changes.filter((change) => change.signal === signal.name);
    const atZero = changes.find((change) => change.atUs === 0);
    const initial = atZero?.value ?? signal.initial ?? (signal.kind === 'real' ? 0 : 'x');
    // A VCD lists changes only: a value equal to the one held is not written.
    const list: Expected[] = [{ time: 0n, value: asText(initial) }];
    for (const change of changes.filter((c) => c.atUs > 0)) {
      const value = asText(change.value);
      if (value !== list.at(-1)!.value) list.push({ time: BigInt(Math.round(change.atUs * 1000)), value });
    }
    byName.set(signal.name, list);
  }
  return byName;
}

function actualChanges(file: VcdFile, identifier: string, kind: 'real' | 'wire', width: number): Expected[] {
  return (file.changes.get(identifier) ?? []).map(({ time, value }) => ({ time, value: kind === 'real' ? Number(value) : widenBits(value, width) }));
}

/** The timeline's VCD through vcd2fst and fst2vcd: every variable and value must come back. */
function describeRoundTrip(what: string, timeline: () => Timeline): void {
  describe(`${what} converted to FST by vcd2fst and back by fst2vcd`, () => {
    requireTool('vcd2fst');
    requireTool('fst2vcd');
    const dir = mkdtempSync(join(tmpdir(), 'cylsim-vcd-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const source = timeline();
    writeFileSync(join(dir, 'in.vcd'), writeVcd(source));
    run('vcd2fst', ['-v', join(dir, 'in.vcd'), '-f', join(dir, 'out.fst')]);
    const back = readVcd(run('fst2vcd', [join(dir, 'out.fst')]));

    it('should keep the timescale of 1 ns', () => {
      expect(back.commands.get('$timescale')?.replace(/\s+/g, '')).toBe('1ns');
    });

    it('should declare every signal again with its scope, kind and width', () => {
      const declared = source.signals.map((signal) => ({
        scope: signal.scope,
        name: signal.name,
        type: signal.kind,
        // We declare reals with size 1; FST stores them as doubles and fst2vcd declares `real 64`.
        size: signal.kind === 'real' ? 64 : signal.width,
      }));
      const found = back.vars.map(({ scope, name, type, size }) => ({ scope, name, type, size }));
      expect(found).toEqual(expect.arrayContaining(declared));
      expect(found).toHaveLength(declared.length);
    });

    it('should give every signal its values at the times written', () => {
      const expected = expectedChanges(source);
      for (const signal of source.signals) {
        const variable = back.vars.find((v) => v.name === signal.name && v.scope === signal.scope)!;
        const width = signal.kind === 'real' ? 1 : signal.width;
        const actual = actualChanges(back, variable.identifier, signal.kind, width);
        const wanted = expected.get(signal.name)!;
        expect(actual.map((change) => change.time), signal.name).toEqual(wanted.map((change) => change.time));
        actual.forEach((change, index) => {
          const want = wanted[index]!.value;
          // fst2vcd prints reals with %.16g: equal up to the last of 16 significant digits.
          if (typeof want === 'number') expect(Math.abs((change.value as number) - want), `${signal.name} at ${change.time} ns`).toBeLessThanOrEqual(Math.abs(want) * 1e-15);
          else expect(change.value, `${signal.name} at ${change.time} ns`).toBe(want);
        });
      }
    });
  });
}

describeRoundTrip('the sample timeline', () => sampleTimeline);
describeRoundTrip("a physical key's insertion on its turn", () => {
  const profile = loadProfileByName('reference-m0plus');
  const { physical } = physicalDemoInsertion('resident', profile, insertionAtPace(physicsFigures(profile).generator, 'normal'), { seed: 'vcd' });
  return poweredInsertionTimeline(physical, { kind: 'contact', frames: physical.link.frames }, Math.max(physical.record.endUs, physical.record.sourceEndUs));
});
describeRoundTrip("a phone key's insertion on its field, with S(WTX)", () => {
  // The move-in is a tenant change: its page writes and release take longer than FWT.
  const { result } = moveInByPhone(loadProfileByName('reference-m0plus'), 8, undefined, 'vcd');
  return poweredInsertionTimeline(result, { kind: 'phone', air: result.air }, result.air.fieldOffAtUs);
});
