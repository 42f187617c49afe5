/**
 * `cylsim insert --json --pcap G --vcd F --trace-json T` on the firmware: the insertion's own
 * timeline (a physical key's turn, or a phone's field) in the VCD and the Chrome trace, the NFC
 * frames in the pcap; the files open in the real tools (tshark; GTKWave's vcd2fst/fst2vcd) and are
 * the same bytes for the same seed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}): apt-get install -y tshark gtkwave`);
  return result;
}

interface TraceEvent {
  ph: string;
  name: string;
  tid: number;
  args: Record<string, unknown>;
}

/** Runs `cylsim insert` with every trace file; returns the report and the files' paths. */
function insertWithTraces(name: string, ...args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), `cylsim-${name}-`));
  const [pcap, vcd, trace] = ['session.pcap', 'session.vcd', 'session.json'].map((file) => join(dir, file)) as [string, string, string];
  const cli = run(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), 'insert', ...args, '--json', '--pcap', pcap, '--vcd', vcd, '--trace-json', trace]);
  if (cli.status !== 0) throw new Error(`cylsim insert ${args.join(' ')} failed: ${cli.stderr}`);
  return { dir, pcap, vcd, trace, report: JSON.parse(cli.stdout) as Record<string, unknown> & { timeline: { activity: string }[] } };
}

/** The VCD back from vcd2fst and fst2vcd. */
function roundTrip(dir: string, vcd: string): string {
  const fst = join(dir, 'session.fst');
  expect(run('vcd2fst', ['-v', vcd, '-f', fst]).status).toBe(0);
  return run('fst2vcd', [fst]).stdout;
}

const threadOf = (events: TraceEvent[], name: string) => events.find((event) => event.ph === 'M' && event.name === 'thread_name' && event.args.name === name)!.tid;

describe('cylsim insert with traces, a physical key on its turn', () => {
  const { dir, pcap, vcd, trace, report } = insertWithTraces('turn', '--key', 'resident');

  it('should grant on the energy of a normal turn and report the latency of the same frames by phone', () => {
    expect(report.decision).toBe('grant');
    expect(report.keyType).toBe('physical');
    expect(report.energyOutcome).toBe('released');
    expect(report.energyMarginUj as number).toBeGreaterThan(0);
    const activities = new Set(report.timeline.map((span) => span.activity));
    for (const activity of ['boot', 'link', 'compute', 'release']) expect(activities).toContain(activity);
    // Latency runs from the turn's start past the 20 ms release (profile actuatorReleaseMs).
    expect(report.latencyUs as number).toBeGreaterThan((report.powerOnAtUs as number) + 20_000);
    // At least the activation (REQA .. ATS) and two exchanges at 106 kbit/s: over 10 ms.
    expect(report.nfcLatencyUs as number).toBeGreaterThan(10_000);
  });

  it('should write a pcap of the same frames as a phone would carry them, that tshark reads with nothing malformed', () => {
    const summary = run('tshark', ['-r', pcap]).stdout;
    for (const name of ['REQA', 'ATQA', 'Select', 'SAK', 'RATS', 'ATS', 'I-block']) expect(summary).toContain(name);
    const detail = run('tshark', ['-r', pcap, '-V']).stdout;
    expect(detail).not.toMatch(/Malformed/i);
    expect(detail).not.toContain('[CRC Status: Bad]');
  });

  it("should write the insertion's own VCD: the capacitor voltage as a real, power, the MCU, NVM, actuator and contact link, through vcd2fst and fst2vcd", () => {
    const back = roundTrip(dir, vcd);
    expect(back).toMatch(/\$var real \d+ \S+ cap_voltage_v \$end/);
    for (const variable of ['powered', 'mcu_state', 'nvm_write', 'actuator', 'contact']) expect(back).toMatch(new RegExp(`\\$var wire \\d+ \\S+ ${variable} \\$end`));
    expect(back.match(/^r[\d.e+-]+ /gm)?.length).toBeGreaterThan(300); // 10 mV steps up to 3 V and down through the release
  });

  it("should write a Chrome trace of the MCU's spans, the contact frames, the release and the voltage as a counter", () => {
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const mcu = threadOf(events, 'mcu');
    const spansOn = (tid: number) => events.filter((event) => event.ph === 'X' && event.tid === tid).map((event) => event.name);
    expect(new Set(spansOn(mcu))).toEqual(new Set(['boot', 'link', 'compute', 'release']));
    expect(spansOn(threadOf(events, 'contact'))).toEqual(['Hello', 'Challenge', 'Auth', 'Result']);
    expect(spansOn(threadOf(events, 'actuator'))).toEqual(['release']);
    expect(events.filter((event) => event.ph === 'C' && event.name === 'cap_voltage_v').length).toBeGreaterThan(300);
    expect(events.some((event) => event.ph === 'i' && event.name === 'power-on')).toBe(true);
  });
});

