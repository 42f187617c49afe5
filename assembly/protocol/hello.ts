/** HELLO in, CHALLENGE out (PROTOCOL.md §7.2-7.3). */
import { Reason, RX_OFFSET, TX_OFFSET } from "../../firmware/abi";
import {
  CHALLENGE_BLOCKLIST_VERSION, CHALLENGE_BYTES, CHALLENGE_LOCK_ID, CHALLENGE_MARK_DAY, CHALLENGE_NONCE,
  CHALLENGE_VERSION, FrameType, HELLO_BYTES, HELLO_FLAGS, HELLO_KEY_ID, HELLO_KEY_NONCE, HELLO_VERSION,
  KEY_NONCE_BYTES, NONCE_BYTES, PROTOCOL_VERSION,
} from "../../firmware/protocol";
import { copyBlock } from "../crypto/block";
import { drbgGeneratePublic, drbgSeeded } from "../crypto/ctr-drbg";
import { SESSION_KEY_FLAGS, SESSION_KEY_ID, SESSION_KEY_NONCE, SESSION_LOCK_NONCE, SESSION_TENANT_PROVEN } from "../ram";
import { lockId } from "../store/config";
import { STATE_BLOCKLIST_VERSION, STATE_MARK_DAY } from "../store/layout";
import { stateU16, stateU32 } from "../store/state";
import { errorFrame, Phase, setPhase } from "./reply";

const RX: usize = <usize>RX_OFFSET;
const TX: usize = <usize>TX_OFFSET;

export function handleHello(length: u32): u32 {
  if (length != <u32>HELLO_BYTES) return errorFrame(Reason.Malformed);
  if (<u32>load<u8>(RX + <usize>HELLO_VERSION) != <u32>PROTOCOL_VERSION) return errorFrame(Reason.UnsupportedVersion);
  if (!drbgSeeded()) return errorFrame(Reason.UnexpectedFrame);
  store<u32>(SESSION_KEY_ID, load<u32>(RX + <usize>HELLO_KEY_ID));
  // The nonces in words: V8 makes memory.copy a call into the runtime, dearer than these copies.
  if (NONCE_BYTES != 16 || KEY_NONCE_BYTES != 8) ERROR("handleHello copies a 16-byte lock nonce and an 8-byte key nonce");
  store<u64>(SESSION_KEY_NONCE, load<u64>(RX + <usize>HELLO_KEY_NONCE));
  store<u32>(SESSION_KEY_FLAGS, <u32>load<u8>(RX + <usize>HELLO_FLAGS));
  store<u32>(SESSION_TENANT_PROVEN, 0);
  // The nonce is sent in clear: the generator's Update after it may wait (crypto/ctr-drbg.ts).
  drbgGeneratePublic(SESSION_LOCK_NONCE, <u32>NONCE_BYTES);

  store<u8>(TX, <u8>FrameType.Challenge);
  store<u8>(TX + <usize>CHALLENGE_VERSION, <u8>PROTOCOL_VERSION);
  store<u32>(TX + <usize>CHALLENGE_LOCK_ID, lockId());
  copyBlock(TX + <usize>CHALLENGE_NONCE, SESSION_LOCK_NONCE);
  store<u16>(TX + <usize>CHALLENGE_MARK_DAY, <u16>stateU16(STATE_MARK_DAY));
  store<u32>(TX + <usize>CHALLENGE_BLOCKLIST_VERSION, stateU32(STATE_BLOCKLIST_VERSION));
  setPhase(Phase.Challenged);
  return <u32>CHALLENGE_BYTES;
}
