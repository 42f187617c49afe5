import { WorkOp } from '../../firmware/abi.js';
import type { EntropySource, HalDevices } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';
import type { HardwareProfile } from '../profile/schema.js';
import { ActuatorLog } from './actuator-log.js';
import { BenchSupply } from './bench-supply.js';
import { MeasuringBootRom } from './boot-rom.js';
import { MemoryNvm } from './memory-nvm.js';
import { SeededEntropy } from './seeded-entropy.js';
import { TraceRecorder } from './trace-recorder.js';
import { WorkMeter, type CyclesPerOp } from './work-meter.js';

/** The devices of a lock on the bench: powered, with plain NVM; concrete types kept for inspection. */
export interface BenchDevices extends HalDevices {
  nvm: MemoryNvm;
  actuator: ActuatorLog;
  trace: TraceRecorder;
  work: WorkMeter;
  timer: WorkMeter;
}

export interface BenchDeviceOptions {
  image: FirmwareImage;
  profile: HardwareProfile;
  /** Seed of the entropy source; ignored when `entropy` is given. */
  seed?: string | number;
  entropy?: EntropySource;
}

export function cyclesPerOp(profile: HardwareProfile): CyclesPerOp {
  return {
    [WorkOp.AesBlock]: profile.mcu.aesBlockCycles.value,
    [WorkOp.AesKeyExpansion]: profile.mcu.aesKeyExpansionCycles.value,
    [WorkOp.Boot]: profile.mcu.bootCycles.value,
    [WorkOp.ByteOp]: profile.mcu.byteOpCycles.value,
  };
}

export function createBenchDevices(options: BenchDeviceOptions): BenchDevices {
  const { profile } = options;
  const meter = new WorkMeter(cyclesPerOp(profile), profile.mcu.clockMhz.value);
  return {
    entropy: options.entropy ?? new SeededEntropy(options.seed ?? 0),
    nvm: new MemoryNvm(profile.nvm.sizeBytes.value, profile.nvm.erasedValue.value),
    actuator: new ActuatorLog(),
    trace: new TraceRecorder(meter),
    timer: meter,
    energy: new BenchSupply(),
    work: meter,
    bootRom: new MeasuringBootRom(options.image),
  };
}
