/**
 * The HAL: the only file with host imports (firmware/abi.ts halImportNames() lists them, with
 * their signatures). Everything the firmware knows of the world comes through here: no clock,
 * randomness or storage of its own.
 */

// @ts-ignore: decorator
@external("hal", "entropy")
export declare function halEntropy(dst: usize, len: u32): i32;

// @ts-ignore: decorator
@external("hal", "nvmRead")
export declare function halNvmRead(addr: u32, dst: usize, len: u32): i32;

// @ts-ignore: decorator
@external("hal", "nvmWrite")
export declare function halNvmWrite(addr: u32, src: usize, len: u32): i32;

// @ts-ignore: decorator
@external("hal", "actuator")
export declare function halActuator(command: u32): i32;

// @ts-ignore: decorator
@external("hal", "trace")
export declare function halTrace(event: u32, arg: u32): void;

// @ts-ignore: decorator
@external("hal", "timerUs")
export declare function halTimerUs(): u32;

// @ts-ignore: decorator
@external("hal", "energyNj")
export declare function halEnergyNj(): u32;

// @ts-ignore: decorator
@external("hal", "measurement")
export declare function halMeasurement(dst: usize): void;

// @ts-ignore: decorator
@external("hal", "work")
export declare function halWork(op: u32, count: u32): void;
