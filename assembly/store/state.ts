/** The state record: read once per session into RAM, written back whole when it changes. */
import { STATE_CACHE } from "../ram";
import { nvmRead, nvmWrite } from "./nvm";
import { NVM_STATE_ADDRESS, STATE_BYTES } from "./layout";

export function loadState(): bool {
  return nvmRead(NVM_STATE_ADDRESS, STATE_CACHE, STATE_BYTES);
}

export function saveState(): bool {
  return nvmWrite(NVM_STATE_ADDRESS, STATE_CACHE, STATE_BYTES);
}

export function stateU16(field: usize): u32 {
  return <u32>load<u16>(STATE_CACHE + field);
}
export function setStateU16(field: usize, value: u32): void {
  store<u16>(STATE_CACHE + field, <u16>value);
}
export function stateU32(field: usize): u32 {
  return load<u32>(STATE_CACHE + field);
}
export function setStateU32(field: usize, value: u32): void {
  store<u32>(STATE_CACHE + field, value);
}
export function stateU8(field: usize): u32 {
  return <u32>load<u8>(STATE_CACHE + field);
}
export function setStateU8(field: usize, value: u32): void {
  store<u8>(STATE_CACHE + field, <u8>value);
}
