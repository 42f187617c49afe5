/**
 * The firmware image as a LockTarget: frames go through RX and TX, provisioning through the
 * scratch region, power-up is boot() (cold reset, then the nonce generator seeded from entropy).
 */
import { RX_OFFSET, RX_SIZE, SCRATCH_OFFSET, Status, TX_OFFSET, type Reason } from '../../firmware/abi.js';
import { Firmware } from '../firmware/firmware.js';
import type { HalDevices } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';
import type { LockTarget } from './lock-target.js';

export class FirmwareLock implements LockTarget {
  readonly firmware: Firmware;

  constructor(image: FirmwareImage, devices: HalDevices) {
    this.firmware = Firmware.instantiate(image, devices);
  }

  provision(record: Uint8Array): Reason {
    this.firmware.write(SCRATCH_OFFSET, record);
    return this.firmware.exports.provision(SCRATCH_OFFSET, record.length) as Reason;
  }

  powerUp(): void {
    const status = this.firmware.exports.boot();
    if (status !== Status.Ok) throw new Error(`boot() returned ${Status[status] ?? status}`);
  }

  /**
   * The frame is written to RX as far as RX holds it; its real length is passed on, so the
   * firmware itself refuses what is too long.
   */
  receive(frame: Uint8Array): Uint8Array {
    this.firmware.write(RX_OFFSET, frame.subarray(0, RX_SIZE));
    const answerLength = this.firmware.exports.receive(frame.length) >>> 0;
    return this.firmware.read(TX_OFFSET, answerLength);
  }
}
