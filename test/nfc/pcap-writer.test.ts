/** The classic pcap container and the link type 264 pseudo-header, byte by byte. */
import { describe, expect, it } from 'vitest';
import { encodeIso14443Pcap, iso14443PacketData, LINKTYPE_ISO_14443 } from '../../host/trace/pcap-iso14443.js';
import { encodePcap } from '../../host/trace/pcap-writer.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('pcap writer', () => {
  it('writes the classic global header little-endian: magic, 2.4, snaplen 65535, link type', () => {
    const file = encodePcap([], { linkType: 264 });
    expect(hex(file)).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + 'ffff0000' + '08010000');
  });

  it('splits timestamps into seconds and microseconds after the epoch', () => {
    const file = encodePcap([{ timestampUs: 2_000_123, data: Uint8Array.of(0xaa) }], { linkType: 1, epochSeconds: 10 });
    const view = new DataView(file.buffer);
    expect(view.getUint32(24, true)).toBe(12);
    expect(view.getUint32(28, true)).toBe(123);
    expect(view.getUint32(32, true)).toBe(1);
    expect(view.getUint32(36, true)).toBe(1);
    expect(file[40]).toBe(0xaa);
  });

  it('prefixes each ISO 14443 packet with version 0, the event and a big-endian length', () => {
    expect(hex(iso14443PacketData(0xfe, new Uint8Array(0x0102)).subarray(0, 4))).toBe('00fe0102');
    const file = encodeIso14443Pcap([
      { atUs: 0, field: 'on' },
      { atUs: 5100, direction: 'pcd-to-picc', bytes: Uint8Array.of(0x26) },
      { atUs: 5264.9, direction: 'picc-to-pcd', bytes: Uint8Array.of(0x04, 0x00) },
    ]);
    expect(new DataView(file.buffer).getUint32(20, true)).toBe(LINKTYPE_ISO_14443);
    expect(hex(file.subarray(24 + 16, 24 + 16 + 4))).toBe('00fc0000');
    expect(hex(file.subarray(44 + 16, 44 + 16 + 5))).toBe('00fe000126');
    expect(new DataView(file.buffer).getUint32(65 + 4, true)).toBe(5265); // rounded to the microsecond
    expect(hex(file.subarray(65 + 16))).toBe('00ff00020400');
  });
});
