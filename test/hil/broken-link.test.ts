/**
 * A broken device link (docs/VECTORS.md, "When the link breaks"): no answer, line noise, a checksum
 * error, a device that resets or hangs up mid-vector, a device process that dies or never answers.
 * Each gives an error naming the vector and what happened, and the run ends: never a hang.
 */
import { createServer, type Server } from 'node:net';
import { SlipDecoder, SlipEncoder } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedDevice } from '../../host/hil/device/emulated-device.js';
import { decodeMessage, encodeMessage } from '../../host/hil/link/codec.js';
import { answerRequest } from '../../host/hil/link/device-server.js';
import { BOOT_SEQUENCE, encodeHelloBody, MessageKind } from '../../host/hil/link/messages.js';
import { HELLO_TIMEOUT_MS } from '../../host/hil/link/link-client.js';
import { runVectors } from '../../host/hil/runner/run-vectors.js';
import { openTarget, parseTarget } from '../../host/hil/runner/targets.js';
import type { VectorFile } from '../../host/hil/vectors/schema.js';
import { generatedSuite, profile } from './support.js';

/** A short wait for answers, so that a silent device is found out quickly, ms. */
const TIMEOUT_MS = 300;

/** The suite's first group (43 tests, no setup steps): its first FRAME request is tcId 1's HELLO. */
function firstGroup(): VectorFile {
  const suite = generatedSuite();
  const group = suite.testGroups[0]!;
  return { ...suite, header: { ...suite.header, numberOfTests: group.tests.length }, testGroups: [group] };
}

type Fault = 'silence' | 'noise' | 'checksum' | 'reset' | 'hang-up';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** An emulated device on TCP that misbehaves, as `fault` says, instead of answering the first FRAME request. */
async function faultyDevice(fault: Fault): Promise<string> {
  const server = createServer((socket) => {
    const device = new EmulatedDevice({ implementation: { kind: 'wasm', variant: 'release' }, profile });
    const encoder = new SlipEncoder({ bluetoothQuirk: true });
    encoder.pipe(socket);
    const boot = () => encoder.write(encodeMessage({ kind: MessageKind.Boot, sequence: BOOT_SEQUENCE, body: encodeHelloBody(device.hello()) }));
    boot();
    let frames = 0;
    socket.on('error', () => socket.destroy());
    socket.pipe(new SlipDecoder()).on('data', (packet: Buffer) => {
      if (packet.length === 0) return;
      const request = decodeMessage(packet);
      const answer = encodeMessage(answerRequest(device, request));
      if (request.kind !== MessageKind.Frame || ++frames !== 1) return encoder.write(answer);
      if (fault === 'noise') socket.write(Buffer.concat([Buffer.from('line noise, not a message'), Buffer.of(0xc0)]));
      if (fault === 'checksum') encoder.write(Buffer.concat([answer.subarray(0, answer.length - 1), Buffer.of(answer[answer.length - 1]! ^ 0xff)]));
      if (fault === 'reset') {
        device.erase();
        boot();
      }
      if (fault === 'hang-up') socket.destroy();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return `tcp:127.0.0.1:${address.port}`;
}

async function runAgainst(target: string, file = firstGroup()) {
  const device = await openTarget(parseTarget(target), { profile, timeoutMs: TIMEOUT_MS });
  try {
    return await runVectors(file, device);
  } finally {
    await device.close();
  }
}

describe('a broken link', () => {
  it.each([
    ['silence', `no answer to Frame within ${TIMEOUT_MS} ms`],
    ['noise', 'checksum error'],
    ['checksum', 'checksum error'],
    ['reset', 'the device reset (it sent BOOT) while Frame was waiting for its answer'],
  ] as const)('should fail only the vector the fault hits when the device answers with %s, naming it, and go on', async (fault, what) => {
    const report = await runAgainst(await faultyDevice(fault));
    const failed = report.tests.filter((test) => test.status === 'failed');
    expect(failed.map((test) => test.tcId)).toEqual([1]);
    expect(failed[0]!.message).toMatch(/^tcId 1 \(a resident key at the front door.*\): step 1: /);
    expect(failed[0]!.message).toContain(what);
    expect(report.passed).toBe(firstGroup().header.numberOfTests - 1);
  });

  it('should fail the vector during which the device hangs up, and every later one at once with the same reason', async () => {
    const started = process.hrtime.bigint();
    const report = await runAgainst(await faultyDevice('hang-up'));
    expect(report.passed).toBe(0);
    expect(report.tests[0]!.message).toMatch(/^tcId 1 .*: step 1: the device closed the link/);
    expect(report.tests[1]!.message).toMatch(/^tcId 2 .*: erasing the device: the device closed the link/);
    // Every later test fails without waiting for a timeout: far less than one timeout each.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(TIMEOUT_MS * report.tests.length);
  });

  it('should say that a device process ended, with its exit status and stderr, before it answered HELLO', async () => {
    await expect(runAgainst('stdio:echo "no such board" >&2; exit 3')).rejects.toThrow(
      /the device did not answer HELLO: the device closed the link \(the device process ended with exit code 3; its stderr: no such board\)/,
    );
  });

  it('should give up on a device process that never answers HELLO, and end it', async () => {
    // HELLO waits HELLO_TIMEOUT_MS (a device starting up), longer than the other requests' TIMEOUT_MS.
    await expect(runAgainst('stdio:sleep 30')).rejects.toThrow(`the device did not answer HELLO: no answer to Hello within ${HELLO_TIMEOUT_MS} ms`);
  });

  it('should refuse a loopback (a device that echoes the requests) as answering with the wrong kind', async () => {
    await expect(runAgainst('stdio:cat')).rejects.toThrow('the device did not answer HELLO: Hello was answered with Hello');
  });
});
