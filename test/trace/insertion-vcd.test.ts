/**
 * The VCD of an insertion on the lock's own power: its capacitor voltage agrees with the capacitor
 * model, worked here in closed form (V = Q / C while nothing draws); its MCU, actuator and link
 * signals follow the insertion; and the same seed gives the same bytes in every trace file.
 */
import { describe, expect, it } from 'vitest';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { TURN_QUARTER_SPEEDS, insertionAtPace } from '../../host/physics/key-generator.js';
import { nfcChargeCurrentUa, phoneFieldAPerM } from '../../host/physics/nfc-field.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { timelinePcap } from '../../host/trace/pcap-iso14443.js';
import { writeVcd } from '../../host/trace/vcd-writer.js';
import { MCU_STATES, VOLTAGE_STEP_V, poweredInsertionTimeline, poweredInsertionTraceFiles } from '../../sim/insertion/insertion-traces.js';
import { phoneDemoInsertion, physicalDemoInsertion } from '../../sim/insertion/physical-demo.js';
import { readVcd, type VcdFile } from './vcd-reader.js';

const profile = loadProfileByName('reference-m0plus');
const figures = physicsFigures(profile);
const { capacitanceUf, powerOnV } = figures.capacitor;

/** The changes of the variable `name`, as (ns, text). */
function changesOf(file: VcdFile, name: string) {
  const variable = file.vars.find((v) => v.name === name)!;
  return file.changes.get(variable.identifier) ?? [];
}

/** The voltage samples of a VCD: µs and volts. */
function voltageSamples(file: VcdFile) {
  return changesOf(file, 'cap_voltage_v').map(({ time, value }) => ({ atUs: Number(time) / 1000, voltageV: Number(value) }));
}

/** A state name from an enumeration's binary code. */
const stateOf = (states: readonly string[], bits: string) => states[parseInt(bits, 2)]!;

function phoneRun(seed = 'vcd') {
  const { physical } = phoneDemoInsertion('resident', profile, { distanceMm: 10 }, { seed });
  const link = { kind: 'phone', air: physical.air } as const;
  return { physical, timeline: poweredInsertionTimeline(physical, link, physical.air.fieldOffAtUs), files: { ...poweredInsertionTraceFiles(physical, link, physical.air.fieldOffAtUs), pcap: timelinePcap(physical.air) } };
}

function turnRun(seed = 'vcd') {
  const { physical } = physicalDemoInsertion('resident', profile, insertionAtPace(figures.generator, 'normal'), { seed });
  const endUs = Math.max(physical.record.endUs, physical.record.sourceEndUs);
  const link = { kind: 'contact', frames: physical.link.frames } as const;
  return { physical, timeline: poweredInsertionTimeline(physical, link, endUs), files: poweredInsertionTraceFiles(physical, link, endUs) };
}

describe("a phone insertion's VCD", () => {
  const { physical, timeline } = phoneRun();
  const vcd = readVcd(writeVcd(timeline));
  const powerOnUs = physical.record.powerOnAtUs!;

  it('should give the capacitor voltage of a constant charging current, V = I t / C, until power-on', () => {
    const chargeUa = nfcChargeCurrentUa(figures.nfcHarvester, phoneFieldAPerM(figures.phone, 10));
    const charging = voltageSamples(vcd).filter((sample) => sample.atUs <= powerOnUs);
    // One sample each 10 mV from 0 to powerOnV.
    expect(charging.length).toBeGreaterThanOrEqual(Math.floor(powerOnV / VOLTAGE_STEP_V));
    for (const sample of charging) {
      // uA x us = pC = 1e-6 uC; uC / uF = V. The time is rounded to 1 ns, the value to 1 uV.
      const modelV = (chargeUa * sample.atUs * 1e-6) / capacitanceUf;
      expect(Math.abs(sample.voltageV - modelV), `at ${sample.atUs} us`).toBeLessThanOrEqual(1e-6);
    }
    expect(charging.at(-1)!.voltageV).toBeCloseTo(powerOnV, 5);
  });

  it('should sample every value on the model\'s voltage and never hold one more than a step away', () => {
    const samples = voltageSamples(vcd);
    for (let i = 1; i < samples.length; i++) expect(Math.abs(samples[i]!.voltageV - samples[i - 1]!.voltageV)).toBeLessThanOrEqual(VOLTAGE_STEP_V + 1e-6);
    const last = physical.voltage.at(-1)!;
    expect(samples.at(-1)!.voltageV).toBeCloseTo(last.voltageV, 5);
  });

  it('should show the field on until the phone drops it, the air busy on every frame, power and the MCU from power-on', () => {
    const field = changesOf(vcd, 'field_on').map(({ time, value }) => [Number(time), value]);
    expect(field).toEqual([
      [0, '1'],
      [Math.round(physical.air.fieldOffAtUs * 1000), '0'],
    ]);
    const airBusy = changesOf(vcd, 'air').filter(({ value }) => value !== '00');
    expect(airBusy).toHaveLength(physical.air.frames.length);
    expect(changesOf(vcd, 'powered').map(({ time, value }) => [Number(time), value])).toEqual([
      [0, '0'],
      [Math.round(powerOnUs * 1000), '1'],
    ]);
    const states = changesOf(vcd, 'mcu_state').map(({ value }) => stateOf(MCU_STATES, value));
    expect(states[0]).toBe('reset');
    expect(states[1]).toBe('boot');
    expect(states).toContain('release');
    expect(states.at(-1)).toBe('halted');
  });
});

