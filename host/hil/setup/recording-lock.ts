/**
 * The reference lock as the author of vectors: a LockTarget for the key side whose every power-up
 * and frame becomes a step, with the TRNG bytes of the power-up, and the energy and time of the
 * frame. It runs on the same emulated device the in-process `reference` target runs.
 */
import type { Reason } from '../../../firmware/abi.js';
import type { LockTarget } from '../../lock/lock-target.js';
import { EmulatedDevice } from '../device/emulated-device.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { contactLinkFigures } from '../../link/contact-link.js';
import { BENCH_ENERGY_NJ, type NvmWriteMode, type Step } from '../vectors/schema.js';
import { StepClock } from './step-timing.js';

export class RecordingLock implements LockTarget {
  /** Every step so far. */
  readonly steps: Step[] = [];
  /** The gauge's reading for the next frames, nJ. */
  energyNj = BENCH_ENERGY_NJ;
  private readonly device: EmulatedDevice;
  private readonly clock: StepClock;

  /** `nextEntropy` gives the TRNG bytes of each power-up, 32 bytes. */
  constructor(
    profile: HardwareProfile,
    private nextEntropy: () => Uint8Array,
  ) {
    this.device = new EmulatedDevice({ implementation: { kind: 'reference' }, profile });
    this.clock = new StepClock(contactLinkFigures(profile));
  }

  /** From now on, power-ups draw their TRNG bytes from `nextEntropy`. */
  drawEntropyFrom(nextEntropy: () => Uint8Array): void {
    this.nextEntropy = nextEntropy;
  }

  /** Factory provisioning is not a step: the runner makes it from the group's lock configuration. */
  provision(record: Uint8Array): Reason {
    return this.device.provision(record);
  }

  powerUp(): void {
    const entropy = this.nextEntropy();
    this.device.powerUp(entropy);
    this.clock.powerUp();
    this.steps.push({ powerUp: { entropy: entropy.slice() } });
  }

  receive(frame: Uint8Array): Uint8Array {
    const atUs = this.clock.frameArrives(frame);
    const out = this.device.frame(frame, this.energyNj, atUs);
    this.clock.answered(atUs, out);
    this.steps.push({ in: frame.slice(), out: out.slice(), energyNj: this.energyNj, atUs });
    return out;
  }

  /** From now on every NVM write fails (`fail`) or works again (`work`): the nvmWrites step. */
  nvmWrites(mode: NvmWriteMode): void {
    this.device.nvmWrites(mode);
    this.steps.push({ nvmWrites: mode });
  }

  /** The next frame arrives `us` later than the contact link allows (a relay on the way). */
  delayNextFrame(us: number): void {
    this.clock.delayNextFrame(us);
  }

  /** The steps recorded since `from`, and forgets them. */
  takeSteps(from = 0): Step[] {
    return this.steps.splice(from);
  }
}
