/**
 * `cylsim insert --json --pcap G --vcd F --trace-json T`: the latency is reported, and the files
 * open in the real tools (tshark; GTKWave's vcd2fst/fst2vcd; the trace is Chrome JSON).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../host/package-root.js';

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error) throw new Error(`${command} could not run (${result.error.message}): apt-get install -y tshark gtkwave`);
  return result;
}

describe('cylsim insert with traces', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cylsim-insert-'));
  const [pcap, vcd, trace] = ['session.pcap', 'session.vcd', 'session.json'].map((name) => join(dir, name)) as [string, string, string];
  const cli = run(process.execPath, [packagePath('dist', 'sim', 'cli', 'main.js'), 'insert', '--key', 'resident', '--json', '--pcap', pcap, '--vcd', vcd, '--trace-json', trace]);
  const report = JSON.parse(cli.stdout) as { decision: string; latencyUs: number; nfcLatencyUs: number; powerOnAtUs: number; energyMarginUj: number; energyOutcome: string; timeline: { activity: string }[] };

  it('should grant and report the latency of the same frames by phone, from field-on to the RESULT', () => {
    expect(cli.status).toBe(0);
    expect(report.decision).toBe('grant');
    // At least the activation (REQA .. ATS) and two exchanges at 106 kbit/s: over 10 ms; a phone gives up after seconds.
    expect(report.nfcLatencyUs).toBeGreaterThan(10_000);
    expect(report.nfcLatencyUs).toBeLessThan(1_000_000);
  });

  it('should run the insertion on the energy of a normal turn: power-on, compute, release, and a margin left', () => {
    expect(report.energyOutcome).toBe('released');
    expect(report.energyMarginUj).toBeGreaterThan(0);
    expect(report.powerOnAtUs).toBeGreaterThan(0);
    const activities = new Set(report.timeline.map((span) => span.activity));
    for (const activity of ['boot', 'link', 'compute', 'release']) expect(activities).toContain(activity);
    // Latency runs from the turn's start past the 20 ms release (profile actuatorReleaseMs).
    expect(report.latencyUs).toBeGreaterThan(report.powerOnAtUs + 20_000);
  });

  it('should write a pcap that tshark reads as ISO 14443 from REQA to the I-blocks, nothing malformed', () => {
    const summary = run('tshark', ['-r', pcap]).stdout;
    for (const name of ['REQA', 'ATQA', 'Select', 'SAK', 'RATS', 'ATS', 'I-block']) expect(summary).toContain(name);
    const detail = run('tshark', ['-r', pcap, '-V']).stdout;
    expect(detail).not.toMatch(/Malformed/i);
    expect(detail).not.toContain('[CRC Status: Bad]');
  });

  it('should write a VCD that survives vcd2fst and fst2vcd with its variables', () => {
    const fst = join(dir, 'session.fst');
    expect(run('vcd2fst', ['-v', vcd, '-f', fst]).status).toBe(0);
    const back = run('fst2vcd', [fst]).stdout;
    for (const variable of ['field_on', 'air', 'mcu_state']) expect(back).toMatch(new RegExp(`\\$var wire \\d+ \\S+ ${variable} \\$end`));
    expect(back.match(/^#\d+/gm)?.length).toBeGreaterThan(20);
  });

  it('should write a Chrome trace with the NFC frames and the firmware spans', () => {
    const events = (JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents: { ph: string; name: string }[] }).traceEvents;
    expect(events.filter((event) => event.ph === 'X' && event.name === 'I-block').length).toBe(4);
    expect(events.some((event) => event.ph === 'X' && event.name.startsWith('frame 0x'))).toBe(true);
    expect(events.some((event) => event.name === 'release')).toBe(true);
  });
});
