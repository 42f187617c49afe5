/** What one insertion of a key into a lock came to, as the key sees it. */
import type { Reason } from '../../firmware/abi.js';

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
}
