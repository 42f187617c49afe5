/** The VCD writer's text against IEEE 1364-2005 §18.2, without external tools. */
import { describe, expect, it } from 'vitest';
import type { Timeline } from '../../host/trace/timeline.js';
import { vcdIdentifier } from '../../host/trace/vcd-identifiers.js';
import { writeVcd } from '../../host/trace/vcd-writer.js';
import { sampleTimeline } from './sample-timeline.js';
import { readVcd } from './vcd-reader.js';

const text = writeVcd(sampleTimeline);
const file = readVcd(text);

const withChanges = (changes: Timeline['changes']): Timeline => ({ ...sampleTimeline, changes, endUs: undefined });

describe('the VCD header', () => {
  it('should give $timescale, then the scopes with their $var, $upscope, and $enddefinitions last', () => {
    const order = file.keywords.filter((keyword) => keyword !== '$comment');
    expect(order).toEqual([
      '$version', '$timescale',
      '$scope', '$scope', '$var', '$upscope', '$scope', '$var', '$upscope', '$scope', '$var', '$upscope', '$scope', '$var', '$upscope', '$upscope',
      '$enddefinitions',
    ]);
    expect(file.commands.get('$timescale')).toBe('1 ns');
    expect(file.commands.get('$version')).toBe('cylsim');
  });

  it('should have no $date, so the same timeline gives the same bytes', () => {
    expect(file.keywords).not.toContain('$date');
    expect(writeVcd(sampleTimeline)).toBe(text);
  });

  it('should declare each signal with its kind, width and scope, and a unique identifier in declaration order', () => {
    expect(file.vars).toEqual([
      { scope: 'lock.power', type: 'real', size: 1, identifier: '!', name: 'cap_voltage_v' },
      { scope: 'lock.nfc', type: 'wire', size: 1, identifier: '"', name: 'field_on' },
      { scope: 'lock.mcu', type: 'wire', size: 3, identifier: '#', name: 'mcu_state' },
      { scope: 'lock.actuator', type: 'wire', size: 1, identifier: '$', name: 'actuator_on' },
    ]);
  });

  it('should write the code table of an enumeration in a $comment', () => {
    expect(text).toContain('$comment mcu_state (lock.mcu, id #) codes: 0 = b000 off, 1 = b001 boot, 2 = b010 idle, 3 = b011 crypto, 4 = b100 nvm_write, 5 = b101 actuate $end');
  });
});

describe('VCD identifier codes', () => {
  it('should be distinct printable ASCII strings for many signals', () => {
    const codes = Array.from({ length: 20_000 }, (_, index) => vcdIdentifier(index));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[!-~]+$/);
    expect(codes.slice(0, 3)).toEqual(['!', '"', '#']);
    expect(codes[93]).toBe('~');
    expect(codes[94]).toBe('!!');
  });
});

describe('the VCD value changes', () => {
  it('should start with #0 and $dumpvars holding every signal once', () => {
    const body = text.slice(text.indexOf('$enddefinitions $end\n') + '$enddefinitions $end\n'.length);
    expect(body.startsWith('#0\n$dumpvars\nr0 !\n0"\nb000 #\n0$\n$end\n')).toBe(true);
  });

  it('should have strictly increasing times, ending at endUs', () => {
    for (let i = 1; i < file.times.length; i++) expect(file.times[i]!).toBeGreaterThan(file.times[i - 1]!);
    expect(file.times.at(-1)).toBe(600_000n);
  });

  it('should write reals as r<number>, scalars as <bit><id> and vectors as b<bits> at full width', () => {
    expect(text).toContain('#40000\nr2.875 !\nb001 #\n');
    expect(text).toContain('#310001\n0$\n');
    expect(text).toContain('#500000\nr1e-7 !\n');
  });

  it('should leave out a change to the value a signal already holds', () => {
    const again = writeVcd(withChanges([
      { signal: 'field_on', atUs: 1, value: 1 },
      { signal: 'field_on', atUs: 2, value: 1 },
      { signal: 'field_on', atUs: 3, value: 0 },
    ]));
    expect(again.slice(again.indexOf('$dumpvars'))).toBe('$dumpvars\nr0 !\n0"\nb000 #\nx$\n$end\n#1000\n1"\n#3000\n0"\n');
  });

  it('should write x and z at full width', () => {
    const unknown = writeVcd(withChanges([{ signal: 'mcu_state', atUs: 1, value: 'x' }, { signal: 'field_on', atUs: 2, value: 'z' }]));
    expect(unknown).toContain('#1000\nbxxx #\n#2000\nz"\n');
  });
});

describe('the VCD writer', () => {
  it('should reject a time that goes back', () => {
    expect(() => writeVcd(withChanges([{ signal: 'field_on', atUs: 2, value: 1 }, { signal: 'mcu_state', atUs: 1, value: 'boot' }])))
      .toThrow(/change 1 \(mcu_state at 1 µs\): time goes back from 2 µs/);
  });

  it('should reject two changes of one signal at one time, and take changes of different signals', () => {
    expect(() => writeVcd(withChanges([{ signal: 'field_on', atUs: 2, value: 1 }, { signal: 'field_on', atUs: 2, value: 0 }])))
      .toThrow(/field_on already changed at 2 µs/);
    expect(() => writeVcd(withChanges([{ signal: 'field_on', atUs: 2, value: 1 }, { signal: 'mcu_state', atUs: 2, value: 'idle' }]))).not.toThrow();
  });

  it('should reject a time finer than 1 ns instead of rounding it', () => {
    expect(() => writeVcd(withChanges([{ signal: 'field_on', atUs: 1.0005, value: 1 }]))).toThrow(/not a whole number of nanoseconds/);
  });

  it('should reject values that do not fit the signal', () => {
    expect(() => writeVcd(withChanges([{ signal: 'mcu_state', atUs: 1, value: 8 }]))).toThrow(/not an unsigned integer of 3 bit/);
    expect(() => writeVcd(withChanges([{ signal: 'mcu_state', atUs: 1, value: 'sleep' }]))).toThrow(/not one of its states/);
    expect(() => writeVcd(withChanges([{ signal: 'cap_voltage_v', atUs: 1, value: Number.NaN }]))).toThrow(/not a finite number/);
    expect(() => writeVcd(withChanges([{ signal: 'coil_current_ma', atUs: 1, value: 1 }]))).toThrow(/not declared/);
  });

  it('should reject names that are not identifiers', () => {
    expect(() => writeVcd({ ...sampleTimeline, signals: [{ kind: 'real', name: 'cap voltage', scope: 'lock' }], changes: [] })).toThrow(/not an identifier/);
  });
});
