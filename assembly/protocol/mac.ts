/**
 * The protocol's MACs and derivations on key schedules (round keys + CMAC subkeys, ram.ts
 * SCHED_*): MAC8 (PROTOCOL.md §1), AN10922 Div (§4), and the schedules of the lock's own keys,
 * kept ready in NVM.
 */
import { AES_BLOCK_BYTES, WorkOp } from "../../firmware/abi";
import { countWork } from "../work";
import { MAC_BYTES } from "../../firmware/protocol";
import { aesExpandKey } from "../crypto/aes128";
import { cmacSubkeys, cmacTag } from "../crypto/cmac";
import { diversifyAes128 } from "../crypto/diversify";
import { MAC_OUT, SCHED_BYTES, SCHED_K1, SCHED_K2, SCHED_ROUND_KEYS, WORK_BLOCK, WORK_DIVERSIFY } from "../ram";
import { nvmRead } from "../store/nvm";
import { NVM_SCHEDULES_ADDRESS } from "../store/layout";

/** Expands `key` (16 bytes) into the schedule at `schedule`: one key expansion, one AES block. */
export function scheduleFromKey(key: usize, schedule: usize): void {
  aesExpandKey(key, schedule + SCHED_ROUND_KEYS);
  cmacSubkeys(schedule + SCHED_ROUND_KEYS, schedule + SCHED_K1, schedule + SCHED_K2);
  countWork(WorkOp.AesKeyExpansion, 1);
  countWork(WorkOp.AesBlock, 1);
}

/** Reads the ready schedule number `index` of the lock's own keys (layout.ts SCHEDULE_*). */
export function loadSchedule(index: u32, schedule: usize): bool {
  return nvmRead(NVM_SCHEDULES_ADDRESS + index * <u32>SCHED_BYTES, schedule, <u32>SCHED_BYTES);
}

/** The full CMAC of `length` bytes at `message` into MAC_OUT (16 bytes). */
export function cmacInto(schedule: usize, message: usize, length: u32): void {
  const blocks = cmacTag(schedule + SCHED_ROUND_KEYS, schedule + SCHED_K1, schedule + SCHED_K2, message, length, MAC_OUT, WORK_DIVERSIFY, WORK_DIVERSIFY + <usize>AES_BLOCK_BYTES);
  countWork(WorkOp.AesBlock, blocks);
}

/** True when MAC8 of the message equals the 8 bytes at `expected`; one 64-bit comparison, no early exit. */
export function mac8Matches(schedule: usize, message: usize, length: u32, expected: usize): bool {
  cmacInto(schedule, message, length);
  return load<u64>(MAC_OUT) == load<u64>(expected);
}

/** Writes MAC8 of the message to `out`. */
export function mac8To(schedule: usize, message: usize, length: u32, out: usize): void {
  cmacInto(schedule, message, length);
  store<u64>(out, load<u64>(MAC_OUT));
}

/** Div(K, M) of AN10922 §2.2 with K's schedule; the 16-byte key goes to `out`. 1 <= length <= 31. */
export function diversifyTo(schedule: usize, input: usize, length: u32, out: usize): void {
  diversifyAes128(schedule + SCHED_ROUND_KEYS, schedule + SCHED_K1, schedule + SCHED_K2, input, length, out, WORK_DIVERSIFY, WORK_BLOCK);
  countWork(WorkOp.AesBlock, 2);
}

/** Writes a 3-byte ASCII label (firmware/protocol.ts LABEL_*) at `at`; returns the next address. */
export function putLabel(at: usize, label: u32): usize {
  store<u16>(at, <u16>label);
  store<u8>(at + 2, <u8>(label >> 16));
  return at + 3;
}

/** Copies `length` bytes and returns the address after them. */
export function putBytes(at: usize, source: usize, length: usize): usize {
  memory.copy(at, source, length);
  return at + length;
}

export const MAC8_BYTES: usize = <usize>MAC_BYTES;
