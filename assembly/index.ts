/**
 * The image's only export surface. firmware/abi.ts exportSignatures() declares every export here,
 * and test/firmware/abi.test.ts checks the built images against it. Every export that works reports
 * its work to the host before it returns (work.ts).
 */
import { ABI_VERSION, Status } from "../firmware/abi";
import { imageFeatures } from "./build-flags";
import * as powerUp from "./boot";
import * as service from "./service";
import * as session from "./protocol/session";
import { reportWork } from "./work";

export { coldReset } from "./boot";

export function abiVersion(): u32 {
  return ABI_VERSION;
}

export function buildFeatures(): u32 {
  return imageFeatures();
}

export function boot(): Status {
  const status = powerUp.boot();
  reportWork();
  return status;
}

export function slotLoad(slot: usize, keyOffset: usize): Status {
  const status = service.slotLoad(slot, keyOffset);
  reportWork();
  return status;
}

export function aesEncrypt(slot: usize, inOffset: usize, outOffset: usize): Status {
  const status = service.aesEncrypt(slot, inOffset, outOffset);
  reportWork();
  return status;
}

export function cmac(slot: usize, messageOffset: usize, length: usize, tagOffset: usize): Status {
  const status = service.cmac(slot, messageOffset, length, tagOffset);
  reportWork();
  return status;
}

export function diversify(slot: usize, inputOffset: usize, length: usize, outOffset: usize): Status {
  const status = service.diversify(slot, inputOffset, length, outOffset);
  reportWork();
  return status;
}

export function nonce(outOffset: usize, length: usize): Status {
  const status = service.nonce(outOffset, length);
  reportWork();
  return status;
}

export function provision(offset: usize, length: usize): u32 {
  const reason = session.provision(offset, length);
  reportWork();
  return reason;
}

export function receive(length: u32): u32 {
  const answerLength = session.receive(length);
  reportWork();
  return answerLength;
}
