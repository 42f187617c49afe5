/** Power-up: the cold reset and the seeding of the nonce generator. */
import { ABI_VERSION, DRBG_SEED_BYTES, HalStatus, STATIC_BASE, Status, TraceEvent, WorkOp } from "../firmware/abi";
import { countWork } from "./work";
import { DEBUG_COMPILED_IN } from "./build-flags";
import { drbgInstantiate } from "./crypto/ctr-drbg";
import { halEntropy, halTrace } from "./hal";
import { RAM_MAP_FITS, WORK_DIVERSIFY } from "./ram";

/**
 * Clears every byte of RAM, [0, STATIC_BASE), as a power loss does. The image has no mutable
 * globals (a test checks it), so after this call the instance is indistinguishable from a freshly
 * instantiated one.
 */
export function coldReset(): void {
  memory.fill(0, 0, STATIC_BASE);
}

/** Power-up: cold reset, then seed the nonce generator from 32 bytes of HAL entropy. */
export function boot(): Status {
  if (DEBUG_COMPILED_IN && !RAM_MAP_FITS) unreachable();
  coldReset();
  countWork(WorkOp.Boot, 1);
  halTrace(TraceEvent.Boot, ABI_VERSION);
  const seed = WORK_DIVERSIFY;
  if (halEntropy(seed, DRBG_SEED_BYTES) != HalStatus.Ok) {
    memory.fill(seed, 0, DRBG_SEED_BYTES);
    return Status.HalFailure;
  }
  drbgInstantiate(seed);
  memory.fill(seed, 0, DRBG_SEED_BYTES);
  halTrace(TraceEvent.DrbgSeeded, DRBG_SEED_BYTES);
  return Status.Ok;
}
