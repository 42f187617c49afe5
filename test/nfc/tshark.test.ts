/**
 * The real tool: a pcap of a whole phone session (activation + I-blocks) must decode in tshark as ISO
 * 14443 frame by frame, with every frame named, every CRC_A found good, and nothing malformed.
 * tshark is required: without it this test fails and says how to install it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { phoneSessionTimeline } from '../../host/nfc/activation.js';
import { timelinePcap } from '../../host/trace/pcap-iso14443.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { moveInByPhone } from '../power/phone-move-in.js';
import { SAMPLE_EXCHANGES, SAMPLE_UID } from './session-frames.js';

function tshark(args: string[]): string {
  // A second of polling is thousands of packets: room for tshark's verbose text.
  const result = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ENOENT') throw result.error;
  if (result.error) {
    throw new Error(`tshark is not on PATH (${result.error.message}): install it with \`apt-get install -y tshark\` (as root, DEBIAN_FRONTEND=noninteractive)`);
  }
  if (result.status !== 0) throw new Error(`tshark ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

describe('tshark reads the session pcap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cylsim-nfc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const timeline = phoneSessionTimeline({ uid: SAMPLE_UID, exchanges: SAMPLE_EXCHANGES });
  const file = join(dir, 'session.pcap');
  writeFileSync(file, timelinePcap(timeline));
  const packets = timeline.frames.length + 2; // + field on, field off

  it('decodes every packet as ISO 14443, with nothing malformed and no warning', () => {
    const verbose = tshark(['-r', file, '-V']);
    const blocks = verbose.split(/^(?=Frame \d+: )/m).filter((b) => b.startsWith('Frame '));
    expect(blocks).toHaveLength(packets);
    for (const block of blocks) expect(block).toMatch(/^ISO 14443$/m);
    expect(verbose).not.toMatch(/Malformed/);
    expect(verbose).not.toMatch(/Expert Info \(Warning/);
    expect(verbose).not.toMatch(/Expert Info \(Error/);
    // tshark checks CRC_A itself: every frame that carries one (SELECT on) is found good.
    const withCrc = timeline.frames.length - 4; // REQA, ATQA, ANTICOLLISION and the UID answer have none
    expect(verbose.match(/\[CRC Status: Good\]/g)).toHaveLength(withCrc);
    expect(verbose).not.toMatch(/CRC Status: Bad/);
  });

  it('names the activation frames and shows the I-blocks as I-blocks', () => {
    const verbose = tshark(['-r', file, '-V']);
    expect(verbose).toContain('Event: Field on (0xfc)');
    expect(verbose).toContain('Event: Field off (0xfd)');
    for (const name of ['Message: REQA', 'Message: ATQA 0x0004', 'Message: Anticollision', 'Message: Select', 'Message: SAK', 'Message: RATS', 'Message: ATS']) {
      expect(verbose).toContain(name);
    }
    expect(verbose).toContain('Format byte T0: 0x78');
    expect(verbose).toContain('[FSC: 256]');
    expect(verbose).toContain('FWI: 7');
    expect(verbose.match(/Message: I-block/g)).toHaveLength(2 * SAMPLE_EXCHANGES.length);
    expect(verbose.match(/Block type: I-block \(0x0\)/g)).toHaveLength(2 * SAMPLE_EXCHANGES.length);

    const summary = tshark(['-r', file]).split('\n').filter((l) => l.trim() !== '');
    const infos = summary.map((l) => l.replace(/^.*ISO 14443\s+\d+\s+/, ''));
    expect(infos.slice(0, 9)).toEqual(['Field on', 'REQA', 'ATQA', 'Anticollision', 'UID', 'Select', 'SAK', 'RATS', 'ATS']);
    expect(infos.slice(9, -1)).toEqual(SAMPLE_EXCHANGES.flatMap((_, i) => Array(2).fill(`I-block, No chaining, Block number ${i % 2}`)));
    expect(infos.at(-1)).toBe('Field off');
  });

  it('shows the application frame as the I-block INF and the times of the timeline', () => {
    const fields = tshark(['-r', file, '-T', 'fields', '-e', 'frame.time_epoch', '-e', 'iso14443.inf']).trim().split('\n');
    const firstBlock = timeline.frames.findIndex((f) => f.kind === 'I-block') + 1; // + the field-on packet
    const [time, inf] = fields[firstBlock]!.split('\t');
    expect(inf).toBe(Buffer.from(SAMPLE_EXCHANGES[0].command).toString('hex'));
    expect(Number(time)).toBeCloseTo(Math.round(timeline.frames[firstBlock - 1]!.atUs) / 1e6, 6);
  });
});

describe("tshark reads a phone insertion's pcap: the polling, the activation, the I-blocks and S(WTX)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'cylsim-nfc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The tenant's move-in by phone: the lock charges for about a second, then a tenant change past FWT.
  const { result } = moveInByPhone(loadProfileByName('reference-m0plus'), 5, undefined, 'tshark');
  const file = join(dir, 'phone.pcap');
  writeFileSync(file, timelinePcap(result.air));

  it('decodes every packet, nothing malformed, every CRC_A good, and the waiting time extension as S(WTX)', () => {
    expect(result.outcome).toBe('released');
    const verbose = tshark(['-r', file, '-V']);
    const blocks = verbose.split(/^(?=Frame \d+: )/m).filter((b) => b.startsWith('Frame '));
    expect(blocks).toHaveLength(result.air.frames.length + 2);
    expect(verbose).not.toMatch(/Malformed/);
    expect(verbose).not.toMatch(/Expert Info \((Warning|Error)/);
    expect(verbose).not.toMatch(/CRC Status: Bad/);
    const summary = tshark(['-r', file]);
    const reqas = result.air.frames.filter((frame) => frame.kind === 'REQA').length;
    expect(summary.match(/ REQA$/gm)).toHaveLength(reqas);
    expect(reqas).toBeGreaterThan(1000); // a second of polling, one request guard time apart
    expect(summary.match(/S-block, WTX$/gm)).toHaveLength(2);
    expect(verbose).toContain(`WTXM: ${result.air.frames.find((frame) => frame.kind === 'S(WTX)')!.wtxm}`);
  });
});
