/**
 * When NVM refuses a write, the lock refuses with StorageFailure and does not release: an
 * emergency opening must be recorded before the door opens (R-EMG-2), and provisioning must find
 * room for the blocklist.
 */
import { describe, expect, it } from 'vitest';
import { HalStatus, Reason, Role } from '../../firmware/abi.js';
import { MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { MemoryNvm } from '../../host/devices/memory-nvm.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage } from '../../host/firmware/image.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { referenceProfile, VARIANTS } from '../support/firmware.js';
import { DWELLING_ID, PRIVATE_LOCK, TEST_MARK_DAY, testManagement } from '../support/site.js';

/** NVM whose writes can be switched off, as a worn-out or write-protected EEPROM. */
class SwitchableNvm extends MemoryNvm {
  writable = true;
  override write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    return this.writable ? super.write(address, length, bytes, offset) : HalStatus.Unavailable;
  }
}

describe.each(VARIANTS)('the %s image with failing NVM', (variant) => {
  it('should refuse an emergency opening it cannot record, with StorageFailure and no release', () => {
    const management = testManagement();
    const image = loadImage(variant);
    const nvm = new SwitchableNvm(referenceProfile.nvm.sizeBytes.value, referenceProfile.nvm.erasedValue.value);
    const devices = { ...createBenchDevices({ image, profile: referenceProfile, seed: 'storage' }), nvm };
    const lock = new FirmwareLock(image, devices);
    lock.powerUp();
    expect(lock.provision(management.makeProvisioningRecord({ ...PRIVATE_LOCK, profile: referenceProfile }))).toBe(Reason.Ok);
    const day = TEST_MARK_DAY * MINUTES_PER_DAY;
    const emergency = new KeyDevice({
      keyId: 900,
      kKey: management.keyKeyFor(900),
      entropy: new SeededEntropy('emergency key'),
      credential: management.issueCredential({ role: Role.Emergency, keyId: 900, dwellingId: 0, generation: 0, validFromMinutes: day - 60, validUntilMinutes: day + 60 * 24, issuedAtMinutes: day, groups: [DWELLING_ID] }),
    });
    nvm.writable = false;
    const refused = emergency.insert(lock);
    expect([refused.decision, Reason[refused.reason]]).toEqual(['deny', 'StorageFailure']);
    expect(devices.actuator.commands).toEqual([]);
    nvm.writable = true;
    expect(emergency.insert(lock).decision).toBe('grant');
    expect(devices.actuator.commands.length).toBe(1);
  });

  it('should refuse provisioning when the NVM cannot hold both blocklist areas', () => {
    const image = loadImage(variant);
    const small = new MemoryNvm(16 * 1024); // 16 KiB: under 0x2000 + 12 x 3,000 bytes
    const lock = new FirmwareLock(image, { ...createBenchDevices({ image, profile: referenceProfile, seed: 'small' }), nvm: small });
    lock.powerUp();
    expect(lock.provision(testManagement().makeProvisioningRecord({ ...PRIVATE_LOCK, profile: referenceProfile }))).toBe(Reason.StorageFailure);
    expect([...lock.receive(Uint8Array.of(0x01))]).toEqual([0xbf, Reason.NotProvisioned]);
  });
});
