/**
 * The physics path of the estate: one physical key's insertion on the energy of its turn, as
 * host/power/physical-insertion.ts runs it (the turn charges the empty capacitor, the MCU powers on,
 * boots and decides over the contact link while every step draws on the capacitor; a brown-out cuts
 * it off mid-step), for any cylinder of the estate: the cylinder's NVM is copied onto the lane's
 * powered lock before the insertion and back after it, and the lane draws from the cylinder's own
 * entropy source. Used for a sample of the insertions (their energy margins) and for every session
 * the fast path cannot vouch for (lock/fast-rail.ts).
 */
import { ActuatorCommand } from '../../../firmware/abi.js';
import type { FirmwareImage } from '../../../host/firmware/image.js';
import { contactLinkFigures } from '../../../host/link/contact-link.js';
import { PoweredLock } from '../../../host/lock/powered-lock.js';
import { Capacitor } from '../../../host/physics/capacitor.js';
import type { PhysicsFigures } from '../../../host/physics/from-profile.js';
import { insertionSource, type Insertion } from '../../../host/physics/key-generator.js';
import { PowerSupply } from '../../../host/physics/power-supply.js';
import { NJ_PER_UJ, US_PER_MS } from '../../../host/physics/units.js';
import { PowerCut } from '../../../host/power/power-rail.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import type { EstateLock } from './lock-bank.js';
import type { LockPort } from './lock-port.js';

export type EnergyOutcome = 'released' | 'refused' | 'no-power-on' | 'brown-out';

export interface PhysicalResult {
  outcome: EnergyOutcome;
  /** What the MCU could still spend at the end of the turn, uJ (negative: missing for power-on). */
  marginUj: number;
  /** From the turn's start to the end of the release, or of the last frame, us. */
  latencyUs: number;
}

/** The largest frame either side sends (PROTOCOL.md §5), with room to spare. */
const FRAME_BUFFER_BYTES = 256;

export class PhysicalLane {
  readonly port: LockPort;
  private readonly powered: PoweredLock;
  private current: EstateLock | null = null;

  constructor(
    image: FirmwareImage,
    profile: HardwareProfile,
    private readonly figures: PhysicsFigures,
  ) {
    const lane = this;
    this.powered = new PoweredLock({
      image,
      profile,
      entropy: {
        fill: (destination) => {
          if (!lane.current) throw new Error('the physics lane has no cylinder');
          return lane.current.entropy.fill(destination);
        },
      },
      link: contactLinkFigures(profile),
    });
    const powered = this.powered;
    const toLock = new Uint8Array(FRAME_BUFFER_BYTES);
    const fromLock = new Uint8Array(FRAME_BUFFER_BYTES);
    this.port = {
      toLock,
      fromLock,
      powerUp: () => powered.powerUp(),
      exchange(length) {
        const answer = powered.receive(toLock.slice(0, length));
        fromLock.set(answer);
        return answer.length;
      },
    };
  }

  /**
   * Runs `session` (a key's session over this lane's port) at `lock` on the energy of `turn`.
   * A brown-out or a failed power-on ends the session early: `session` sees PowerCut thrown
   * from the port, and this returns what the energy came to.
   */
  insert(lock: EstateLock, turn: Insertion, session: () => void): PhysicalResult {
    const { figures, powered } = this;
    this.current = lock;
    const nvm = powered.devices.nvm.bytes;
    nvm.set(lock.nvm.bytes);
    const capacitor = new Capacitor(figures.capacitor);
    const source = insertionSource(figures.generator, turn, { capacitanceUf: figures.capacitor.capacitanceUf, clampV: figures.capacitor.clampV });
    const supply = new PowerSupply(capacitor, source, figures.supplyV);
    const turnEndUs = turn.turnDurationMs * US_PER_MS;
    const actuator = powered.devices.actuator.commands;
    actuator.length = 0;
    powered.insertOn(supply, turnEndUs);
    try {
      session();
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
    } finally {
      this.current = null;
    }
    const record = powered.endInsertion();
    const released = actuator.includes(ActuatorCommand.Release);
    powered.devices.trace.records.length = 0;
    supply.advanceTo(turnEndUs);
    lock.nvm.bytes.set(nvm);
    const outcome: EnergyOutcome = record.powerOnAtUs === undefined ? 'no-power-on' : record.cut ? 'brown-out' : released ? 'released' : 'refused';
    const marginUj =
      outcome === 'no-power-on' ? -(figures.capacitor.powerOnV - capacitor.voltageV) * figures.capacitor.capacitanceUf * figures.supplyV : supply.energyNj() / NJ_PER_UJ;
    return { outcome, marginUj, latencyUs: record.endUs };
  }
}
