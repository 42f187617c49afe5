/**
 * NFC frames as pcap packets of link type 264, LINKTYPE_ISO_14443, for Wireshark and tshark. Each
 * packet starts with a 4-byte pseudo-header: version 0x00, an event byte, and the length of the data
 * that follows as u16 big-endian (the format Wireshark's ISO 14443 dissector documents, and
 * shared/NOTES-tools.md). Event bytes, from Wireshark's epan/dissectors/packet-iso14443.c:
 * 0xFF data PICC -> PCD, 0xFE data PCD -> PICC, 0xFD field off, 0xFC field on.
 *
 * Timestamps are the timeline's virtual time rounded to the microsecond, from an epoch of 0 (the
 * capture starts at 1970-01-01T00:00:00Z, field-on) unless the caller gives another: never the clock.
 */
import type { NfcDirection, PhoneSessionTimeline } from '../nfc/activation.js';
import { encodePcap, type PcapPacket } from './pcap-writer.js';

/** LINKTYPE_ISO_14443. */
export const LINKTYPE_ISO_14443 = 264;

/** Pseudo-header version. */
const PSEUDO_HEADER_VERSION = 0x00;
const PSEUDO_HEADER_BYTES = 4;
/** Largest data length the u16 length field can hold. */
const MAX_DATA_BYTES = 0xffff;

export const ISO14443_EVENT = {
  dataPiccToPcd: 0xff,
  dataPcdToPicc: 0xfe,
  fieldOff: 0xfd,
  fieldOn: 0xfc,
} as const;

/** One thing to record: a frame (with its direction) or a field event. */
export type Iso14443Record =
  | { atUs: number; direction: NfcDirection; bytes: Uint8Array }
  | { atUs: number; field: 'on' | 'off' };

/** The pseudo-header and data of one packet. */
export function iso14443PacketData(event: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (data.length > MAX_DATA_BYTES) throw new RangeError(`${data.length} bytes do not fit the u16 length field`);
  const out = new Uint8Array(PSEUDO_HEADER_BYTES + data.length);
  out[0] = PSEUDO_HEADER_VERSION;
  out[1] = event;
  out[2] = data.length >> 8; // length, big-endian
  out[3] = data.length & 0xff;
  out.set(data, PSEUDO_HEADER_BYTES);
  return out;
}

function recordToPacket(record: Iso14443Record): PcapPacket {
  const timestampUs = Math.round(record.atUs);
  if ('field' in record) {
    return { timestampUs, data: iso14443PacketData(record.field === 'on' ? ISO14443_EVENT.fieldOn : ISO14443_EVENT.fieldOff) };
  }
  const event = record.direction === 'pcd-to-picc' ? ISO14443_EVENT.dataPcdToPicc : ISO14443_EVENT.dataPiccToPcd;
  return { timestampUs, data: iso14443PacketData(event, record.bytes) };
}

/** A pcap file of `records`, in the order given. */
export function encodeIso14443Pcap(records: readonly Iso14443Record[], epochSeconds = 0): Uint8Array {
  return encodePcap(records.map(recordToPacket), { linkType: LINKTYPE_ISO_14443, epochSeconds });
}

/** The records of a phone session: field on, every frame at its start time, field off. */
export function timelineRecords(timeline: PhoneSessionTimeline, withFieldEvents = true): Iso14443Record[] {
  const frames: Iso14443Record[] = timeline.frames.map((f) => ({ atUs: f.atUs, direction: f.direction, bytes: f.bytes }));
  if (!withFieldEvents) return frames;
  return [{ atUs: timeline.fieldOnAtUs, field: 'on' }, ...frames, { atUs: timeline.fieldOffAtUs, field: 'off' }];
}

/** A pcap file of a phone session's timeline. */
export function timelinePcap(timeline: PhoneSessionTimeline, options: { withFieldEvents?: boolean; epochSeconds?: number } = {}): Uint8Array {
  return encodeIso14443Pcap(timelineRecords(timeline, options.withFieldEvents ?? true), options.epochSeconds ?? 0);
}
