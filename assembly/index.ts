/**
 * The image's only export surface. firmware/abi.ts exportSignatures() declares every export here,
 * and test/firmware/abi.test.ts checks the built images against it.
 */
import { ABI_VERSION, Feature } from "../firmware/abi";
import { DEBUG_COMPILED_IN, LOG_COMPILED_IN } from "./build-flags";

export { coldReset, boot } from "./boot";
export { slotLoad, aesEncrypt, cmac, diversify, nonce } from "./service";
export { provision, receive } from "./protocol/session";

export function abiVersion(): u32 {
  return ABI_VERSION;
}

export function buildFeatures(): u32 {
  let features: u32 = 0;
  if (LOG_COMPILED_IN) features |= Feature.Log;
  if (DEBUG_COMPILED_IN) features |= Feature.Debug;
  return features;
}
