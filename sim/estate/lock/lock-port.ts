/**
 * What a key's session needs of a lock, without a copy or an allocation per frame: the key builds
 * its frame in `toLock`, exchange() hands it over, and the answer is in `fromLock`. On the fast path
 * these are the firmware's own RX and TX buffers; on the physics path, staging buffers around a
 * LockTarget (host/lock/lock-target.ts).
 */
export interface LockPort {
  /** Where the key writes its next frame; at least 256 bytes. */
  readonly toLock: Uint8Array;
  /** The lock's last answer (its length is what exchange() returned). */
  readonly fromLock: Uint8Array;
  /** The insertion powers the lock: RAM cleared, nonce generator seeded. */
  powerUp(): void;
  /** Sends toLock[0, length); returns the length of the answer in fromLock. */
  exchange(length: number): number;
}
