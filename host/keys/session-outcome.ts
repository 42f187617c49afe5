/** What one insertion of a key into a lock came to, as the key sees it. */
import type { Reason } from '../../firmware/abi.js';
import type { Command } from '../../firmware/protocol.js';
import type { EmergencyNotice } from '../protocol/frames/result.js';
import type { AttestationFields } from '../protocol/frames/attestation.js';
import type { LogEntry } from '../protocol/frames/log-entry.js';

export type FrameDirection = 'key-to-lock' | 'lock-to-key';

export interface ExchangedFrame {
  direction: FrameDirection;
  bytes: Uint8Array;
}

/** One DELTA the key sent and the lock's DELTA_ACK (PROTOCOL.md §8). */
export interface DeltaExchange {
  fromVersion: number;
  reason: Reason;
  /** The lock's blocklist version after the delta. */
  blocklistVersion: number;
}

/** One tenant command the key sent after the grant and the lock's answer (PROTOCOL.md §9.2). */
export interface CommandExchange {
  command: Command;
  argument: number;
  /** COMMAND_RESULT's reason (Ok: done), or ERROR's, or the reason byte of a COMMAND_RESULT the key cannot verify. */
  reason: Reason;
  /** COMMAND_RESULT's value; 0 when not authenticated. */
  value: number;
  /** The answer was a COMMAND_RESULT whose MAC verified (false for ERROR). */
  authenticated: boolean;
  /** LOG_READ, LOG_READ_OWN done: the entries the lock returned (§9.4). */
  logEntries?: LogEntry[];
  /** ATTEST done: the attestation, when its MAC under T_att verified (§9.5). */
  attestation?: AttestationFields;
  /** ATTEST done: whether the attestation's MAC under T_att verified. */
  attestationVerified?: boolean;
}

export interface SessionOutcome {
  decision: 'grant' | 'deny';
  /** Ok with a grant; the RESULT's or ERROR's reason otherwise (as sent, when not authenticated). */
  reason: Reason;
  /**
   * The lock's last answer was a RESULT whose resultMac verified. False for ERROR (never
   * authenticated, §5) and for a RESULT the key cannot verify, which it takes as a refusal.
   */
  authenticated: boolean;
  /** The lock's time mark: from RESULT, else from CHALLENGE; undefined if the lock answered HELLO with ERROR. */
  markDay: number | undefined;
  /** From CHALLENGE; undefined if the lock answered HELLO with ERROR. */
  lockId: number | undefined;
  /** Every frame of the session, in order. */
  frames: ExchangedFrame[];
  deltas: DeltaExchange[];
  /** The RESULT enclosed a tenant secret and the key now holds it (PROTOCOL.md §7.8). */
  tenantSecretReceived: boolean;
  /** With a TenantChanged refusal: the day of the change (§7.7). */
  changeDay?: number;
  /** §9.3: unacknowledged emergency openings, told with a grant to a tenant key. */
  emergencyNotice?: EmergencyNotice;
  /** The tenant commands sent after the grant (§9.2), in order; empty when none were sent. */
  commands: CommandExchange[];
  /** A ROTATE was done: the key opened T' and holds it in place of the old T (§9.2). */
  tenantSecretRotated: boolean;
}
