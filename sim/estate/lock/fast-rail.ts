/**
 * The power rail of the estate's fast path: the firmware runs on the simulation's bench, and this
 * rail counts what the same session would draw on the storage capacitor, with the same prices as
 * host/power/power-rail.ts (the MCU at its run power while it works and while it waits on the
 * contact link, each NVM page written, each release).
 *
 * For a physical key it also gives the firmware a pessimistic energy gauge: the energy the
 * capacitor held above brown-out at power-on, minus everything drawn since, as if the key's turn
 * stopped charging at power-on. The real capacitor holds at least that much at every instant (the
 * turn only adds charge; its clamp only sheds charge above the clamp voltage, which the pessimistic
 * level never reaches), so:
 * - if the pessimistic level never falls below zero, the capacitor never browns out;
 * - a price check (PROTOCOL.md §7.10: the lock reads the gauge before a commit) that passes on the
 *   pessimistic gauge passes on the capacitor too. A check that passes is followed by what it
 *   priced, an NVM write or the release; a reading followed by neither is a check that failed here
 *   and might have passed on the capacitor.
 * When neither happened, the session on the capacitor would have done exactly what it did here.
 * Otherwise the session is `uncertain`: the caller undoes it and runs it on the physics model.
 */
import { ActuatorCommand, WORK_OP_COUNT } from '../../../firmware/abi.js';
import type { ContactLinkFigures } from '../../../host/link/contact-link.js';
import { contactFrameUs, contactTurnaroundUs } from '../../../host/link/contact-link.js';
import type { RailPrices } from '../../../host/power/power-rail.js';
import { FRAME_MAX_BYTES } from '../../../firmware/protocol.js';

/** The HAL's energyNj() is a u32: the bench reports its largest value (as host/power/power-rail.ts does). */
const BENCH_ENERGY_NJ = 0xffff_ffff;
/** nJ per uJ. */
const NJ_PER_UJ = 1000;
/** us per s: uW x us / 1e6 = uJ. */
const US_PER_S = 1_000_000;

export class FastRail {
  /** Microseconds one unit of each WorkOp takes (cycles / MHz). */
  private readonly usPerOp: Float64Array;
  /** nJ the MCU draws per microsecond awake (its run power). */
  private readonly runNjPerUs: number;
  private readonly pageWriteNj: number;
  private readonly releaseNj: number;
  /** Link time around an exchange by frame length: the turnaround and the frame on the wire, us. */
  private readonly linkUsByLength: Float64Array;

  /** Powered time since power-up, us. */
  elapsedUs = 0;
  /** Energy drawn since power-up, nJ. */
  drawnNj = 0;
  /** NVM pages programmed since power-up. */
  pagesWritten = 0;
  releases = 0;
  /** Energy above brown-out at power-up, nJ; Infinity on a supply that never runs out (a phone, a programmer). */
  private powerOnNj = Infinity;
  /** A gauge reading has not (yet) been followed by an NVM write or a release. */
  private checkUnfollowed = false;

  constructor(
    prices: RailPrices,
    link: ContactLinkFigures,
  ) {
    this.usPerOp = new Float64Array(WORK_OP_COUNT);
    for (let op = 0; op < WORK_OP_COUNT; op++) this.usPerOp[op] = (prices.cyclesPerOp[op as keyof typeof prices.cyclesPerOp] ?? 0) / prices.clockMhz;
    this.runNjPerUs = (prices.runPowerUw / US_PER_S) * NJ_PER_UJ;
    this.pageWriteNj = prices.pageWriteUj * NJ_PER_UJ;
    this.releaseNj = prices.releaseUj * NJ_PER_UJ;
    this.pageBytes = prices.pageBytes;
    this.pageWriteUs = prices.pageWriteUs;
    this.releaseUs = prices.releaseUs;
    this.linkUsByLength = new Float64Array(FRAME_MAX_BYTES + 8);
    for (let length = 1; length < this.linkUsByLength.length; length++) this.linkUsByLength[length] = contactTurnaroundUs(link) + contactFrameUs(link, length);
  }

  private readonly pageBytes: number;
  private readonly pageWriteUs: number;
  private readonly releaseUs: number;

  /**
   * A power-up: counting starts again. `powerOnNj` is what the capacitor holds above brown-out at
   * power-on (Infinity: a supply that never runs out).
   */
  powerUp(powerOnNj: number): void {
    this.elapsedUs = 0;
    this.drawnNj = 0;
    this.pagesWritten = 0;
    this.releases = 0;
    this.powerOnNj = powerOnNj;
    this.checkUnfollowed = false;
  }

  /** The session may have gone otherwise on the capacitor (see the file comment). */
  get uncertain(): boolean {
    return this.checkUnfollowed || this.drawnNj > this.powerOnNj;
  }

  work(op: number, count: number): void {
    const us = count * (this.usPerOp[op] ?? 0);
    this.elapsedUs += us;
    this.drawnNj += us * this.runNjPerUs;
  }

  /** The MCU awake on the contact link around one frame of `length` bytes (host/lock/powered-lock.ts). */
  linkFrame(length: number): void {
    const us = this.linkUsByLength[length] ?? this.linkUsByLength[this.linkUsByLength.length - 1]!;
    this.elapsedUs += us;
    this.drawnNj += us * this.runNjPerUs;
  }

  /** A write of `length` bytes at `address`: one page write per page it touches. */
  nvmWrite(address: number, length: number): void {
    if (length <= 0) return;
    this.checkUnfollowed = false;
    const pages = Math.floor((address + length - 1) / this.pageBytes) - Math.floor(address / this.pageBytes) + 1;
    this.pagesWritten += pages;
    this.elapsedUs += pages * this.pageWriteUs;
    this.drawnNj += pages * this.pageWriteNj;
  }

  actuator(command: number): void {
    if (command !== ActuatorCommand.Release) return;
    this.checkUnfollowed = false;
    this.releases++;
    this.elapsedUs += this.releaseUs;
    this.drawnNj += this.releaseNj;
  }

  /** The gauge the firmware reads (HAL energyNj), pessimistic on a capacitor. */
  availableNj(): number {
    if (this.powerOnNj === Infinity) return BENCH_ENERGY_NJ;
    this.checkUnfollowed = true;
    return Math.min(Math.max(0, this.powerOnNj - this.drawnNj), BENCH_ENERGY_NJ);
  }
}
