/**
 * Frames the lock cannot place (PROTOCOL.md §5, §7.9): random bytes of every length 0..250, in
 * every session state, never make the reference lock throw or change its NVM; each is answered
 * with ERROR or a refusal (or a CHALLENGE, when the bytes happen to be a well-formed HELLO).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import {
  AUTH_CREDENTIAL,
  AUTH_PARTS,
  COMMAND_ARGUMENT,
  COMMAND_BYTES,
  COMMAND_CODE,
  CRED_GROUP_COUNT,
  CRED_VERSION,
  DELTA_COUNT,
  DELTA_ENTRIES,
  DELTA_ENTRY_BYTES,
  FRAME_MAX_BYTES,
  FrameType,
} from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { authBytesFor, deltaBytesFor } from '../../host/protocol/frames.js';
import type { ReferenceLock } from '../../host/reference/reference-lock.js';
import type { LockMemory } from '../../host/reference/lock-memory.js';
import { COMMAND_RESULT_REASON, RESULT_REASON } from '../../firmware/protocol.js';
import { makeSite, openSession } from '../conformance/fixture.js';
import { referenceLockFactory } from '../conformance/targets.js';

/** fast-check seed: a failure reproduces with the same seed, and every run is the same. */
const SEED = 0x10c4_f00d;
const KEY_TO_LOCK_TYPES = [FrameType.Hello, FrameType.Delta, FrameType.Auth, FrameType.Command];
type SessionStateName = 'idle' | 'challenged' | 'decided';
const STATES: SessionStateName[] = ['idle', 'challenged', 'decided'];

const site = makeSite({ makeLock: referenceLockFactory(), seed: 'malformed frames' });
const key = site.makeKey({ keyId: 4242 });

function bringInto(lock: ReferenceLock, state: SessionStateName): void {
  if (state === 'decided') key.insert(lock);
  else if (state === 'challenged') openSession(lock, 4242);
  else lock.powerUp();
}

function isWellFormedHello(frame: Uint8Array): boolean {
  return frame.length === 15 && frame[0] === FrameType.Hello && frame[1] === 1;
}

/** The answer is ERROR or a refusal; a CHALLENGE only for a well-formed HELLO outside DECIDED. */
function expectErrorOrRefusal(frame: Uint8Array, answer: Uint8Array, state: SessionStateName): void {
  switch (answer[0]) {
    case FrameType.Error:
      expect(answer.length).toBe(2);
      expect(answer[1]).not.toBe(Reason.Ok);
      return;
    case FrameType.Challenge:
      expect(isWellFormedHello(frame)).toBe(true);
      expect(state).not.toBe('decided');
      return;
    case FrameType.DeltaAck:
      expect(frame[0]).toBe(FrameType.Delta);
      expect(answer[1]).not.toBe(Reason.Ok);
      return;
    case FrameType.Result:
      expect(frame[0]).toBe(FrameType.Auth);
      expect(answer[1]).toBe(0); // deny
      return;
    case FrameType.CommandResult:
      // Only after a grant with a tenant proof; a random MAC is refused (§9.2).
      expect(frame[0]).toBe(FrameType.Command);
      expect(state).toBe('decided');
      expect(answer[1]).toBe(Reason.BadKeyMac);
      return;
    default:
      throw new Error(`unexpected answer ${Buffer.from(answer).toString('hex')}`);
  }
}

/**
 * NVM as it was, but for the failed-MAC count (§9.5), which a refusal for a MAC (BadIssuerMac,
 * BadKeyMac) may raise by one: the lock counts at most one failure per power-up.
 */
function expectNvmKept(before: LockMemory | null, after: LockMemory | null, answer: Uint8Array): void {
  const reason = answer[0] === FrameType.Result ? answer[RESULT_REASON] : answer[0] === FrameType.CommandResult ? answer[COMMAND_RESULT_REASON] : undefined;
  const failedMacRefusal = reason === Reason.BadKeyMac || reason === Reason.BadIssuerMac;
  const raised = (after?.failedMacs ?? 0) - (before?.failedMacs ?? 0);
  expect(raised).toBeLessThanOrEqual(failedMacRefusal ? 1 : 0);
  expect(raised).toBeGreaterThanOrEqual(0);
  expect(after === null ? null : { ...after, failedMacs: 0 }).toEqual(before === null ? null : { ...before, failedMacs: 0 });
}

function sendAndCheck(lock: ReferenceLock, state: SessionStateName, frame: Uint8Array): void {
  const before = lock.persistentState();
  let answer: Uint8Array | undefined;
  expect(() => (answer = lock.receive(frame))).not.toThrow();
  expectErrorOrRefusal(frame, answer!, state);
  expectNvmKept(before, lock.persistentState(), answer!);
}

