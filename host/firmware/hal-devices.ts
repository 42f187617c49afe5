/**
 * The peripherals behind the HAL, as small interfaces. Each model depends on these, never on the
 * firmware or on whatever composes the models (DESIGN.md, "Shape of the code").
 */
import type { ActuatorCommand, HalStatus, TraceEvent, WorkOp } from '../../firmware/abi.js';

/** True-random source (on silicon: the MCU's TRNG). */
export interface EntropySource {
  fill(destination: Uint8Array): HalStatus;
}

/**
 * Non-volatile memory, byte-addressed. The storage model makes writes page-wise and
 * fault-injecting. Transfers name a range of a byte array (no view is made per call: the firmware
 * reads NVM seven times per decision).
 */
export interface NvmPort {
  readonly sizeBytes: number;
  /** Copies NVM [address, address + length) to bytes [offset, offset + length). */
  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus;
  /** Programs NVM [address, address + length) from bytes [offset, offset + length). */
  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus;
}

/** The motor or solenoid that releases the cylinder. */
export interface Actuator {
  command(command: ActuatorCommand): HalStatus;
}

/** Receives the firmware's trace events. */
export interface TraceSink {
  event(event: TraceEvent, arg: number): void;
}

/** Microseconds since power-on; runs only while the MCU is powered. */
export interface PoweredTimer {
  elapsedUs(): number;
}

/** Energy the MCU can still spend before brown-out. */
export interface EnergyGauge {
  availableNj(): number;
}

/** Receives the firmware's report of work done (for time and energy accounting). */
export interface WorkSink {
  work(op: WorkOp, count: number): void;
}

/** The boot ROM's measurement of the image: its SHA-256, 32 bytes. */
export interface BootRom {
  measurement(): Uint8Array;
}

export interface HalDevices {
  entropy: EntropySource;
  nvm: NvmPort;
  actuator: Actuator;
  trace: TraceSink;
  timer: PoweredTimer;
  energy: EnergyGauge;
  work: WorkSink;
  bootRom: BootRom;
}
