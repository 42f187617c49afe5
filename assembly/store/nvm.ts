/** NVM access through the HAL: true when the whole transfer succeeded. */
import { HalStatus } from "../../firmware/abi";
import { halNvmRead, halNvmWrite } from "../hal";

export function nvmRead(address: u32, destination: usize, length: u32): bool {
  return halNvmRead(address, destination, length) == HalStatus.Ok;
}

export function nvmWrite(address: u32, source: usize, length: u32): bool {
  return halNvmWrite(address, source, length) == HalStatus.Ok;
}
