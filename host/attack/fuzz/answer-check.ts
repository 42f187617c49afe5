/**
 * Whether the lock's answer to a frame is one the protocol defines (PROTOCOL.md §5, §7.3, §7.7, §8,
 * §9.2): nothing, or a frame of the answering type for the frame sent (or ERROR), of the length its
 * fields give, with a reason the ABI knows. Read from the bytes alone (MACs are not checked: the
 * frames that caused them were made up).
 */
import { REASON_COUNT, Reason } from '../../../firmware/abi.js';
import {
  ATTESTATION_BYTES, CHALLENGE_BYTES, CHALLENGE_LOCK_ID, COMMAND_RESULT_PARTS, LOG_ENTRY_BYTES, LOG_READ_ENTRIES_MAX, CHALLENGE_VERSION, COMMAND_RESULT_FIXED_BYTES, COMMAND_RESULT_REASON, DELTA_ACK_BYTES,
  ENCLOSED_SECRET_BYTES, ERROR_BYTES, FrameType, NOTICE_CHANGE_DAY, NOTICE_EMERGENCY, NOTICE_TENANT_SECRET, NOTICE_VOUCHER,
  PROTOCOL_VERSION, RESULT_DECISION, RESULT_NOTICES, RESULT_REASON,
} from '../../../firmware/protocol.js';
import { getU32 } from '../../protocol/bytes.js';
import { resultBytesFor } from '../../protocol/frames.js';

const KNOWN_NOTICES = NOTICE_TENANT_SECRET | NOTICE_VOUCHER | NOTICE_CHANGE_DAY | NOTICE_EMERGENCY;

/** The answering type of each request type (§5: the request's type with bit 7 set). */
const ANSWERS: Record<number, number> = {
  [FrameType.Hello]: FrameType.Challenge,
  [FrameType.Delta]: FrameType.DeltaAck,
  [FrameType.Auth]: FrameType.Result,
  [FrameType.Command]: FrameType.CommandResult,
};

const knownReason = (reason: number | undefined): boolean => reason !== undefined && reason < REASON_COUNT;

/** What is wrong with `answer` to `frame` at the lock `lockId`, or undefined when nothing is. */
export function answerProblem(frame: Uint8Array, answer: Uint8Array, lockId: number): string | undefined {
  if (answer.length === 0) return undefined;
  const type = answer[0]!;
  if (type === FrameType.Error) {
    if (answer.length !== ERROR_BYTES) return `ERROR of ${answer.length} bytes`;
    return knownReason(answer[1]) && answer[1] !== Reason.Ok ? undefined : `ERROR with reason ${answer[1]}`;
  }
  if (ANSWERS[frame[0] ?? -1] !== type) return `answer type 0x${type.toString(16)} to a frame of type 0x${(frame[0] ?? 0).toString(16)}`;
  switch (type) {
    case FrameType.Challenge:
      if (answer.length !== CHALLENGE_BYTES) return `CHALLENGE of ${answer.length} bytes`;
      if (answer[CHALLENGE_VERSION] !== PROTOCOL_VERSION) return `CHALLENGE of version ${answer[CHALLENGE_VERSION]}`;
      return getU32(answer, CHALLENGE_LOCK_ID) === lockId ? undefined : `CHALLENGE naming lock ${getU32(answer, CHALLENGE_LOCK_ID)}`;
    case FrameType.DeltaAck:
      if (answer.length !== DELTA_ACK_BYTES) return `DELTA_ACK of ${answer.length} bytes`;
      return knownReason(answer[1]) ? undefined : `DELTA_ACK with reason ${answer[1]}`;
    case FrameType.Result: {
      const notices = answer[RESULT_NOTICES] ?? 0;
      if ((notices & ~KNOWN_NOTICES) !== 0) return `RESULT with notices 0x${notices.toString(16)}`;
      if (answer.length !== resultBytesFor(notices)) return `RESULT of ${answer.length} bytes for notices 0x${notices.toString(16)}`;
      const decision = answer[RESULT_DECISION];
      if (decision !== 0 && decision !== 1) return `RESULT with decision ${decision}`;
      const reason = answer[RESULT_REASON];
      if (!knownReason(reason) || (decision === 1) !== (reason === Reason.Ok)) return `RESULT with decision ${decision} and reason ${reason}`;
      return undefined;
    }
    default: {
      const reason = answer[COMMAND_RESULT_REASON];
      if (!knownReason(reason)) return `COMMAND_RESULT with reason ${reason}`;
      if (answer.length === COMMAND_RESULT_FIXED_BYTES) return undefined;
      return reason === Reason.Ok && doneCommandResultLength(answer) ? undefined : `COMMAND_RESULT of ${answer.length} bytes with reason ${reason}`;
    }
  }
}

/**
 * The lengths of a COMMAND_RESULT of a command done (§9.2): with ROTATE's enclosed secret, with
 * LOG_READ's n ≤ 16 entries (n first), with ATTEST's attestation.
 */
function doneCommandResultLength(answer: Uint8Array): boolean {
  const parts = answer.length - COMMAND_RESULT_FIXED_BYTES;
  const entries = answer[COMMAND_RESULT_PARTS] ?? 0;
  return parts === ENCLOSED_SECRET_BYTES || parts === ATTESTATION_BYTES || (entries <= LOG_READ_ENTRIES_MAX && parts === 1 + LOG_ENTRY_BYTES * entries);
}

/** The answer releases the door: a RESULT with decision 1. */
export function answerGrants(answer: Uint8Array): boolean {
  return answer[0] === FrameType.Result && answer[RESULT_DECISION] === 1;
}
