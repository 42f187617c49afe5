/** Application frames for the NFC tests: shaped like docs/PROTOCOL.md's (type byte + body), contents arbitrary. */

/** A frame of `length` bytes starting with `type`, the rest a fixed pattern. */
export function appFrame(type: number, length: number): Uint8Array {
  const frame = new Uint8Array(length);
  frame[0] = type;
  for (let i = 1; i < length; i++) frame[i] = (i * 37 + type) & 0xff;
  return frame;
}

/** HELLO -> CHALLENGE, AUTH -> RESULT, COMMAND -> COMMAND_RESULT, with lengths from PROTOCOL.md section 5. */
export const SAMPLE_EXCHANGES = [
  { command: appFrame(0x01, 15), response: appFrame(0x81, 28), lockProcessingUs: 1800 },
  { command: appFrame(0x03, 48), response: appFrame(0x83, 14), lockProcessingUs: 9500, keyProcessingUs: 3000 },
  { command: appFrame(0x04, 14), response: appFrame(0x84, 38), lockProcessingUs: 6200 },
] as const;

export const SAMPLE_UID = Uint8Array.of(0x08, 0x5a, 0x3c, 0x11);
