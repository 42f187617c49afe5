/**
 * The firmware image on a power rail (host/power/power-rail.ts): on the bench between insertions,
 * and during one insertion on the storage capacitor its source charges (a key's turn, a phone's
 * field). The key's frames cross the insertion's link (host/link/session-link.ts: the contact link
 * by default, ISO/IEC 14443-A for a phone) while the MCU waits, awake.
 *
 * An insertion: attach a supply (insertOn), let a KeyDevice insert as usual, then detach
 * (endInsertion). powerUp() waits for the capacitor to reach power-on, boots, and opens the link; a
 * brown-out at any point throws PowerCut out of powerUp() or receive(), and the lock stays unpowered
 * until the next insertion. A link may also end the session itself (a phone taken away): its error
 * passes through.
 */
import type { Reason } from '../../firmware/abi.js';
import { createBenchDevices, type BenchDevices } from '../devices/bench-devices.js';
import type { EntropySource } from '../firmware/hal-devices.js';
import type { FirmwareImage } from '../firmware/image.js';
import type { ContactLinkFigures } from '../link/contact-link.js';
import { ContactSessionLink } from '../link/contact-session-link.js';
import type { LinkClock, SessionLink } from '../link/session-link.js';
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
  /** The physical key's contact link, the default link of an insertion. */
  link: ContactLinkFigures;
}

/** One insertion on the rail: its supply, when its source stops, and its link. */
interface Insertion {
  supply: PowerSupply;
  sourceEndUs: number;
  link: SessionLink;
  clock: LinkClock;
  powerOnAtUs?: number;
  bootEndUs?: number;
  exchanges: TimedExchange[];
  cut?: PowerCut;
}

export class PoweredLock implements LockTarget {
  readonly rail: PowerRail;
  readonly devices: BenchDevices;
  private readonly lock: FirmwareLock;
  private readonly contact: ContactLinkFigures;
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
    this.contact = options.link;
  }

  /** The physical key's contact link figures (the default link of an insertion). */
  get contactLink(): ContactLinkFigures {
    return this.contact;
  }

  provision(record: Uint8Array): Reason {
    return this.lock.provision(record);
  }

  /**
   * The next power-up runs on `supply`, whose source charges until `sourceEndUs` (the turn's end,
   * the phone taken away); the key's frames cross `link` (a physical key's contact by default).
   */
  insertOn(supply: PowerSupply, sourceEndUs: number, link: SessionLink = new ContactSessionLink(this.contact)): void {
    this.rail.attach(supply);
    const rail = this.rail;
    const clock: LinkClock = {
      get nowUs() {
        return supply.nowUs;
      },
      waitUntil(timeUs) {
        if (timeUs > supply.nowUs) rail.idle('link', timeUs - supply.nowUs);
      },
    };
    this.insertion = { supply, sourceEndUs, link, clock, exchanges: [] };
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
      sourceEndUs: insertion.sourceEndUs,
      link: insertion.link,
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
    const powerOnAtUs = insertion.supply.runUntilPowerOn(insertion.sourceEndUs);
    if (powerOnAtUs === undefined) throw this.cut(new PowerCut(insertion.supply.nowUs, 'power-on'));
    insertion.powerOnAtUs = powerOnAtUs;
    this.rail.powerOn();
    this.rail.computeActivity = 'boot';
    try {
      this.lock.powerUp();
      insertion.bootEndUs = insertion.supply.nowUs;
      this.rail.computeActivity = 'compute';
      insertion.link.open(insertion.clock);
    } catch (error) {
      throw error instanceof PowerCut ? this.cut(error) : error;
    } finally {
      this.rail.computeActivity = 'compute';
    }
  }

  receive(frame: Uint8Array): Uint8Array {
    const insertion = this.insertion;
    if (!insertion) return this.lock.receive(frame);
    if (insertion.cut) throw insertion.cut;
    try {
      insertion.link.deliver(insertion.clock, frame);
      const startUs = insertion.supply.nowUs;
      const pagesBefore = this.rail.pagesWritten;
      const response = this.lock.receive(frame);
      insertion.exchanges.push({
        command: frame.slice(),
        response: response.slice(),
        lockProcessingUs: insertion.supply.nowUs - startUs,
        nvmPages: this.rail.pagesWritten - pagesBefore,
      });
      // The MCU stays awake until the answer's last bit has gone out.
      insertion.link.answer(insertion.clock, response);
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
  /** When the source stops: the turn's end, or the phone taken away. */
  sourceEndUs: number;
  /** The link the key's frames crossed, with the frames and their times. */
  link: SessionLink;
}
