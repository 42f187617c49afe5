/**
 * What binds a session's MACs to one lock and one insertion (PROTOCOL.md §7.1): every key MAC and
 * result MAC covers the lock's id, the lock's nonce and the key's nonce.
 */
export interface SessionBinding {
  lockId: number;
  /** 16 bytes, from CHALLENGE (§7.3). */
  lockNonce: Uint8Array;
  /** 8 bytes, from HELLO (§7.2). */
  keyNonce: Uint8Array;
}
