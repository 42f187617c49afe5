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

/**
 * The NVM writes of one session, so that rollback() can undo them: for each write its address and
 * length, and the bytes it replaced back to back in one buffer. Reused from session to session, so
 * that journaling allocates nothing once the buffers have grown to a session's writes.
 */
class WriteJournal {
  count = 0;
  private addresses = new Int32Array(16);
  private lengths = new Int32Array(16);
  private previous = new Uint8Array(1024);
  private used = 0;

  clear(): void {
    this.count = 0;
    this.used = 0;
  }

  /** Keeps nvm[address, address + length) before it is overwritten. */
  keep(nvm: Uint8Array, address: number, length: number): void {
    if (this.count === this.addresses.length) {
      this.addresses = grown(this.addresses, this.count * 2);
      this.lengths = grown(this.lengths, this.count * 2);
    }
    if (this.used + length > this.previous.length) this.previous = grown(this.previous, Math.max(this.previous.length * 2, this.used + length));
    this.addresses[this.count] = address;
    this.lengths[this.count] = length;
    this.count++;
    this.previous.set(nvm.subarray(address, address + length), this.used);
    this.used += length;
  }

  /** Puts back every kept range into `nvm`, newest first. */
  restore(nvm: Uint8Array): void {
    let end = this.used;
    for (let i = this.count - 1; i >= 0; i--) {
      const length = this.lengths[i]!;
      nvm.set(this.previous.subarray(end - length, end), this.addresses[i]!);
      end -= length;
    }
    this.clear();
  }
}

function grown<T extends Int32Array | Uint8Array>(from: T, size: number): T {
  const to = new (from.constructor as new (n: number) => T)(size);
  to.set(from);
  return to;
}

/**
 * Reads shorter than this are copied byte by byte by the bank itself. The firmware reads single
 * 6-byte table entries (docs/STORAGE.md): a step of its binary search in the generation table, and
 * every entry of the active blocklist area when it merges a delta (assembly/store/blocklist.ts).
 * Late in a simulated year of the generated estate that is some hundred reads per session.
 */
const SHORT_READ_BYTES = 8;

export class LockBank {
  readonly firmware: Firmware;
  /** The fast path's port: frames go straight into the firmware's RX and out of its TX. */
  readonly port: LockPort;
  private current: EstateLock | null = null;
  private readonly writes = new WriteJournal();
  private journaling = false;
  /** NVM writes that touched [watchStart, watchEnd) since the count was last set to 0 (the log's ring, run/log-audit.ts). */
  watchedWrites = 0;
  private watchStart = 0;
  private watchEnd = 0;
  private watchedAtJournal = 0;

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
      read: (address, length, bytes, offset) => {
        const source = lock().nvm;
        if (length >= SHORT_READ_BYTES) return source.read(address, length, bytes, offset);
        // A table entry: copied here, without MemoryNvm's choice between word and byte copies.
        const stored = source.bytes;
        if (address < 0 || length < 0 || address + length > stored.length) return HalStatus.OutOfRange;
        for (let i = 0; i < length; i++) bytes[offset + i] = stored[address + i]!;
        return HalStatus.Ok;
      },
      write: (address, length, bytes, offset) => {
        const target = lock().nvm;
        if (address < 0 || length < 0 || address + length > target.sizeBytes) return HalStatus.OutOfRange;
        if (bank.journaling) bank.writes.keep(target.bytes, address, length);
        if (address < bank.watchEnd && address + length > bank.watchStart) bank.watchedWrites++;
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

  /** Count the writes that touch NVM [start, end) of any lock in `watchedWrites`. */
  watch(start: number, end: number): void {
    this.watchStart = start;
    this.watchEnd = end;
  }

  /** Journal every NVM write from now on, until commit() or rollback(). */
  beginJournal(): void {
    this.writes.clear();
    this.journaling = true;
    this.watchedAtJournal = this.watchedWrites;
  }

  /** Keep what was written. */
  commit(): void {
    this.journaling = false;
    this.writes.clear();
  }

  /** Undo every write since beginJournal(), newest first. */
  rollback(): void {
    const journaling = this.journaling;
    const lock = this.current;
    this.journaling = false;
    if (journaling) this.watchedWrites = this.watchedAtJournal;
    if (!journaling || !lock) {
      this.writes.clear();
      return;
    }
    this.writes.restore(lock.nvm.bytes);
  }
}
