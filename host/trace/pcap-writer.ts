/**
 * A classic libpcap file (not pcapng): a 24-byte global header, then per packet a 16-byte record
 * header and the packet's bytes. Everything is written little-endian, so the magic 0xa1b2c3d4 appears
 * as d4 c3 b2 a1 and readers learn the byte order from it. Timestamps have microsecond resolution.
 * Pure: it builds bytes; writing them to a file is the caller's business.
 */

/** Magic number of classic pcap with microsecond timestamps. */
export const PCAP_MAGIC_MICROSECONDS = 0xa1b2c3d4;
/** Format version 2.4. */
export const PCAP_VERSION_MAJOR = 2;
export const PCAP_VERSION_MINOR = 4;
/** Largest packet kept, in bytes. */
export const PCAP_SNAPLEN_BYTES = 65_535;

const GLOBAL_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const US_PER_S = 1_000_000;

export interface PcapPacket {
  /** Capture time in whole microseconds since the file's epoch (see `epochSeconds`). */
  timestampUs: number;
  data: Uint8Array;
}

export interface PcapOptions {
  /** Link-layer type of every packet (e.g. 264, LINKTYPE_ISO_14443). */
  linkType: number;
  /** Seconds added to every timestamp; 0 (1970-01-01T00:00:00Z) by default. */
  epochSeconds?: number;
}

/** The bytes of a classic pcap file holding `packets` in the order given. */
export function encodePcap(packets: readonly PcapPacket[], options: PcapOptions): Uint8Array {
  const epochSeconds = options.epochSeconds ?? 0;
  if (!Number.isInteger(epochSeconds) || epochSeconds < 0) throw new RangeError(`epochSeconds must be an integer >= 0, got ${epochSeconds}`);
  const total = GLOBAL_HEADER_BYTES + packets.reduce((sum, p) => sum + RECORD_HEADER_BYTES + p.data.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, PCAP_MAGIC_MICROSECONDS, true);
  view.setUint16(4, PCAP_VERSION_MAJOR, true);
  view.setUint16(6, PCAP_VERSION_MINOR, true);
  view.setInt32(8, 0, true); // thiszone: timestamps are UTC
  view.setUint32(12, 0, true); // sigfigs: 0 by convention
  view.setUint32(16, PCAP_SNAPLEN_BYTES, true);
  view.setUint32(20, options.linkType, true);
  let offset = GLOBAL_HEADER_BYTES;
  for (const packet of packets) {
    if (!Number.isInteger(packet.timestampUs) || packet.timestampUs < 0) throw new RangeError(`timestampUs must be an integer >= 0, got ${packet.timestampUs}`);
    if (packet.data.length > PCAP_SNAPLEN_BYTES) throw new RangeError(`a packet of ${packet.data.length} bytes exceeds the snaplen`);
    view.setUint32(offset, epochSeconds + Math.floor(packet.timestampUs / US_PER_S), true);
    view.setUint32(offset + 4, packet.timestampUs % US_PER_S, true);
    view.setUint32(offset + 8, packet.data.length, true); // incl_len
    view.setUint32(offset + 12, packet.data.length, true); // orig_len: nothing is truncated
    out.set(packet.data, offset + RECORD_HEADER_BYTES);
    offset += RECORD_HEADER_BYTES + packet.data.length;
  }
  return out;
}
