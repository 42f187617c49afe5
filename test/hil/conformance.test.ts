/**
 * The same conformance suite on every target (docs/VECTORS.md): in-process (each firmware image and
 * the reference lock), and the emulator acting as a device over stdio, TCP and a real
 * pseudo-terminal pair opened as a serial port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runVectors } from '../../host/hil/runner/run-vectors.js';
import { openTarget, parseTarget } from '../../host/hil/runner/targets.js';
import { CLI, generatedSuite, profile, startServe, type ServedDevice } from './support.js';

async function runOn(target: string) {
  const device = await openTarget(parseTarget(target), { profile });
  try {
    return await runVectors(generatedSuite(), device);
  } finally {
    await device.close();
  }
}

function expectAllPassed(report: Awaited<ReturnType<typeof runOn>>) {
  expect(report.tests.filter((test) => test.status !== 'passed').map((test) => test.message)).toEqual([]);
  expect(report.passed).toBe(generatedSuite().header.numberOfTests);
}

describe('the generated suite', () => {
  it.each(['reference', 'wasm:release', 'wasm:release-nolog', 'wasm:debug'])('should pass in-process on %s', async (target) => {
    expectAllPassed(await runOn(target));
  });

  it.each(['wasm', 'reference'])('should pass over stdio against `cylsim serve --stdio --lock %s`', async (lock) => {
    const report = await runOn(`stdio:"${process.execPath}" "${CLI}" serve --stdio --lock ${lock}`);
    expect(report.device.implementation).toBe(lock === 'wasm' ? 'cylsim firmware release' : 'cylsim reference lock');
    expectAllPassed(report);
  });

  describe('over TCP', () => {
    let served: ServedDevice;
    beforeAll(async () => {
      served = await startServe('--tcp', '127.0.0.1:0');
    });
    afterAll(() => served.stop());

    it('should pass against `cylsim serve --tcp`, twice on the same device', async () => {
      expect(served.target).toMatch(/^tcp:127\.0\.0\.1:\d+$/);
      expectAllPassed(await runOn(served.target));
      expectAllPassed(await runOn(served.target));
    });
  });

  describe('over a serial port', () => {
    let served: ServedDevice;
    beforeAll(async () => {
      served = await startServe('--pty');
    });
    afterAll(() => served.stop());

    it('should pass against `cylsim serve --pty` through a real pseudo-terminal pair', async () => {
      expect(served.target).toMatch(/^serial:\/dev\/pts\/\d+$/);
      const report = await runOn(served.target);
      expect(report.device.profile).toBe('reference-m0plus');
      expectAllPassed(report);
    });
  });
});
