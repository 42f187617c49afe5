/** DESIGN.md "Determinism": seeded randomness, virtual time; same seed, same bytes. */
import { describe, expect, it } from 'vitest';
import { TraceEvent, WorkOp } from '../../firmware/abi.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { bootedLock, referenceProfile, VARIANTS } from '../support/firmware.js';

const draw = (source: SeededEntropy, length: number) => {
  const bytes = new Uint8Array(length);
  source.fill(bytes);
  return Buffer.from(bytes).toString('hex');
};

describe('the seeded entropy source', () => {
  it('should give the same bytes for the same seed and different bytes for another', () => {
    const [a, b, c] = [new SeededEntropy(7), new SeededEntropy(7), new SeededEntropy(8)];
    expect(draw(a, 32)).toBe(draw(b, 32));
    expect(draw(a, 32)).toBe(draw(b, 32));
    expect(draw(c, 32)).not.toBe(draw(new SeededEntropy(7), 32));
  });

  it('should give a new block at every draw', () => {
    const source = new SeededEntropy('x');
    expect(draw(source, 32)).not.toBe(draw(source, 32));
  });
});

describe.each(VARIANTS)('a booted %s lock', (variant) => {
  it('should draw the same nonces from the same seed, and others from another seed', () => {
    const nonces = (seed: number) => Buffer.from(bootedLock(variant, { seed }).service.nonce(16)).toString('hex');
    expect(nonces(1)).toBe(nonces(1));
    expect(nonces(1)).not.toBe(nonces(2));
  });

  it('should report its boot and its crypto work, and time it by the profile', () => {
    const { devices, service } = bootedLock(variant);
    expect(devices.trace.records.map((record) => record.event)).toEqual([TraceEvent.Boot, TraceEvent.DrbgSeeded]);
    devices.work.reset();
    service.loadKey(0, new Uint8Array(16));
    service.cmac(0, new Uint8Array(32));
    // slotLoad: one key expansion and L = AES(K, 0); CMAC of 32 bytes: two blocks (RFC 4493 §2.4).
    expect(devices.work.count(WorkOp.AesKeyExpansion)).toBe(1);
    expect(devices.work.count(WorkOp.AesBlock)).toBe(3);
    const cycles = referenceProfile.mcu.aesKeyExpansionCycles.value + 3 * referenceProfile.mcu.aesBlockCycles.value;
    expect(devices.timer.elapsedUs()).toBeCloseTo(cycles / referenceProfile.mcu.clockMhz.value, 9);
  });

  it('should count one key expansion and three AES blocks per 16-byte nonce (SP 800-90A generate + update)', () => {
    const { devices, service } = bootedLock(variant);
    devices.work.reset();
    service.nonce(16);
    expect(devices.work.count(WorkOp.AesBlock)).toBe(3);
    expect(devices.work.count(WorkOp.AesKeyExpansion)).toBe(1);
  });
});
