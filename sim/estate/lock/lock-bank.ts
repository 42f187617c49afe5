/**
 * The estate's cylinders on the fast path: every cylinder has its own NVM and its own entropy
 * source, and they share one instance of the firmware image. A battery-less lock loses its RAM at
 * every power-up and the firmware's boot() clears all of it (docs/ARCHITECTURE.md, "Power-up and
 * the cold reset": a reset instance equals a fresh one byte for byte), so an insertion into
 * cylinder A on the shared instance is the insertion into A's own instance: the bank points the
 * HAL at A's NVM and entropy, and every session starts with boot(). Instantiating an image per
 * cylinder would cost about 40 us and 64 KiB of linear memory each.
 *
 * Writes can be journaled so that a session whose energy outcome is uncertain on the fast path
 * (lock/fast-rail.ts) can be undone and run again on the physics model.
 */
import { HalStatus, RX_OFFSET, RX_SIZE, SCRATCH_OFFSET, Status, TX_OFFSET, TX_SIZE, type Reason } from '../../../firmware/abi.js';
import { MeasuringBootRom } from '../../../host/devices/boot-rom.js';
import { MemoryNvm } from '../../../host/devices/memory-nvm.js';
import { Firmware } from '../../../host/firmware/firmware.js';
import type { HalDevices, NvmPort } from '../../../host/firmware/hal-devices.js';
import type { FirmwareImage } from '../../../host/firmware/image.js';
import { CounterEntropy } from './counter-entropy.js';
import type { FastRail } from './fast-rail.js';
import type { LockPort } from './lock-port.js';

/** One cylinder: its NVM and its entropy source. */
export class EstateLock {
  readonly nvm: MemoryNvm;
  readonly entropy: CounterEntropy;

  constructor(
    readonly lockId: number,
    nvmBytes: number,
    erasedValue: number,
    entropySeed: number,
  ) {
    this.nvm = new MemoryNvm(nvmBytes, erasedValue);
    this.entropy = new CounterEntropy(entropySeed);
  }
}

/** One NVM write undone by rollback(): where, and the bytes it replaced. */
interface JournalEntry {
  address: number;
  previous: Uint8Array;
}

export class LockBank {
  readonly firmware: Firmware;
  /** The fast path's port: frames go straight into the firmware's RX and out of its TX. */
  readonly port: LockPort;
  private current: EstateLock | null = null;
  private readonly journalEntries: JournalEntry[] = [];
  private journal: JournalEntry[] | null = null;

  constructor(
    image: FirmwareImage,
    readonly rail: FastRail,
  ) {
    const bank = this;
    const lock = (): EstateLock => {
      const current = bank.current;
      if (!current) throw new Error('the firmware used its HAL with no cylinder selected');
      return current;
    };
    const nvm: NvmPort = {
      get sizeBytes() {
        return lock().nvm.sizeBytes;
      },
      read: (address, length, bytes, offset) => lock().nvm.read(address, length, bytes, offset),
      write: (address, length, bytes, offset) => {
        const target = lock().nvm;
        if (address < 0 || length < 0 || address + length > target.sizeBytes) return HalStatus.OutOfRange;
        if (bank.journal) bank.journal.push({ address, previous: target.bytes.slice(address, address + length) });
        rail.nvmWrite(address, length);
        return target.write(address, length, bytes, offset);
      },
    };
    const devices: HalDevices = {
      entropy: { fill: (destination) => lock().entropy.fill(destination) },
      nvm,
      actuator: {
        command: (command) => {
          rail.actuator(command);
          return HalStatus.Ok;
        },
      },
      trace: { event: () => undefined },
      timer: { elapsedUs: () => rail.elapsedUs },
      energy: { availableNj: () => rail.availableNj() },
      work: { work: (op, count) => rail.work(op, count) },
      bootRom: new MeasuringBootRom(image),
    };
    this.firmware = Firmware.instantiate(image, devices);
    const exports = this.firmware.exports;
    const memory = exports.memory.buffer;
    const toLock = new Uint8Array(memory, RX_OFFSET, RX_SIZE);
    const fromLock = new Uint8Array(memory, TX_OFFSET, TX_SIZE);
    this.port = {
      toLock,
      fromLock,
      powerUp() {
        const status = exports.boot();
        if (status !== Status.Ok) throw new Error(`boot() returned ${Status[status] ?? status}`);
      },
      exchange(length) {
        rail.linkFrame(length);
        const answer = exports.receive(length) >>> 0;
        rail.linkFrame(answer);
        return answer;
      },
    };
  }

  /** Factory provisioning of `lock` (PROTOCOL.md §9.1), on the bench. */
  provision(lock: EstateLock, record: Uint8Array): Reason {
    this.select(lock, Infinity);
    this.port.powerUp();
    this.firmware.write(SCRATCH_OFFSET, record);
    return this.firmware.exports.provision(SCRATCH_OFFSET, record.length) as Reason;
  }

  /**
   * The next session is `lock`'s. `powerOnNj`: what its capacitor holds at power-on (Infinity on
   * a supply that never runs out).
   */
  select(lock: EstateLock, powerOnNj: number): void {
    this.current = lock;
    this.rail.powerUp(powerOnNj);
  }

  /** Journal every NVM write from now on, until commit() or rollback(). */
  beginJournal(): void {
    this.journalEntries.length = 0;
    this.journal = this.journalEntries;
  }

  /** Keep what was written. */
  commit(): void {
    this.journal = null;
  }

  /** Undo every write since beginJournal(), newest first. */
  rollback(): void {
    const journal = this.journal;
    const lock = this.current;
    this.journal = null;
    if (!journal || !lock) return;
    for (let i = journal.length - 1; i >= 0; i--) {
      const entry = journal[i]!;
      lock.nvm.bytes.set(entry.previous, entry.address);
    }
  }
}
