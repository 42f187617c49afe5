/**
 * Malformed and random frames (fast-check, seeded) against every image: no trap, no grant, nothing
 * written to NVM, and every answer a frame the protocol defines.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { FRAME_MAX_BYTES, FrameType } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { referenceProfile, VARIANTS } from '../support/firmware.js';
import { COMMON_LOCK, PRIVATE_LOCK, provisionedFirmwareLock, testManagement } from '../support/site.js';

const ANSWER_TYPES = new Set<number>([FrameType.Challenge, FrameType.DeltaAck, FrameType.Result, FrameType.Error]);

/** Frames of any length up to past the limit, mostly with a type the lock knows. */
const frame = fc
  .tuple(fc.constantFrom(FrameType.Hello, FrameType.Delta, FrameType.Auth, 0x00, 0x04, 0x83, 0xbf, 0xff), fc.uint8Array({ minLength: 0, maxLength: FRAME_MAX_BYTES + 10 }))
  .map(([type, rest]) => (rest.length === 0 ? rest : Uint8Array.of(type, ...rest.subarray(1))));

describe.each(VARIANTS)('the %s image receiving random frames', (variant) => {
  it.each([
    ['a common lock', COMMON_LOCK],
    ['a private lock', PRIVATE_LOCK],
  ] as const)('should answer every one defined, grant nothing and write nothing (%s)', (_, request) => {
    const { lock, devices } = provisionedFirmwareLock(testManagement(), request, { variant });
    const nvmBefore = devices.nvm.bytes.slice();
    const releasesBefore = devices.actuator.commands.length;
    fc.assert(
      fc.property(fc.array(frame, { minLength: 1, maxLength: 6 }), (frames) => {
        for (const bytes of frames) {
          const answer = lock.receive(bytes);
          expect(answer.length).toBeGreaterThan(0);
          expect(ANSWER_TYPES.has(answer[0]!)).toBe(true);
          if (answer[0] === FrameType.Result) expect(answer[1]).toBe(0); // never a grant
        }
      }),
      { numRuns: 2_000, seed: 31 },
    );
    expect(Buffer.from(devices.nvm.bytes).equals(Buffer.from(nvmBefore))).toBe(true);
    expect(devices.actuator.commands.length).toBe(releasesBefore);
  });

  it('should refuse frames of every length 0..260 of each known type outside a session, with a reason', () => {
    const { lock } = provisionedFirmwareLock(testManagement(), COMMON_LOCK, { variant });
    for (const type of [FrameType.Delta, FrameType.Auth]) {
      for (let length = 0; length <= FRAME_MAX_BYTES + 10; length++) {
        const bytes = new Uint8Array(length).fill(0xa5);
        if (length > 0) bytes[0] = type;
        const answer = lock.receive(bytes);
        expect(answer[0]).toBe(FrameType.Error);
        expect(answer[1]).toBe(length === 0 || length > FRAME_MAX_BYTES ? Reason.Malformed : Reason.UnexpectedFrame);
      }
    }
  });

  it('should answer NotProvisioned to any frame, well formed or not, before provisioning', () => {
    const image = loadImage(variant);
    const lock = new FirmwareLock(image, createBenchDevices({ image, profile: referenceProfile, seed: 'unprovisioned' }));
    lock.powerUp();
    fc.assert(
      fc.property(frame, (bytes) => {
        expect([...lock.receive(bytes)]).toEqual([FrameType.Error, Reason.NotProvisioned]);
      }),
      { numRuns: 500, seed: 32 },
    );
  });
});
