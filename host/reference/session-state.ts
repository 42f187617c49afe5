/** The session state machine's RAM (PROTOCOL.md §7.9): lost at every power-up. */

export interface SessionKeys {
  /** HELLO's keyId. */
  keyId: number;
  keyNonce: Uint8Array;
  lockNonce: Uint8Array;
}

export type SessionState =
  | { state: 'idle' }
  | ({ state: 'challenged' } & SessionKeys)
  /** After RESULT; the commands of §9.2 would follow here. */
  | ({ state: 'decided' } & SessionKeys);
