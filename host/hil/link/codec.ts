/**
 * One device-link message inside one SLIP packet (RFC 1055; @serialport/parser-slip-encoder does the
 * byte stuffing): kind u8 ‖ sequence u8 ‖ body ‖ CRC-32 u32, the CRC (ISO-HDLC, as zlib and
 * Ethernet compute it) over kind, sequence and body, little-endian.
 */
import { crc32 } from 'node:zlib';
import { LinkError } from './messages.js';

/** kind and sequence. */
const HEADER_BYTES = 2;
const CRC_BYTES = 4;
/** The longest message either side accepts: a FRAME request of 8 + 1,024 bytes, with room to spare. */
export const MESSAGE_MAX_BYTES = 2048;

export interface LinkMessage {
  kind: number;
  sequence: number;
  body: Uint8Array;
}

export function encodeMessage(message: LinkMessage): Uint8Array {
  const bytes = Buffer.alloc(HEADER_BYTES + message.body.length + CRC_BYTES);
  bytes.writeUInt8(message.kind, 0);
  bytes.writeUInt8(message.sequence, 1);
  bytes.set(message.body, HEADER_BYTES);
  bytes.writeUInt32LE(crc32(bytes.subarray(0, HEADER_BYTES + message.body.length)), HEADER_BYTES + message.body.length);
  return bytes;
}

/** The message in one SLIP packet's payload; throws LinkError for a bad length or checksum. */
export function decodeMessage(packet: Uint8Array): LinkMessage {
  if (packet.length < HEADER_BYTES + CRC_BYTES) throw new LinkError(`a packet of ${packet.length} bytes is shorter than a message (${HEADER_BYTES + CRC_BYTES})`);
  if (packet.length > MESSAGE_MAX_BYTES) throw new LinkError(`a packet of ${packet.length} bytes is longer than a message may be (${MESSAGE_MAX_BYTES})`);
  const bytes = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  const end = packet.length - CRC_BYTES;
  const sent = bytes.readUInt32LE(end);
  const computed = crc32(bytes.subarray(0, end));
  if (sent !== computed) throw new LinkError(`checksum error: CRC-32 ${hex32(sent)} sent, ${hex32(computed)} computed over ${end} bytes`);
  return { kind: bytes.readUInt8(0), sequence: bytes.readUInt8(1), body: packet.slice(HEADER_BYTES, end) };
}

const hex32 = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;