/** Random bytes of `length`, starting with `type` when there is room for it. */
const randomFrame = (types: fc.Arbitrary<number>) =>
  fc
    .tuple(types, fc.integer({ min: 0, max: FRAME_MAX_BYTES }))
    .chain(([type, length]) => fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => (length > 0 ? Object.assign(bytes, { [0]: type }) : bytes)));

/** AUTH of the right length for its parts and groupCount, version 1, the rest random: reaches steps 2-4. */
const plausibleAuth = fc
  .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }))
  .chain(([parts, groupCount]) =>
    fc.uint8Array({ minLength: authBytesFor(groupCount, parts), maxLength: authBytesFor(groupCount, parts) }).map((bytes) =>
      Object.assign(bytes, {
        [0]: FrameType.Auth,
        [AUTH_PARTS]: parts,
        [AUTH_CREDENTIAL + CRED_VERSION]: 1,
        [AUTH_CREDENTIAL + CRED_GROUP_COUNT]: groupCount,
      }),
    ),
  );

/** DELTA of the right length with valid ops, the rest random: reaches the site and MAC checks. */
const plausibleDelta = fc.integer({ min: 1, max: 16 }).chain((count) =>
  fc.uint8Array({ minLength: deltaBytesFor(count), maxLength: deltaBytesFor(count) }).map((bytes) => {
    bytes[0] = FrameType.Delta;
    bytes[DELTA_COUNT] = count;
    for (let i = 0; i < count; i++) bytes[DELTA_ENTRIES + DELTA_ENTRY_BYTES * i] = 1 + (bytes[DELTA_ENTRIES + DELTA_ENTRY_BYTES * i]! & 1);
    return bytes;
  }),
);

/** COMMAND of the right length with a command byte 1..4, the rest random: reaches the MAC check after a proven grant. */
const plausibleCommand = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.uint8Array({ minLength: COMMAND_BYTES, maxLength: COMMAND_BYTES })).map(([command, bytes]) => {
  bytes[0] = FrameType.Command;
  bytes[COMMAND_CODE] = command;
  if (command === 2 || command === 3) bytes.fill(0, COMMAND_ARGUMENT, COMMAND_ARGUMENT + 4);
  return bytes;
});

const anyFrame = fc.oneof(
  randomFrame(fc.constantFrom(...KEY_TO_LOCK_TYPES)),
  randomFrame(fc.integer({ min: 0, max: 255 })),
  plausibleAuth,
  plausibleDelta,
  plausibleCommand,
);

describe('the reference lock against frames it cannot place', () => {
  it('should answer random bytes of every length 0..250 and every key-to-lock type with ERROR or a refusal, in every state', () => {
    const entropy = new SeededEntropy('every length');
    for (const state of STATES) {
      for (let length = 0; length <= FRAME_MAX_BYTES; length++) {
        for (const type of [...KEY_TO_LOCK_TYPES, -1]) {
          const frame = new Uint8Array(length);
          entropy.fill(frame);
          if (length > 0 && type >= 0) frame[0] = type;
          bringInto(site.commonLock, state);
          sendAndCheck(site.commonLock, state, frame);
        }
      }
    }
  });

  it('should never throw or change its NVM for 3,000 random and plausible frames in any state', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STATES), fc.boolean(), anyFrame, (state, atPrivateLock, frame) => {
        const lock = atPrivateLock ? site.privateLock : site.commonLock;
        bringInto(lock, state);
        sendAndCheck(lock, state, frame);
      }),
      { numRuns: 3_000, seed: SEED },
    );
  });

  it('should survive sequences of up to 8 such frames after a HELLO', () => {
    fc.assert(
      fc.property(fc.array(anyFrame, { minLength: 1, maxLength: 8 }), (frames) => {
        bringInto(site.commonLock, 'challenged');
        for (const frame of frames) {
          const before = site.commonLock.persistentState();
          const answer = site.commonLock.receive(frame);
          expect([FrameType.Error, FrameType.Challenge, FrameType.DeltaAck, FrameType.Result, FrameType.CommandResult]).toContain(answer[0]);
          expectNvmKept(before, site.commonLock.persistentState(), answer);
        }
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('should answer frames longer than 250 bytes with ERROR Malformed', () => {
    bringInto(site.commonLock, 'challenged');
    expect([...site.commonLock.receive(new Uint8Array(FRAME_MAX_BYTES + 1).fill(FrameType.Auth))]).toEqual([FrameType.Error, Reason.Malformed]);
  });
});
