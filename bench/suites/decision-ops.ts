/**
 * The timed operations of the "decision" suite. A decision op is power-up, HELLO in, AUTH in, and
 * returns the RESULT's decision byte: the nonce of a session is only the precomputed one right
 * after a power-up, so the power-up cannot be left out and is timed alone as well.
 *
 * The firmware is driven through its raw exports: each frame is copied into RX with one set(),
 * receive(len) is called, and one byte of TX is read; those copies are the transport's real cost.
 */
import { RX_OFFSET, Status, TX_OFFSET } from '../../firmware/abi.js';
import { RESULT_DECISION } from '../../firmware/protocol.js';
import type { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { ReferenceLock } from '../../host/reference/reference-lock.js';
import type { ResidentKeyFrames } from './decision-keys.js';
import type { Door } from './decision-site-plan.js';

/** The RESULT's `decision` byte for a grant (PROTOCOL.md §7.7). */
export const DECISION_GRANT = 1;

const TX_DECISION = TX_OFFSET + RESULT_DECISION;

/** Frames and their lengths as flat arrays, so the timed op indexes nothing but arrays. */
interface DoorFrames {
  hellos: Uint8Array[];
  auths: Uint8Array[];
}

function framesAt(keys: readonly ResidentKeyFrames[], door: Door): DoorFrames {
  return { hellos: keys.map((key) => key.hello), auths: keys.map((key) => key.auth[door]) };
}

export function firmwarePowerUp(lock: FirmwareLock): () => number {
  const { boot } = lock.firmware.exports;
  return () => boot();
}

/** Power-up + decision for the i-th key; returns the decision byte. `i` must be below keys.length. */
export function firmwareDecision(lock: FirmwareLock, keys: readonly ResidentKeyFrames[], door: Door): (i: number) => number {
  const { boot, receive, memory: wasmMemory } = lock.firmware.exports;
  // One page, initial and maximum: the memory never grows, so this view never detaches.
  const memory = new Uint8Array(wasmMemory.buffer);
  const { hellos, auths } = framesAt(keys, door);
  return (i) => {
    if (boot() !== Status.Ok) throw new Error('boot() failed');
    const hello = hellos[i]!;
    memory.set(hello, RX_OFFSET);
    receive(hello.length);
    const auth = auths[i]!;
    memory.set(auth, RX_OFFSET);
    receive(auth.length);
    return memory[TX_DECISION]!;
  };
}

export function referencePowerUp(lock: ReferenceLock): () => void {
  return () => lock.powerUp();
}

export function referenceDecision(lock: ReferenceLock, keys: readonly ResidentKeyFrames[], door: Door): (i: number) => number {
  const { hellos, auths } = framesAt(keys, door);
  return (i) => {
    lock.powerUp();
    lock.receive(hellos[i]!);
    return lock.receive(auths[i]!)[RESULT_DECISION]!;
  };
}
