/** NVM access through the HAL: true when the whole transfer succeeded. */
import { HalStatus } from "../../firmware/abi";
import { halNvmRead, halNvmWrite } from "../hal";
import { reportWork } from "../work";

export function nvmRead(address: u32, destination: usize, length: u32): bool {
  return halNvmRead(address, destination, length) == HalStatus.Ok;
}

/** The work before a write is reported first, so the host's clock reaches the write with it. */
export function nvmWrite(address: u32, source: usize, length: u32): bool {
  reportWork();
  return halNvmWrite(address, source, length) == HalStatus.Ok;
}
