/**
 * The firmware image on a power rail (host/power/power-rail.ts): on the bench between insertions,
 * and during one insertion on the storage capacitor the key's turn charges. The key's frames cross
 * the contact link at the profile's bit rate while the MCU waits, awake.
 *
 * An insertion: attach a supply (insertOn), let a KeyDevice insert as usual, then detach
 * (endInsertion). powerUp() waits for the capacitor to reach power-on and boots; a brown-out at any
 * point throws PowerCut out of powerUp() or receive(), and the lock stays unpowered until the next
 * insertion.
 */
import type { Reason } from '../../firmware/abi.js';
import { createBenchDevices, type BenchDevices } from '../devices/bench-devices.js';
import type { EntropySource } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';
import { contactAnswerDelayUs, contactFrameUs, type ContactLinkFigures } from '../link/contact-link.js';
import type { PowerSupply } from '../physics/power-supply.js';
import { PowerCut, PowerRail, railPrices } from '../power/power-rail.js';
import type { HardwareProfile } from '../profile/schema.js';
import { FirmwareLock } from './firmware-lock.js';
import type { LockTarget } from './lock-target.js';
import type { TimedExchange } from './timed-lock.js';

export interface PoweredLockOptions {
  image: FirmwareImage;
  profile: HardwareProfile;
  entropy: EntropySource;
  link: ContactLinkFigures;
}

/** One insertion on the rail: its supply and when the turn ends (the source stops). */
interface Insertion {
  supply: PowerSupply;
  turnEndUs: number;
  powerOnAtUs?: number;
  bootEndUs?: number;
  exchanges: TimedExchange[];
  cut?: PowerCut;
}

export class PoweredLock implements LockTarget {
  readonly rail: PowerRail;
  readonly devices: BenchDevices;
  private readonly lock: FirmwareLock;
  private readonly link: ContactLinkFigures;
  private insertion: Insertion | null = null;

  constructor(options: PoweredLockOptions) {
    this.rail = new PowerRail(railPrices(options.profile));
    this.devices = createBenchDevices({ image: options.image, profile: options.profile, entropy: options.entropy });
    const { rail, devices } = this;
    this.lock = new FirmwareLock(options.image, {
      ...devices,
      nvm: rail.nvm(devices.nvm),
      actuator: rail.actuator(devices.actuator),
      timer: rail,
      energy: rail,
      work: rail,
    });
    this.link = options.link;
  }

  provision(record: Uint8Array): Reason {
    return this.lock.provision(record);
  }

  /** The next power-up runs on `supply`, a turn that charges until `turnEndUs`. */
  insertOn(supply: PowerSupply, turnEndUs: number): void {
    this.rail.attach(supply);
    this.insertion = { supply, turnEndUs, exchanges: [] };
  }

  /** Back on the bench; what the insertion did. */
  endInsertion(): InsertionRecord {
    const insertion = this.insertion;
    if (!insertion) throw new Error('no insertion in progress');
    const record: InsertionRecord = {
      powerOnAtUs: insertion.powerOnAtUs,
      bootEndUs: insertion.bootEndUs,
      exchanges: insertion.exchanges,
      spans: this.rail.spans,
      cut: insertion.cut,
      endUs: insertion.supply.nowUs,
      turnEndUs: insertion.turnEndUs,
    };
    this.rail.attach(null);
    this.insertion = null;
    return record;
  }

  powerUp(): void {
    const insertion = this.insertion;
    if (!insertion) {
      this.rail.powerOn();
      this.lock.powerUp();
      return;
    }
    const powerOnAtUs = insertion.supply.runUntilPowerOn(insertion.turnEndUs);
    if (powerOnAtUs === undefined) throw this.cut(new PowerCut(insertion.supply.nowUs, 'power-on'));
    insertion.powerOnAtUs = powerOnAtUs;
    this.rail.powerOn();
    this.rail.computeActivity = 'boot';
    try {
      this.lock.powerUp();
    } catch (error) {
      throw error instanceof PowerCut ? this.cut(error) : error;
    } finally {
      this.rail.computeActivity = 'compute';
    }
    insertion.bootEndUs = insertion.supply.nowUs;
  }

  receive(frame: Uint8Array): Uint8Array {
    const insertion = this.insertion;
    if (!insertion) return this.lock.receive(frame);
    if (insertion.cut) throw insertion.cut;
    try {
      // The key's frame arrives after the link's turnaround (the key's chip answers at once).
      this.rail.idle('link', contactAnswerDelayUs(this.link) + contactFrameUs(this.link, frame.length));
      const startUs = insertion.supply.nowUs;
      const pagesBefore = this.rail.pagesWritten;
      const response = this.lock.receive(frame);
      insertion.exchanges.push({
        command: frame.slice(),
        response: response.slice(),
        lockProcessingUs: insertion.supply.nowUs - startUs,
        nvmPages: this.rail.pagesWritten - pagesBefore,
      });
      // The answer goes out after the turnaround; the MCU stays awake until its last bit.
      this.rail.idle('link', contactAnswerDelayUs(this.link) + contactFrameUs(this.link, response.length));
      return response;
    } catch (error) {
      throw error instanceof PowerCut ? this.cut(error) : error;
    }
  }

  private cut(error: PowerCut): PowerCut {
    if (this.insertion) this.insertion.cut = error;
    return error;
  }
}

export interface InsertionRecord {
  powerOnAtUs: number | undefined;
  bootEndUs: number | undefined;
  exchanges: TimedExchange[];
  spans: PowerRail['spans'];
  cut: PowerCut | undefined;
  /** The simulation clock when the insertion ended (the last frame, or the cut). */
  endUs: number;
  /** When the turn ends (the generator stops). */
  turnEndUs: number;
}
