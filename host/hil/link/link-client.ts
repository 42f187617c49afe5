/**
 * The runner's side of the device link: each request waits for the response with its sequence
 * number, at most `timeoutMs`. Every way the link can break ends the request with a LinkError that
 * says what happened, never a hang: no answer in time, a checksum error, an answer of the wrong
 * kind, a BOOT (the device reset), the stream closing.
 */
import type { Readable, Writable } from 'node:stream';
import { SlipDecoder, SlipEncoder } from 'serialport';
import type { Reason } from '../../../firmware/abi.js';
import { DeviceFault, type DeviceHello, type HilDevice, type NvmWritesAnswer } from '../device/hil-device.js';
import type { NvmWriteMode } from '../vectors/schema.js';
import { decodeMessage, encodeMessage, type LinkMessage } from './codec.js';
import {
  decodeHelloBody, decodeNvmWritesStatus, encodeFrameBody, encodeNvmWritesBody, kindName, LinkError, MessageKind, RESPONSE_BIT,
} from './messages.js';

/** A byte stream to a device, and how to let go of it. */
export interface ByteTransport {
  input: Readable;
  output: Writable;
  /** E.g. "tcp:127.0.0.1:7000". */
  describe: string;
  close(): Promise<void>;
  /** What is known of why the stream closed (a child's exit status and last words). */
  closedReason?(): string | undefined;
}

/**
 * HELLO, the first request, waits at least 10 s: a device process starting (Node loading the
 * emulator takes over a second on a loaded machine) or a board booting after its reset.
 */
export const HELLO_TIMEOUT_MS = 10_000;

/** 2 s: a request the emulator answers in well under a millisecond; a real device's NVM erase may need --timeout-ms. */
export const DEFAULT_TIMEOUT_MS = 2000;

interface Pending {
  kind: MessageKind;
  sequence: number;
  resolve: (body: Uint8Array) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class LinkClient implements HilDevice {
  private readonly encoder = new SlipEncoder({ bluetoothQuirk: true });
  private pending: Pending | null = null;
  private sequence = 0;
  private closedBecause: string | null = null;
  /** A BOOT seen while no request was waiting: the next request reports the reset. */
  private resetSeen = false;
  /** BOOT is expected before the first HELLO answer (the device announces its start). */
  private greeted = false;

  constructor(
    private readonly transport: ByteTransport,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.encoder.pipe(transport.output);
    // A failed write (EPIPE: the device is gone) is told by the input's end, which carries the reason
    // (a child's exit status); the request's timeout bounds the wait if it never comes.
    transport.output.on('error', () => undefined);
    const decoder = transport.input.pipe(new SlipDecoder());
    decoder.on('data', (packet: Buffer) => this.onPacket(packet));
    transport.input.once('end', () => this.linkClosed('the device closed the link'));
    transport.input.once('close', () => this.linkClosed('the device closed the link'));
    transport.input.on('error', (error) => this.linkClosed(`the link failed: ${error.message}`));
  }

  /** The first request: it waits HELLO_TIMEOUT_MS at least, for the device starting up. */
  async hello(): Promise<DeviceHello> {
    const hello = decodeHelloBody(await this.request(MessageKind.Hello, new Uint8Array(0), Math.max(this.timeoutMs, HELLO_TIMEOUT_MS)));
    this.greeted = true;
    return hello;
  }

  async erase(): Promise<void> {
    await this.request(MessageKind.Erase, new Uint8Array(0));
  }

  async provision(record: Uint8Array): Promise<Reason> {
    const body = await this.request(MessageKind.Provision, record);
    if (body.length !== 1) throw new LinkError(`a PROVISION response carries 1 byte, not ${body.length}`);
    return body[0] as Reason;
  }

  async powerUp(entropy: Uint8Array): Promise<void> {
    await this.request(MessageKind.PowerUp, entropy);
  }

  frame(frame: Uint8Array, energyNj: number, atUs: number): Promise<Uint8Array> {
    return this.request(MessageKind.Frame, encodeFrameBody(frame, energyNj, atUs));
  }

  async nvmWrites(mode: NvmWriteMode): Promise<NvmWritesAnswer> {
    return decodeNvmWritesStatus(await this.request(MessageKind.NvmWrites, encodeNvmWritesBody(mode)));
  }

  async close(): Promise<void> {
    this.linkClosed('the link was closed by the runner');
    this.encoder.unpipe(this.transport.output);
    await this.transport.close();
  }

  private request(kind: MessageKind, body: Uint8Array, timeoutMs = this.timeoutMs): Promise<Uint8Array> {
    if (this.closedBecause !== null) return Promise.reject(new LinkError(this.closedBecause));
    if (this.resetSeen) {
      this.resetSeen = false;
      return Promise.reject(new LinkError('the device reset (it sent BOOT) between two requests'));
    }
    if (this.pending) return Promise.reject(new Error('one request at a time on the device link'));
    this.sequence = (this.sequence % 255) + 1; // 1..255: BOOT has 0
    const sequence = this.sequence;
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = null;
        reject(new LinkError(`no answer to ${kindName(kind)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending = { kind, sequence, resolve, reject, timer };
      this.encoder.write(encodeMessage({ kind, sequence, body }));
    });
  }

  private settle(outcome: { body: Uint8Array } | { error: Error }): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = null;
    if ('body' in outcome) pending.resolve(outcome.body);
    else pending.reject(outcome.error);
  }

  private onPacket(packet: Buffer): void {
    if (packet.length === 0) return; // the END that starts every packet
    let message: LinkMessage;
    try {
      message = decodeMessage(packet);
    } catch (error) {
      // Line noise before the device's first answer is dropped; after it, it breaks the request.
      if (this.pending && this.greeted) this.settle({ error: error instanceof Error ? error : new LinkError(String(error)) });
      return;
    }
    if (message.kind === MessageKind.Boot) {
      if (!this.greeted) return;
      if (this.pending) this.settle({ error: new LinkError(`the device reset (it sent BOOT) while ${kindName(this.pending.kind)} was waiting for its answer`) });
      else this.resetSeen = true;
      return;
    }
    const pending = this.pending;
    if (!pending || message.sequence !== pending.sequence) return; // a late answer to a request given up
    if (message.kind === MessageKind.Fault) {
      this.settle({ error: new DeviceFault(`the device could not carry out ${kindName(pending.kind)}: ${Buffer.from(message.body).toString('utf8')}`) });
    } else if (message.kind !== (pending.kind | RESPONSE_BIT)) {
      this.settle({ error: new LinkError(`${kindName(pending.kind)} was answered with ${kindName(message.kind)}`) });
    } else {
      this.settle({ body: message.body });
    }
  }

  private linkClosed(reason: string): void {
    if (this.closedBecause !== null) return;
    const known = this.transport.closedReason?.();
    this.closedBecause = known ? `${reason} (${known})` : reason;
    this.settle({ error: new LinkError(this.closedBecause) });
  }
}
