/**
 * What a lock's answer frame says, for a test's `result` (docs/VECTORS.md): `valid` when the lock
 * granted or accepted, `invalid` when it refused. Read from the frame's first bytes only
 * (PROTOCOL.md §5, §7.7, §8, §9.2), so that a vector's result can be checked without its keys.
 */
import { Reason, REASON_COUNT } from '../../../firmware/abi.js';
import { COMMAND_RESULT_REASON, FrameType, RESULT_DECISION, RESULT_REASON } from '../../../firmware/protocol.js';

export type Verdict = 'valid' | 'invalid';

export interface AnswerReading {
  verdict: Verdict;
  /** The frame and its reason, e.g. "RESULT deny Blocked", "ERROR Malformed", "CHALLENGE". */
  describe: string;
  /** The reason the answer carries (Ok for a grant, an acceptance and a CHALLENGE); undefined when the frame names none. */
  reason: Reason | undefined;
}

const reasonName = (code: number | undefined): string => (code !== undefined && code < REASON_COUNT ? Reason[code]! : `reason ${code}`);

export function readAnswer(answer: Uint8Array): AnswerReading {
  const reasonAt = (offset: number): Reason | undefined => {
    const code = answer[offset];
    return code !== undefined && code < REASON_COUNT ? (code as Reason) : undefined;
  };
  switch (answer[0]) {
    case FrameType.Challenge:
      return { verdict: 'valid', describe: 'CHALLENGE', reason: Reason.Ok };
    case FrameType.Result: {
      const granted = answer[RESULT_DECISION] === 1;
      const reason = reasonAt(RESULT_REASON);
      return { verdict: granted ? 'valid' : 'invalid', describe: granted ? 'RESULT grant' : `RESULT deny ${reasonName(answer[RESULT_REASON])}`, reason };
    }
    // DELTA_ACK (§8) and COMMAND_RESULT (§9.2) both carry their reason at offset 1.
    case FrameType.DeltaAck:
    case FrameType.CommandResult: {
      const reason = reasonAt(COMMAND_RESULT_REASON);
      const name = answer[0] === FrameType.DeltaAck ? 'DELTA_ACK' : 'COMMAND_RESULT';
      return { verdict: reason === Reason.Ok ? 'valid' : 'invalid', describe: `${name} ${reasonName(answer[COMMAND_RESULT_REASON])}`, reason };
    }
    case FrameType.Error:
      return { verdict: 'invalid', describe: `ERROR ${reasonName(answer[1])}`, reason: reasonAt(1) };
    case undefined:
      return { verdict: 'invalid', describe: 'no answer', reason: undefined };
    default:
      return { verdict: 'invalid', describe: `an answer of unknown type 0x${answer[0].toString(16)}`, reason: undefined };
  }
}
