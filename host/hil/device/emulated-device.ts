/**
 * The emulator as a device: a lock implementation (the firmware image or the reference lock) on
 * bench devices whose TRNG, energy gauge and timer the steps set, and whose NVM writes an nvmWrites
 * step makes fail. What `cylsim serve` puts on the device link, and what the in-process targets
 * `wasm` and `reference` run.
 */
import { ABI_VERSION, type Reason } from '../../../firmware/abi.js';
import { PROTOCOL_VERSION } from '../../../firmware/protocol.js';
import { createBenchDevices } from '../../devices/bench-devices.js';
import { FailingNvm, type NvmWriteFault } from '../../devices/failing-nvm.js';
import { loadImage, type BuildVariant } from '../../firmware/image.js';
import { FirmwareLock } from '../../lock/firmware-lock.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { nobleBackend } from '../../protocol/crypto-backend.js';
import { ReferenceLock } from '../../reference/reference-lock.js';
import { LINK_VERSION } from '../link/messages.js';
import type { NvmWriteMode } from '../vectors/schema.js';
import { DeviceFault, type DeviceHello, type HilDevice, type NvmWritesAnswer } from './hil-device.js';
import { PowerUpEntropy, StepGauge, StepTimer } from './step-inputs.js';

export type LockImplementation = { kind: 'wasm'; variant: BuildVariant } | { kind: 'reference' };

export interface EmulatedDeviceOptions {
  implementation: LockImplementation;
  profile: HardwareProfile;
  /**
   * The device can make its NVM writes fail on request (NVM_WRITES), as a test build with the fault
   * hook can: true when not given; false, a device that answers `unsupported`.
   */
  nvmFaults?: boolean;
}

export class EmulatedDevice {
  private readonly entropy = new PowerUpEntropy();
  private readonly gauge = new StepGauge();
  private readonly timer = new StepTimer();
  /** Shared with the lock's NVM (the firmware's FailingNvm, the reference lock's write fault). */
  private readonly nvmFault: NvmWriteFault = { writesFail: false };
  private lock: LockTarget;
  private powered = false;

  constructor(private readonly options: EmulatedDeviceOptions) {
    this.lock = this.newLock();
  }

  hello(): DeviceHello {
    const { implementation, profile } = this.options;
    return {
      linkVersion: LINK_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      abiVersion: ABI_VERSION,
      profile: profile.name,
      implementation: implementation.kind === 'wasm' ? `cylsim firmware ${implementation.variant}` : 'cylsim reference lock',
    };
  }

  erase(): void {
    this.nvmFault.writesFail = false;
    this.lock = this.newLock();
    this.powered = false;
  }

  provision(record: Uint8Array): Reason {
    if (!this.powered) throw new DeviceFault('provisioning before a power-up');
    return this.lock.provision(record);
  }

  powerUp(entropy: Uint8Array): void {
    this.powered = false;
    this.entropy.load(entropy);
    this.timer.us = 0;
    try {
      this.lock.powerUp();
    } catch (error) {
      throw new DeviceFault(`power-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.powered = true;
  }

  frame(frame: Uint8Array, energyNj: number, atUs: number): Uint8Array {
    if (!this.powered) throw new DeviceFault('a frame before a power-up');
    this.gauge.nj = energyNj;
    this.timer.us = atUs;
    return this.lock.receive(frame).slice();
  }

  /** NVM_WRITES: from now on every write fails, or writes work again; until the next ERASE. */
  nvmWrites(mode: NvmWriteMode): NvmWritesAnswer {
    if (this.options.nvmFaults === false) return 'unsupported';
    this.nvmFault.writesFail = mode === 'fail';
    return 'done';
  }

  private newLock(): LockTarget {
    const { implementation, profile } = this.options;
    if (implementation.kind === 'reference') {
      return new ReferenceLock({ entropy: this.entropy, backend: nobleBackend, energy: this.gauge, timer: this.timer, nvm: this.nvmFault });
    }
    const image = loadImage(implementation.variant);
    const devices = createBenchDevices({ image, profile, entropy: this.entropy });
    return new FirmwareLock(image, { ...devices, nvm: new FailingNvm(devices.nvm, this.nvmFault), energy: this.gauge, timer: this.timer });
  }
}

/** An emulated device driven in-process, as the runner drives any device. */
export function inProcessDevice(device: EmulatedDevice): HilDevice {
  const call = <T>(action: () => T): Promise<T> => {
    try {
      return Promise.resolve(action());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
  return {
    hello: () => call(() => device.hello()),
    erase: () => call(() => device.erase()),
    provision: (record) => call(() => device.provision(record)),
    powerUp: (entropy) => call(() => device.powerUp(entropy)),
    frame: (frame, energyNj, atUs) => call(() => device.frame(frame, energyNj, atUs)),
    nvmWrites: (mode) => call(() => device.nvmWrites(mode)),
    close: () => Promise.resolve(),
  };
}
