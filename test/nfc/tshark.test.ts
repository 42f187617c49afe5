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
import { SAMPLE_EXCHANGES, SAMPLE_UID } from './session-frames.js';

function tshark(args: string[]): string {
  const result = spawnSync('tshark', args, { encoding: 'utf8' });
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
