/**
 * The firmware's work report (HAL `work`), counted in RAM and reported once per exported call:
 * the host needs time and energy per step, not per AES block, and an import call costs more than
 * the counting (the decision makes some fifteen of them otherwise).
 */
import { WORK_OP_COUNT } from "../firmware/abi";
import { halWork } from "./hal";
import { WORK_COUNTS } from "./ram";

/** Counts `count` units of `op` (a WorkOp). */
// @ts-ignore: decorator
@inline export function countWork(op: u32, count: u32): void {
  const at = WORK_COUNTS + (<usize>op << 2);
  store<u32>(at, load<u32>(at) + count);
}

/** Reports the counted work to the host and starts counting again. */
export function reportWork(): void {
  for (let op: u32 = 0; op < <u32>WORK_OP_COUNT; op++) {
    const at = WORK_COUNTS + (<usize>op << 2);
    const count = load<u32>(at);
    if (count != 0) {
      halWork(op, count);
      store<u32>(at, 0);
    }
  }
}