describe("a physical key's VCD", () => {
  const { physical, timeline } = turnRun();
  const vcd = readVcd(writeVcd(timeline));

  it('should give the capacitor voltage of the turn\'s four constant currents until power-on', () => {
    // The turn stores E into the empty capacitor: Q = sqrt(2 E C) (E = Q^2 / 2C), shared by the
    // quarters as their speeds squared (host/physics/key-generator.ts), each over a quarter of the turn.
    const turn = insertionAtPace(figures.generator, 'normal');
    const quarterUs = (turn.turnDurationMs * 1000) / 4;
    const totalUc = Math.sqrt(2 * figures.generator.harvestPerInsertionUj * capacitanceUf);
    const weights = TURN_QUARTER_SPEEDS.map((speed) => speed * speed);
    const shares = weights.map((w) => w / weights.reduce((a, b) => a + b, 0));
    const chargeAt = (atUs: number) =>
      shares.reduce((sum, share, quarter) => sum + share * totalUc * Math.min(1, Math.max(0, (atUs - quarter * quarterUs) / quarterUs)), 0);
    const charging = voltageSamples(vcd).filter((sample) => sample.atUs <= physical.record.powerOnAtUs!);
    expect(charging.length).toBeGreaterThanOrEqual(Math.floor(powerOnV / VOLTAGE_STEP_V));
    for (const sample of charging) expect(Math.abs(sample.voltageV - chargeAt(sample.atUs) / capacitanceUf), `at ${sample.atUs} us`).toBeLessThanOrEqual(2e-6);
    // Corners where the generator's current steps (between quarters of different speeds), before power-on.
    const times = new Set(charging.map((sample) => sample.atUs));
    for (let quarter = 1; quarter * quarterUs < physical.record.powerOnAtUs!; quarter++) {
      expect(times.has(quarter * quarterUs), `${quarter * quarterUs} us`).toBe(weights[quarter] !== weights[quarter - 1]);
    }
  });

  it('should show the contact frames, the release of the actuator and the MCU halted after the session', () => {
    const contact = changesOf(vcd, 'contact').filter(({ value }) => value !== '00');
    expect(contact).toHaveLength(physical.link.frames.length);
    const actuator = changesOf(vcd, 'actuator').map(({ time, value }) => [Number(time), value]);
    const release = physical.record.spans.find((span) => span.activity === 'release')!;
    expect(actuator).toEqual([
      [0, '00'],
      [Math.round(release.startUs * 1000), '01'],
      [Math.round(release.endUs * 1000), '10'],
    ]);
    expect(stateOf(MCU_STATES, changesOf(vcd, 'mcu_state').at(-1)!.value)).toBe('halted');
  });
});

describe('the traces of an insertion', () => {
  it('should be the same bytes for the same seed, and differ for another', () => {
    const [a, b, other] = [phoneRun('same'), phoneRun('same'), phoneRun('other')];
    expect(a.files.vcd).toBe(b.files.vcd);
    expect(a.files.traceJson).toBe(b.files.traceJson);
    expect(Buffer.from(a.files.pcap).equals(Buffer.from(b.files.pcap))).toBe(true);
    expect(Buffer.from(a.files.pcap).equals(Buffer.from(other.files.pcap))).toBe(false);
    const [c, d] = [turnRun('same'), turnRun('same')];
    expect(c.files.vcd).toBe(d.files.vcd);
    expect(c.files.traceJson).toBe(d.files.traceJson);
  });
});
