/**
 * A firmware lock as an attack meets it: the image on bench devices (host/devices/bench-devices.ts),
 * over the bench's NVM or another (host/storage's TornNvm), with its actuator's releases counted;
 * its actuator can lose the power at a release, as a brown-out during the motor's run would.
 */
import type { ActuatorCommand, HalStatus } from '../../firmware/abi.js';
import { ActuatorLog } from '../devices/actuator-log.js';
import { cyclesPerOp } from '../devices/bench-devices.js';
import { BenchSupply } from '../devices/bench-supply.js';
import { MeasuringBootRom } from '../devices/boot-rom.js';
import { MemoryNvm } from '../devices/memory-nvm.js';
import { SeededEntropy } from '../devices/seeded-entropy.js';
import { TraceRecorder } from '../devices/trace-recorder.js';
import { WorkMeter } from '../devices/work-meter.js';
import type { Actuator, NvmPort, PoweredTimer } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';
import { FirmwareLock } from '../lock/firmware-lock.js';
import { PowerCut } from '../power/power-rail.js';
import type { HardwareProfile } from '../profile/schema.js';

export interface AttackLock {
  readonly lockId: number;
  readonly target: FirmwareLock;
  readonly nvm: NvmPort;
  /** Releases of its cylinder so far (every opening, whoever caused it). */
  releases(): number;
  /** A copy of its NVM's bytes (docs/STORAGE.md); the NVM must be one that keeps them (MemoryNvm, TornNvm). */
  image(): Uint8Array;
}

export interface AttackLockOptions {
  image: FirmwareImage;
  profile: HardwareProfile;
  lockId: number;
  /** Seeds the lock's entropy source (its TRNG): the same seed, the same nonces. */
  entropySeed: string;
  /** The bench's MemoryNvm of the profile when not given. */
  nvm?: NvmPort;
  /** The power fails when the firmware commands a release: the call throws PowerCut, nothing is released. */
  cutAtRelease?: boolean;
  /** The powered timer (HAL timerUs); the bench's work meter when not given (time passes only with the lock's work). */
  timer?: PoweredTimer;
}

/** An actuator whose power fails at the first command. */
class FailingActuator implements Actuator {
  command(_command: ActuatorCommand): HalStatus {
    throw new PowerCut(0, 'release');
  }
}

/**
 * The image over bench devices (as host/devices/bench-devices.ts composes them, but for the NVM,
 * made only when none is given: a cut lock is made thousands of times), not yet powered; over `nvm`
 * as it is (provisioned or not).
 */
export function attackLock(options: AttackLockOptions): AttackLock {
  const { profile, image } = options;
  const meter = new WorkMeter(cyclesPerOp(profile), profile.mcu.clockMhz.value);
  const nvm = options.nvm ?? new MemoryNvm(profile.nvm.sizeBytes.value, profile.nvm.erasedValue.value);
  const releases = new ActuatorLog();
  const target = new FirmwareLock(image, {
    entropy: new SeededEntropy(options.entropySeed),
    nvm,
    actuator: options.cutAtRelease ? new FailingActuator() : releases,
    trace: new TraceRecorder(meter),
    timer: options.timer ?? meter,
    energy: new BenchSupply(),
    work: meter,
    bootRom: new MeasuringBootRom(image),
  });
  return {
    lockId: options.lockId,
    target,
    nvm,
    releases: () => releases.commands.length,
    image: () => {
      const bytes = (nvm as { bytes?: unknown }).bytes;
      if (!(bytes instanceof Uint8Array)) throw new Error(`lock ${options.lockId}: its NVM keeps no bytes to look at`);
      return bytes.slice();
    },
  };
}
