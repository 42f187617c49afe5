/**
 * Compile-time switches, given per build variant by asconfig.json ("use": NAME=value).
 * release-nolog sets LOG_ENABLED=0, so every `if (LOG_COMPILED_IN)` branch is folded away and the
 * image carries no log code at all.
 */

import { Feature } from "../firmware/abi";

// @ts-ignore: LOG_ENABLED is defined by asc --use
export const LOG_COMPILED_IN: bool = LOG_ENABLED != 0;

// @ts-ignore: DEBUG_BUILD is defined by asc --use
export const DEBUG_COMPILED_IN: bool = DEBUG_BUILD != 0;

/** The Feature bits (firmware/abi.ts) of this image: buildFeatures() and the attestation report them. */
export function imageFeatures(): u32 {
  let features: u32 = 0;
  if (LOG_COMPILED_IN) features |= Feature.Log;
  if (DEBUG_COMPILED_IN) features |= Feature.Debug;
  return features;
}
