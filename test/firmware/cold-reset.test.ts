/**
 * DESIGN.md "RAM is lost at every power-up": the cold reset must make an instance byte for byte a
 * fresh one, so that fleet runs can reset (cheap) instead of instantiating (~40 us).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RepeatingEntropy } from '../../host/devices/seeded-entropy.js';
import { freshLock, VARIANTS } from '../support/firmware.js';
import { apply, operation } from '../support/operations.js';

/** The same 32 bytes at every draw, so a reset instance and a fresh one are seeded alike. */
const steadyEntropy = (seed: Uint8Array) => new RepeatingEntropy(seed);

describe.each(VARIANTS)('the cold reset of the %s image', (variant) => {
  it('should leave memory byte for byte as a fresh instance has it, after any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 20 }), (operations) => {
        const used = freshLock(variant);
        used.firmware.exports.boot();
        for (const op of operations) apply(used.firmware, op);
        used.firmware.exports.coldReset();
        expect(Buffer.from(used.firmware.snapshotMemory()).equals(Buffer.from(freshLock(variant).firmware.snapshotMemory()))).toBe(true);
      }),
      { numRuns: 200, seed: 2 },
    );
  });

  it('should then behave exactly like a fresh instance: same statuses, same outputs, same memory', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(operation, { maxLength: 12 }), fc.array(operation, { maxLength: 12 }), (seed, before, after) => {
        const reset = freshLock(variant, { entropy: steadyEntropy(seed) });
        reset.firmware.exports.boot();
        for (const op of before) apply(reset.firmware, op);
        reset.firmware.exports.coldReset();
        const fresh = freshLock(variant, { entropy: steadyEntropy(seed) });
        expect(reset.firmware.exports.boot()).toBe(fresh.firmware.exports.boot());
        for (const op of after) {
          expect(apply(reset.firmware, op)).toBe(apply(fresh.firmware, op));
          expect(Buffer.from(reset.firmware.snapshotMemory()).equals(Buffer.from(fresh.firmware.snapshotMemory()))).toBe(true);
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
