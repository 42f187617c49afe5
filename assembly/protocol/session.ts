/**
 * The session (PROTOCOL.md §7.9): one frame in RX, the answer in TX. The configuration and the
 * state record are read from NVM at each HELLO (RAM does not survive a power-up).
 */
import { HOST_WINDOW_END, HOST_WINDOW_OFFSET, Reason, RX_OFFSET, RX_SIZE, TraceEvent } from "../../firmware/abi";
import { FRAME_MAX_BYTES, FrameType, PROVISION_BYTES } from "../../firmware/protocol";
import { halTimerUs, halTrace } from "../hal";
import { SESSION_ANSWERED_US, SESSION_AUTH_US } from "../ram";
import { reportWork } from "../work";
import { loadConfig } from "../store/config";
import { loadState } from "../store/state";
import { handleAuth } from "./auth";
import { handleCommand } from "./command";
import { handleDelta } from "./delta";
import { handleHello } from "./hello";
import { startSessionLog } from "./logging";
import { provisionFrom } from "./provision";
import { errorFrame, phase, Phase } from "./reply";

export function receive(length: u32): u32 {
  // The configuration is read at each HELLO; in between it stays in RAM for the session.
  if (phase() != Phase.Challenged && !loadConfig()) return errorFrame(Reason.NotProvisioned);
  if (length == 0 || length > <u32>FRAME_MAX_BYTES || length > <u32>RX_SIZE) return errorFrame(Reason.Malformed);
  const type = <u32>load<u8>(<usize>RX_OFFSET);
  halTrace(TraceEvent.FrameIn, type);
  if (type == <u32>FrameType.Hello) {
    if (!loadState()) return errorFrame(Reason.StorageFailure);
    startSessionLog();
    return answered(handleHello(length));
  }
  if (type == <u32>FrameType.Command) return handleCommand(length);
  if (type == <u32>FrameType.Delta || type == <u32>FrameType.Auth) {
    if (phase() != Phase.Challenged) return errorFrame(Reason.UnexpectedFrame);
    if (type == <u32>FrameType.Delta) return answered(handleDelta(length));
    store<u32>(SESSION_AUTH_US, halTimerUs());
    return handleAuth(length);
  }
  return errorFrame(Reason.Malformed);
}

/**
 * §7.6 step 5a: the key's wait is timed from the moment the lock's answer (CHALLENGE, DELTA_ACK) is
 * ready, the work before it reported so that the timer includes it.
 */
function answered(length: u32): u32 {
  reportWork();
  store<u32>(SESSION_ANSWERED_US, halTimerUs());
  return length;
}

export function provision(offset: usize, length: usize): Reason {
  if (length != <usize>PROVISION_BYTES || offset < <usize>HOST_WINDOW_OFFSET || offset > <usize>HOST_WINDOW_END - length) return Reason.Malformed;
  return provisionFrom(offset);
}
