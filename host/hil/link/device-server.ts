/**
 * The device side of the link: requests in, one response each, over any byte stream (stdin and
 * stdout, a TCP socket, a serial port). A packet whose checksum fails is dropped unanswered (the
 * runner times out and says so); a request the device cannot carry out is answered with FAULT.
 */
import type { Readable, Writable } from 'node:stream';
import { SlipDecoder, SlipEncoder } from 'serialport';
import type { EmulatedDevice } from '../device/emulated-device.js';
import { decodeMessage, encodeMessage, type LinkMessage } from './codec.js';
import {
  BOOT_SEQUENCE, decodeFrameBody, decodeNvmWritesBody, encodeHelloBody, encodeNvmWritesStatus, expectedRequestBytes, kindName, MessageKind, RESPONSE_BIT,
} from './messages.js';

/** The response to one request; FAULT with the reason when the device cannot carry it out. */
export function answerRequest(device: EmulatedDevice, request: LinkMessage): LinkMessage {
  const respond = (body: Uint8Array): LinkMessage => ({ kind: request.kind | RESPONSE_BIT, sequence: request.sequence, body });
  try {
    const expected = expectedRequestBytes(request.kind);
    if (expected !== undefined && request.body.length !== expected) {
      throw new Error(`${kindName(request.kind)} carries ${expected} bytes, not ${request.body.length}`);
    }
    switch (request.kind) {
      case MessageKind.Hello:
        return respond(encodeHelloBody(device.hello()));
      case MessageKind.Erase:
        device.erase();
        return respond(new Uint8Array(0));
      case MessageKind.Provision:
        return respond(Uint8Array.of(device.provision(request.body)));
      case MessageKind.PowerUp:
        device.powerUp(request.body);
        return respond(new Uint8Array(0));
      case MessageKind.Frame: {
        const { frame, energyNj, atUs } = decodeFrameBody(request.body);
        return respond(device.frame(frame, energyNj, atUs));
      }
      case MessageKind.NvmWrites: {
        const mode = decodeNvmWritesBody(request.body);
        return respond(encodeNvmWritesStatus(mode === undefined ? 'unsupported' : device.nvmWrites(mode)));
      }
      default:
        throw new Error(`unknown request kind ${kindName(request.kind)}`);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { kind: MessageKind.Fault, sequence: request.sequence, body: Buffer.from(text, 'utf8') };
  }
}

export interface ServedLink {
  /** Settles when the input ends. */
  closed: Promise<void>;
}

/**
 * Serves `device` on a byte stream: sends BOOT first (the device has started), then answers each
 * request in turn.
 */
export function serveDevice(device: EmulatedDevice, input: Readable, output: Writable): ServedLink {
  // The leading END of each packet flushes any line noise before it (RFC 1055).
  const encoder = new SlipEncoder({ bluetoothQuirk: true });
  encoder.pipe(output);
  const send = (message: LinkMessage) => encoder.write(encodeMessage(message));
  send({ kind: MessageKind.Boot, sequence: BOOT_SEQUENCE, body: encodeHelloBody(device.hello()) });
  const decoder = input.pipe(new SlipDecoder());
  decoder.on('data', (packet: Buffer) => {
    if (packet.length === 0) return;
    let request: LinkMessage;
    try {
      request = decodeMessage(packet);
    } catch {
      return;
    }
    send(answerRequest(device, request));
  });
  const closed = new Promise<void>((resolve) => {
    input.once('end', resolve);
    input.once('close', resolve);
    input.once('error', () => resolve());
  });
  return { closed };
}
