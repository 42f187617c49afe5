/**
 * The crypto service: the primitives behind key slots, for the selftest, the vectors and the
 * benchmarks. Every argument from the host is checked before anything is touched, so bad input
 * returns a Status and changes nothing.
 */
import {
  AES_BLOCK_BYTES, AES_KEY_BYTES, CRYPTO_SLOT_COUNT, DIVERSIFY_INPUT_MAX_BYTES, HOST_WINDOW_END,
  HOST_WINDOW_OFFSET, NONCE_REQUEST_MAX_BYTES, Status, TraceEvent, WorkOp,
} from "../firmware/abi";
import { countWork } from "./work";
import { aesEncryptBlock, aesExpandKey } from "./crypto/aes128";
import { copyBlock } from "./crypto/block";
import { cmacSubkeys, cmacTag } from "./crypto/cmac";
import { diversifyAes128 } from "./crypto/diversify";
import { drbgGenerate, drbgSeeded } from "./crypto/ctr-drbg";
import { halTrace } from "./hal";
import { SLOTS, SLOT_BYTES, SLOT_K1, SLOT_K2, SLOT_LOADED, SLOT_ROUND_KEYS, WORK_BLOCK, WORK_DIVERSIFY } from "./ram";

/** True when [offset, offset + len) lies inside the host window, without overflow. */
export function inHostWindow(offset: usize, len: usize): bool {
  return offset >= <usize>HOST_WINDOW_OFFSET && offset <= <usize>HOST_WINDOW_END && len <= <usize>HOST_WINDOW_END - offset;
}

function slotBase(slot: usize): usize {
  return SLOTS + slot * SLOT_BYTES;
}

/** Status of a slot argument: BadSlot, SlotEmpty or Ok. */
function checkSlot(slot: usize): Status {
  if (slot >= <usize>CRYPTO_SLOT_COUNT) return Status.BadSlot;
  if (load<u32>(slotBase(slot) + SLOT_LOADED) == 0) return Status.SlotEmpty;
  return Status.Ok;
}

export function slotLoad(slot: usize, keyOffset: usize): Status {
  if (slot >= <usize>CRYPTO_SLOT_COUNT) return Status.BadSlot;
  if (!inHostWindow(keyOffset, AES_KEY_BYTES)) return Status.BadRange;
  const base = slotBase(slot);
  aesExpandKey(keyOffset, base + SLOT_ROUND_KEYS);
  cmacSubkeys(base + SLOT_ROUND_KEYS, base + SLOT_K1, base + SLOT_K2);
  store<u32>(base + SLOT_LOADED, 1);
  countWork(WorkOp.AesKeyExpansion, 1);
  countWork(WorkOp.AesBlock, 1);
  halTrace(TraceEvent.SlotLoaded, <u32>slot);
  return Status.Ok;
}

export function aesEncrypt(slot: usize, inOffset: usize, outOffset: usize): Status {
  const slotStatus = checkSlot(slot);
  if (slotStatus != Status.Ok) return slotStatus;
  if (!inHostWindow(inOffset, AES_BLOCK_BYTES) || !inHostWindow(outOffset, AES_BLOCK_BYTES)) return Status.BadRange;
  copyBlock(WORK_BLOCK, inOffset);
  aesEncryptBlock(slotBase(slot) + SLOT_ROUND_KEYS, WORK_BLOCK);
  copyBlock(outOffset, WORK_BLOCK);
  countWork(WorkOp.AesBlock, 1);
  return Status.Ok;
}

export function cmac(slot: usize, messageOffset: usize, len: usize, tagOffset: usize): Status {
  const slotStatus = checkSlot(slot);
  if (slotStatus != Status.Ok) return slotStatus;
  if (!inHostWindow(messageOffset, len) || !inHostWindow(tagOffset, AES_BLOCK_BYTES)) return Status.BadRange;
  const base = slotBase(slot);
  // The last block and the chaining value are built in the 32-byte diversification buffer, so the
  // tag may overlap the message.
  const blocks = cmacTag(base + SLOT_ROUND_KEYS, base + SLOT_K1, base + SLOT_K2, messageOffset, <u32>len, WORK_BLOCK, WORK_DIVERSIFY, WORK_DIVERSIFY + AES_BLOCK_BYTES);
  copyBlock(tagOffset, WORK_BLOCK);
  countWork(WorkOp.AesBlock, blocks);
  return Status.Ok;
}

export function diversify(slot: usize, inputOffset: usize, len: usize, outOffset: usize): Status {
  const slotStatus = checkSlot(slot);
  if (slotStatus != Status.Ok) return slotStatus;
  if (len == 0 || len > <usize>DIVERSIFY_INPUT_MAX_BYTES) return Status.BadLength;
  if (!inHostWindow(inputOffset, len) || !inHostWindow(outOffset, AES_BLOCK_BYTES)) return Status.BadRange;
  const base = slotBase(slot);
  diversifyAes128(base + SLOT_ROUND_KEYS, base + SLOT_K1, base + SLOT_K2, inputOffset, <u32>len, WORK_BLOCK, WORK_DIVERSIFY, WORK_BLOCK);
  copyBlock(outOffset, WORK_BLOCK);
  countWork(WorkOp.AesBlock, 2);
  return Status.Ok;
}

export function nonce(outOffset: usize, len: usize): Status {
  if (!drbgSeeded()) return Status.NotSeeded;
  if (len > <usize>NONCE_REQUEST_MAX_BYTES) return Status.BadLength;
  if (!inHostWindow(outOffset, len)) return Status.BadRange;
  drbgGenerate(outOffset, <u32>len);
  halTrace(TraceEvent.NonceDrawn, <u32>len);
  return Status.Ok;
}
