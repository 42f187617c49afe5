/** Bad input gets a Status and changes nothing: no trap, no partial write. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HalStatus, HOST_WINDOW_END, HOST_WINDOW_OFFSET, SCRATCH_OFFSET, STATE_OFFSET, Status, TX_OFFSET } from '../../firmware/abi.js';
import { bootedLock, freshLock, VARIANTS } from '../support/firmware.js';
import { apply, operation } from '../support/operations.js';

const KEY_OFFSET = SCRATCH_OFFSET;
const OUT_OFFSET = SCRATCH_OFFSET + 0x80;

describe.each(VARIANTS)('the %s image', (variant) => {
  it('should never trap, and leave memory untouched whenever it refuses, for any arguments', () => {
    const { firmware } = bootedLock(variant);
    firmware.exports.slotLoad(0, KEY_OFFSET);
    fc.assert(
      fc.property(operation, (op) => {
        const before = firmware.snapshotMemory();
        const status = apply(firmware, op);
        if (status !== Status.Ok) expect(Buffer.from(firmware.snapshotMemory()).equals(Buffer.from(before))).toBe(true);
      }),
      { numRuns: 20_000, seed: 4 },
    );
  });

  it('should refuse a key slot beyond the last with BadSlot', () => {
    const { firmware } = bootedLock(variant);
    expect(firmware.exports.slotLoad(4, KEY_OFFSET)).toBe(Status.BadSlot);
    expect(firmware.exports.cmac(-1, KEY_OFFSET, 16, OUT_OFFSET)).toBe(Status.BadSlot);
  });

  it('should refuse to use a slot that was never loaded with SlotEmpty', () => {
    const { firmware } = bootedLock(variant);
    expect(firmware.exports.aesEncrypt(0, KEY_OFFSET, OUT_OFFSET)).toBe(Status.SlotEmpty);
  });

  it('should refuse offsets outside the host window, or ranges that run past its end, with BadRange', () => {
    const { firmware } = bootedLock(variant);
    expect(firmware.exports.slotLoad(0, HOST_WINDOW_OFFSET - 1)).toBe(Status.BadRange);
    expect(firmware.exports.slotLoad(0, STATE_OFFSET)).toBe(Status.BadRange); // the firmware's private RAM
    expect(firmware.exports.slotLoad(0, HOST_WINDOW_END - 15)).toBe(Status.BadRange);
    expect(firmware.exports.slotLoad(0, TX_OFFSET)).toBe(Status.Ok);
    expect(firmware.exports.cmac(0, HOST_WINDOW_OFFSET, 0xffff_ffff, OUT_OFFSET)).toBe(Status.BadRange); // length wraps u32
    expect(firmware.exports.nonce(HOST_WINDOW_END - 8, 9)).toBe(Status.BadRange);
  });

  it('should refuse a diversification input of 0 or more than 31 bytes with BadLength', () => {
    const { firmware } = bootedLock(variant);
    firmware.exports.slotLoad(0, KEY_OFFSET);
    expect(firmware.exports.diversify(0, KEY_OFFSET, 0, OUT_OFFSET)).toBe(Status.BadLength);
    expect(firmware.exports.diversify(0, KEY_OFFSET, 32, OUT_OFFSET)).toBe(Status.BadLength);
    expect(firmware.exports.diversify(0, KEY_OFFSET, 31, OUT_OFFSET)).toBe(Status.Ok);
  });

  it('should refuse nonces before boot with NotSeeded, and over 256 bytes with BadLength', () => {
    expect(freshLock(variant).firmware.exports.nonce(SCRATCH_OFFSET, 8)).toBe(Status.NotSeeded);
    expect(bootedLock(variant).firmware.exports.nonce(SCRATCH_OFFSET, 257)).toBe(Status.BadLength);
  });

  it('should report HalFailure and stay unseeded when the entropy source fails at boot', () => {
    const { firmware } = freshLock(variant, { entropy: { fill: () => HalStatus.Unavailable } });
    expect(firmware.exports.boot()).toBe(Status.HalFailure);
    expect(firmware.exports.nonce(SCRATCH_OFFSET, 8)).toBe(Status.NotSeeded);
  });
});
