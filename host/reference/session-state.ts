/** The session state machine's RAM (PROTOCOL.md §7.9): lost at every power-up. */

export interface SessionKeys {
  /** HELLO's keyId. */
  keyId: number;
  keyNonce: Uint8Array;
  lockNonce: Uint8Array;
}

/** What DECIDED remembers of the AUTH, for the tenant commands of §9.2. */
export interface DecidedSession extends SessionKeys {
  /** The grant came with a valid tenant proof (a resident or extra key at its private lock). */
  tenantProven: boolean;
  /** A ROTATE ended the session: no command may follow (§9.2). */
  rotated: boolean;
  /** The key MAC held: LOG_READ_OWN may follow (§9.4); with it, the session's time. */
  keyProven: boolean;
  sessionMinutes: number;
  /** The session's read-out of the log is recorded (§9.4: once per session). */
  readoutDone: boolean;
}

export type SessionState =
  | { state: 'idle' }
  | ({ state: 'challenged' } & SessionKeys)
  /** After RESULT; tenant commands (§9.2) may follow when tenantProven and not rotated. */
  | ({ state: 'decided' } & DecidedSession);
