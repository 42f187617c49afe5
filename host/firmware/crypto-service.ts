/**
 * Byte-array access to the firmware's crypto service: copies arguments into the scratch region,
 * calls the export, checks its Status, and copies the result out.
 */
import { AES_BLOCK_BYTES, AES_KEY_BYTES, SCRATCH_OFFSET, SCRATCH_SIZE, Status } from '../../firmware/abi.js';
import type { Firmware } from './firmware.js';

/** Scratch layout used here: key or input at +0, output (16 bytes) at the end of the region. */
const INPUT_OFFSET = SCRATCH_OFFSET;
const OUTPUT_OFFSET = SCRATCH_OFFSET + SCRATCH_SIZE - AES_BLOCK_BYTES;
/** Largest message that fits before the output block. */
export const SERVICE_MESSAGE_MAX_BYTES = SCRATCH_SIZE - AES_BLOCK_BYTES;

export class FirmwareStatusError extends Error {
  override readonly name = 'FirmwareStatusError';
  constructor(
    readonly operation: string,
    readonly status: Status,
  ) {
    super(`${operation} returned ${Status[status] ?? status}`);
  }
}

function check(operation: string, status: Status): void {
  if (status !== Status.Ok) throw new FirmwareStatusError(operation, status);
}

export class CryptoService {
  constructor(private readonly firmware: Firmware) {}

  loadKey(slot: number, key: Uint8Array): void {
    if (key.length !== AES_KEY_BYTES) throw new RangeError(`AES-128 key must be ${AES_KEY_BYTES} bytes, got ${key.length}`);
    this.firmware.write(INPUT_OFFSET, key);
    check('slotLoad', this.firmware.exports.slotLoad(slot, INPUT_OFFSET));
  }

  encryptBlock(slot: number, block: Uint8Array): Uint8Array {
    this.firmware.write(INPUT_OFFSET, block);
    check('aesEncrypt', this.firmware.exports.aesEncrypt(slot, INPUT_OFFSET, OUTPUT_OFFSET));
    return this.firmware.read(OUTPUT_OFFSET, AES_BLOCK_BYTES);
  }

  cmac(slot: number, message: Uint8Array): Uint8Array {
    if (message.length > SERVICE_MESSAGE_MAX_BYTES) throw new RangeError(`message over ${SERVICE_MESSAGE_MAX_BYTES} bytes`);
    this.firmware.write(INPUT_OFFSET, message);
    check('cmac', this.firmware.exports.cmac(slot, INPUT_OFFSET, message.length, OUTPUT_OFFSET));
    return this.firmware.read(OUTPUT_OFFSET, AES_BLOCK_BYTES);
  }

  diversify(slot: number, input: Uint8Array): Uint8Array {
    this.firmware.write(INPUT_OFFSET, input);
    check('diversify', this.firmware.exports.diversify(slot, INPUT_OFFSET, input.length, OUTPUT_OFFSET));
    return this.firmware.read(OUTPUT_OFFSET, AES_BLOCK_BYTES);
  }

  nonce(length: number): Uint8Array {
    check('nonce', this.firmware.exports.nonce(INPUT_OFFSET, length));
    return this.firmware.read(INPUT_OFFSET, length);
  }
}
