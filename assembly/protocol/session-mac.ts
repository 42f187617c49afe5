/** The prefix of every MAC bound to the session (PROTOCOL.md §7.4, §7.7, §9.2). */
import { KEY_NONCE_BYTES, NONCE_BYTES } from "../../firmware/protocol";
import { MAC_INPUT, SESSION_KEY_NONCE, SESSION_LOCK_NONCE } from "../ram";
import { lockId } from "../store/config";
import { copyBlock } from "../crypto/block";
import { putLabel } from "./mac";

/** Writes label ‖ lockId ‖ lockNonce ‖ keyNonce to MAC_INPUT; returns where the frame's bytes go. */
export function sessionMacPrefix(label: u32): usize {
  const at = putLabel(MAC_INPUT, label);
  store<u32>(at, lockId());
  // The nonces in words: V8 makes memory.copy a call into the runtime, dearer than these copies.
  if (NONCE_BYTES != 16 || KEY_NONCE_BYTES != 8) ERROR("sessionMacPrefix copies a 16-byte lock nonce and an 8-byte key nonce");
  copyBlock(at + 4, SESSION_LOCK_NONCE);
  store<u64>(at + 4 + <usize>NONCE_BYTES, load<u64>(SESSION_KEY_NONCE));
  return at + 4 + <usize>(NONCE_BYTES + KEY_NONCE_BYTES);
}
