import type { BootRom } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';

/** The boot ROM measures the image it starts: the SHA-256 of its bytes. */
export class MeasuringBootRom implements BootRom {
  constructor(private readonly image: Pick<FirmwareImage, 'sha256'>) {}

  measurement(): Uint8Array {
    return this.image.sha256.slice();
  }
}