describe('cylsim insert --phone with traces, a phone key on its field', () => {
  const { dir, pcap, vcd, trace, report } = insertWithTraces('phone', '--key', 'resident', '--phone', '--distance', '5');
  const phone = report.phone as { unansweredReqas: number; fieldOffAtUs: number };

  it('should grant on the field, with the latency from field-on to the RESULT', () => {
    expect([report.keyType, report.decision, report.energyOutcome]).toEqual(['phone', 'grant', 'released']);
    expect(report.latencyUs).toBe(phone.fieldOffAtUs);
    expect(report.nfcLatencyUs).toBe(report.latencyUs);
    expect(phone.unansweredReqas).toBeGreaterThan(0);
  });

  it("should write a pcap of the session's own frames, from the polling to the RESULT, that tshark reads with nothing malformed", () => {
    const summary = run('tshark', ['-r', pcap]).stdout;
    expect(summary.match(/ REQA$/gm)).toHaveLength(phone.unansweredReqas + 1);
    for (const name of ['Field on', 'ATQA', 'Select', 'SAK', 'RATS', 'ATS', 'I-block', 'Field off']) expect(summary).toContain(name);
    expect(summary.match(/I-block/g)).toHaveLength(4);
    const detail = run('tshark', ['-r', pcap, '-V']).stdout;
    expect(detail).not.toMatch(/Malformed/i);
    expect(detail).not.toContain('[CRC Status: Bad]');
  });

  it('should write a VCD with the field, the air, the capacitor voltage and the MCU, through vcd2fst and fst2vcd', () => {
    const back = roundTrip(dir, vcd);
    expect(back).toMatch(/\$var real \d+ \S+ cap_voltage_v \$end/);
    for (const variable of ['powered', 'mcu_state', 'nvm_write', 'actuator', 'field_on', 'air']) expect(back).toMatch(new RegExp(`\\$var wire \\d+ \\S+ ${variable} \\$end`));
  });

  it('should write a Chrome trace with every frame on the air and the MCU from power-on', () => {
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    const air = events.filter((event) => event.ph === 'X' && event.tid === threadOf(events, 'nfc')).map((event) => event.name);
    expect(air.filter((name) => name === 'REQA')).toHaveLength(phone.unansweredReqas + 1);
    expect(air.slice(-4)).toEqual(['I-block Hello', 'I-block Challenge', 'I-block Auth', 'I-block Result']);
    expect(events.some((event) => event.ph === 'i' && event.name === 'field off')).toBe(true);
  });
});

describe('cylsim insert traces', () => {
  it('should be the same bytes for the same seed, for a physical key and a phone', () => {
    for (const args of [['--key', 'blocked'], ['--key', 'contractor', '--phone', '--distance', '12']]) {
      const [a, b] = [insertWithTraces('same-a', ...args), insertWithTraces('same-b', ...args)];
      for (const file of ['pcap', 'vcd', 'trace'] as const) expect(readFileSync(a[file]).equals(readFileSync(b[file])), `${args.join(' ')}: ${file}`).toBe(true);
    }
  });
});
