/**
 * One firmware instance per image that the fuzzer reuses (instantiating costs far more than a cold
 * reset; ARCHITECTURE.md, "Power-up and the cold reset"): before each run its NVM is put back to
 * a phase's image and it powers up, which clears every byte of its RAM. Its entropy gives the same
 * 32 bytes at every power-up, so every run meets the same nonces and a phase's recorded frames
 * play again exactly. Its writes and releases are counted.
 */
import { ActuatorLog } from '../../devices/actuator-log.js';
import { cyclesPerOp } from '../../devices/bench-devices.js';
import { BenchSupply } from '../../devices/bench-supply.js';
import { MeasuringBootRom } from '../../devices/boot-rom.js';
import { MemoryNvm } from '../../devices/memory-nvm.js';
import { RepeatingEntropy } from '../../devices/seeded-entropy.js';
import { WorkMeter } from '../../devices/work-meter.js';
import { loadImage, type BuildVariant } from '../../firmware/image.js';
import { FirmwareLock } from '../../lock/firmware-lock.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { DRBG_SEED_BYTES, HalStatus } from '../../../firmware/abi.js';

/** Trace events are not kept: a fuzz run makes millions. */
const DISCARDED_TRACE = { event(): void {} };

/** One NVM write: where and how long. */
export interface WriteRecord {
  address: number;
  lengthBytes: number;
}

/** The bench's MemoryNvm, keeping the writes made since they were last taken. */
class WriteRecordingNvm extends MemoryNvm {
  records: WriteRecord[] = [];

  override write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    const status = super.write(address, length, bytes, offset);
    if (status === HalStatus.Ok) this.records.push({ address, lengthBytes: length });
    return status;
  }
}

export class FuzzBench {
  readonly lock: FirmwareLock;
  readonly nvm: MemoryNvm;
  private readonly recording: WriteRecordingNvm;
  private readonly actuator = new ActuatorLog();

  constructor(
    readonly variant: BuildVariant,
    profile: HardwareProfile,
    /** The 32 bytes every power-up draws. */
    powerUpEntropy: Uint8Array,
  ) {
    if (powerUpEntropy.length !== DRBG_SEED_BYTES) throw new RangeError(`a power-up draws ${DRBG_SEED_BYTES} bytes`);
    const image = loadImage(variant);
    const meter = new WorkMeter(cyclesPerOp(profile), profile.mcu.clockMhz.value);
    this.recording = new WriteRecordingNvm(profile.nvm.sizeBytes.value, profile.nvm.erasedValue.value);
    this.nvm = this.recording;
    this.lock = new FirmwareLock(image, {
      entropy: new RepeatingEntropy(powerUpEntropy),
      nvm: this.nvm,
      actuator: this.actuator,
      trace: DISCARDED_TRACE,
      timer: meter,
      energy: new BenchSupply(),
      work: meter,
      bootRom: new MeasuringBootRom(image),
    });
  }

  /** Releases so far. */
  get releases(): number {
    return this.actuator.commands.length;
  }

  /** The NVM writes made since the last call. */
  takeWrites(): WriteRecord[] {
    const records = this.recording.records;
    this.recording.records = [];
    return records;
  }

  /** A fresh lock: the NVM put back to `image`, then a power-up (cold reset, nonce generator seeded). */
  reset(image: Uint8Array): void {
    this.nvm.bytes.set(image);
    this.lock.powerUp();
  }

  /** The NVM equals `image`, byte for byte, but for the ranges of `except`. */
  nvmEquals(image: Uint8Array, except: readonly WriteRecord[] = []): boolean {
    let from = 0;
    for (const range of [...except].sort((a, b) => a.address - b.address)) {
      if (Buffer.compare(this.nvm.bytes.subarray(from, range.address), image.subarray(from, range.address)) !== 0) return false;
      from = Math.max(from, range.address + range.lengthBytes);
    }
    return Buffer.compare(this.nvm.bytes.subarray(from), image.subarray(from)) === 0;
  }
}
