/** The prefix of every MAC bound to the session (PROTOCOL.md §7.4, §7.7, §9.2). */
import { KEY_NONCE_BYTES, NONCE_BYTES } from "../../firmware/protocol";
import { MAC_INPUT, SESSION_KEY_NONCE, SESSION_LOCK_NONCE } from "../ram";
import { lockId } from "../store/config";
import { putBytes, putLabel } from "./mac";

/** Writes label ‖ lockId ‖ lockNonce ‖ keyNonce to MAC_INPUT; returns where the frame's bytes go. */
export function sessionMacPrefix(label: u32): usize {
  let at = putLabel(MAC_INPUT, label);
  store<u32>(at, lockId());
  at = putBytes(at + 4, SESSION_LOCK_NONCE, <usize>NONCE_BYTES);
  return putBytes(at, SESSION_KEY_NONCE, <usize>KEY_NONCE_BYTES);
}
