/**
 * The firmware against the TypeScript reference lock (the oracle): random sequences of sessions at
 * a common and a private lock, seeded alike, must give identical frames out, byte for byte.
 * Sequences mix every role, generations, consent tokens, blocklist deltas, expired credentials,
 * time pushed forward, power-ups between sessions, and tampered frames.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { Command, MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage } from '../../host/firmware/image.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { referenceProfile } from '../support/firmware.js';
import { imageIdentity } from '../conformance/targets.js';
import { COMMON_LOCK, DWELLING_ID, PRIVATE_LOCK, TEST_MARK_DAY, testManagement } from '../support/site.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const DAY = MINUTES_PER_DAY;
const T0 = TEST_MARK_DAY * DAY;

/** Keys of the random sessions: code, role, generation, groups, window and issue time (days from the mark). */
interface KeySpec {
  keyId: number;
  role: Role;
  generation: number;
  groups: number[];
  fromDay: number;
  untilDay: number;
  issuedDay: number;
  dwellingId: number;
}

const keySpec: fc.Arbitrary<KeySpec> = fc.record({
  keyId: fc.integer({ min: 1, max: 40 }),
  role: fc.constantFrom(Role.Resident, Role.Resident, Role.ExtraKey, Role.Contractor, Role.CareWorker, Role.Emergency, Role.Programming),
  generation: fc.integer({ min: 0, max: 3 }),
  groups: fc.subarray([10, 11, 12, DWELLING_ID, 999], { minLength: 1, maxLength: 5 }),
  fromDay: fc.integer({ min: -30, max: 5 }),
  untilDay: fc.integer({ min: -5, max: 60 }),
  issuedDay: fc.integer({ min: -10, max: 90 }),
  dwellingId: fc.constantFrom(0, DWELLING_ID, DWELLING_ID, 102),
});

/** Every run has these two among its keys, so that tenant secrets and consent tokens get used. */
const TENANT: KeySpec = { keyId: 41, role: Role.Resident, generation: 1, groups: [10, DWELLING_ID], fromDay: -30, untilDay: 60, issuedDay: 0, dwellingId: DWELLING_ID };
const CONTRACTOR: KeySpec = { keyId: 42, role: Role.Contractor, generation: 0, groups: [DWELLING_ID], fromDay: -30, untilDay: 60, issuedDay: 0, dwellingId: 0 };

type Event =
  | { kind: 'insert'; key: number; atPrivate: boolean; withoutProof: boolean }
  | { kind: 'consent'; forKey: number; fromDay: number; untilDay: number; epoch: number }
  | { kind: 'block'; key: number; op: 'add' | 'remove'; retireDay: number }
  | { kind: 'powerUp' }
  | { kind: 'tamper'; key: number; atPrivate: boolean; frameIndex: number; byteIndex: number; xor: number }
  | { kind: 'commands'; key: number; commands: { command: Command; argument: number }[] };

/** Events name keys by their place in the run's cast (taken modulo its size). */
const event: fc.Arbitrary<Event> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('insert' as const), key: fc.nat(), atPrivate: fc.boolean(), withoutProof: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('consent' as const), forKey: fc.nat(), fromDay: fc.integer({ min: -3, max: 3 }), untilDay: fc.integer({ min: -1, max: 30 }), epoch: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('block' as const), key: fc.nat(), op: fc.constantFrom('add' as const, 'remove' as const), retireDay: fc.integer({ min: -5, max: 100 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'powerUp' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tamper' as const), key: fc.nat(), atPrivate: fc.boolean(), frameIndex: fc.nat(), byteIndex: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('commands' as const),
      key: fc.nat(),
      // ENROL names a key of the cast by index (resolved when played), ACK a count.
      commands: fc.array(
        fc.oneof(
          fc.record({ command: fc.constant(Command.Enrol), argument: fc.nat({ max: 9 }) }),
          fc.record({ command: fc.constant(Command.Rotate), argument: fc.constant(0) }),
          fc.record({ command: fc.constant(Command.RaiseConsentEpoch), argument: fc.constant(0) }),
          fc.record({ command: fc.constant(Command.AckEmergency), argument: fc.nat({ max: 4 }) }),
          // §9.4, §9.5: the log's commands and the attestation; a read names from and why.
          fc.record({ command: fc.constantFrom(Command.LogSwitch, Command.LogHold), argument: fc.integer({ min: 0, max: 1 }) }),
          fc.record({ command: fc.constantFrom(Command.LogRead, Command.LogReadOwn), argument: fc.tuple(fc.nat({ max: 24 }), fc.nat({ max: 3 })).map(([from, why]) => from | (why << 16)) }),
          fc.record({ command: fc.constant(Command.Attest), argument: fc.constant(0) }),
        ),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
);

/** The keys of one run: the tenant, a contractor, and up to eight random others. */
const cast: fc.Arbitrary<KeySpec[]> = fc.array(keySpec, { minLength: 0, maxLength: 8 }).map((others) => [TENANT, CONTRACTOR, ...others]);

/** One side of the comparison: two locks and the keys that have met them. */
class Side {
  readonly keys = new Map<string, KeyDevice>();
  /** How many of the issued deltas each key has been handed. */
  readonly deltasHanded = new Map<KeyDevice, number>();
  constructor(
    readonly common: LockTarget,
    readonly privateLock: LockTarget,
  ) {}
}

function twinSides(seed: number) {
  const management = testManagement();
  const image = loadImage('release');
  const firmware = (name: string) => new FirmwareLock(image, createBenchDevices({ image, profile: referenceProfile, entropy: new SeededEntropy(`${seed} ${name}`) }));
  const reference = (name: string) => new ReferenceLock({ entropy: new SeededEntropy(`${seed} ${name}`), backend: nobleBackend, image: imageIdentity('release') });
  const sides = [new Side(firmware('common'), firmware('private')), new Side(reference('common'), reference('private'))] as const;
  for (const side of sides) {
    for (const [lock, request] of [[side.common, COMMON_LOCK], [side.privateLock, PRIVATE_LOCK]] as const) {
      lock.powerUp();
      expect(lock.provision(management.makeProvisioningRecord({ ...request, profile: referenceProfile }))).toBe(0);
    }
  }
  return { management, sides };
}

function keyFor(side: Side, management: ReturnType<typeof testManagement>, spec: KeySpec): KeyDevice {
  const name = JSON.stringify(spec);
  let key = side.keys.get(name);
  if (!key) {
    const credential = management.issueCredential({
      role: spec.role,
      keyId: spec.keyId,
      dwellingId: spec.dwellingId,
      generation: spec.generation,
      validFromMinutes: T0 + spec.fromDay * DAY,
      validUntilMinutes: T0 + spec.untilDay * DAY,
      issuedAtMinutes: T0 + spec.issuedDay * DAY,
      groups: spec.groups,
    });
    key = new KeyDevice({ keyId: spec.keyId, kKey: management.keyKeyFor(spec.keyId), credential, entropy: new SeededEntropy(`key ${name}`) });
    side.keys.set(name, key);
  }
  return key;
}

/** A lock that records the frames it answers, and can corrupt one frame on its way in. */
function recording(lock: LockTarget, out: string[], tamper?: { frameIndex: number; byteIndex: number; xor: number }): LockTarget {
  let index = 0;
  return {
    provision: (record) => lock.provision(record),
    powerUp: () => lock.powerUp(),
    receive(frame) {
      let bytes = frame;
      if (tamper && index++ === tamper.frameIndex % 4 && frame.length > 0) {
        bytes = frame.slice();
        bytes[tamper.byteIndex % frame.length]! ^= tamper.xor;
      }
      const answer = lock.receive(bytes);
      out.push(hex(answer));
      return answer;
    },
  };
}

function play(keys: KeySpec[], events: Event[], seed: number): string[][] {
  const specOf = (index: number): KeySpec => keys[index % keys.length]!;
  const { management, sides } = twinSides(seed);
  const transcripts: string[][] = [[], []];
  const deltas: Uint8Array[] = [];
  sides.forEach((side, s) => {
    const out = transcripts[s]!;
    let deltaCursor = 0;
    for (const e of events) {
      if (e.kind === 'powerUp') {
        side.common.powerUp();
        side.privateLock.powerUp();
        out.push('power-up');
      } else if (e.kind === 'block') {
        // The management system issues each delta once; both sides carry the same bytes.
        if (s === 0) deltas.push(management.issueBlocklistDelta([{ op: e.op, keyId: specOf(e.key).keyId, retireDay: TEST_MARK_DAY + e.retireDay }]));
        deltaCursor++;
      } else if (e.kind === 'consent') {
        // The tenant's key, if it has received the tenant secret, gives another key a token.
        const tenant = keyFor(side, management, TENANT);
        const forSpec = specOf(e.forKey);
        if (tenant.tenantSecretFor(PRIVATE_LOCK.lockId)) {
          keyFor(side, management, forSpec).receiveConsentToken(tenant.makeConsentToken(PRIVATE_LOCK.lockId, forSpec.keyId, T0 + e.fromDay * DAY, T0 + e.untilDay * DAY, e.epoch));
          out.push('consent');
        }
      } else if (e.kind === 'commands') {
        // A key of the cast (the tenant whenever the index lands on it) at the dwelling door, with commands.
        const key = keyFor(side, management, specOf(e.key));
        const commands = e.commands.map(({ command, argument }) => ({ command, argument: command === Command.Enrol ? specOf(argument).keyId : argument }));
        const outcome = key.insert(recording(side.privateLock, out), { commands });
        out.push(`${outcome.decision} ${outcome.reason}`);
        for (const done of outcome.commands) out.push(`command ${done.command} ${done.reason} ${done.value}`);
      } else {
        const key = keyFor(side, management, specOf(e.key));
        for (const delta of deltas.slice(side.deltasHanded.get(key) ?? 0, deltaCursor)) key.carryDelta(delta);
        side.deltasHanded.set(key, deltaCursor);
        const lock = e.atPrivate ? side.privateLock : side.common;
        const outcome = key.insert(recording(lock, out, e.kind === 'tamper' ? e : undefined), e.kind === 'insert' ? { sendTenantProof: !e.withoutProof } : {});
        out.push(`${outcome.decision} ${outcome.reason}`);
      }
    }
  });
  return transcripts;
}

describe('the firmware and the reference lock', () => {
  it('should answer 10,000 random sessions with identical frames, byte for byte, reaching every decision', () => {
    let sessions = 0;
    const reasons = new Map<string, number>();
    const commandsDone = new Set<string>();
    fc.assert(
      fc.property(cast, fc.array(event, { minLength: 10, maxLength: 40 }), fc.nat(), (keys, events, seed) => {
        sessions += events.filter((e) => e.kind === 'insert' || e.kind === 'tamper' || e.kind === 'commands').length;
        const [firmware, reference] = play(keys, events, seed);
        expect(firmware).toEqual(reference);
        for (const line of firmware!) {
          const [decision, reason] = line.split(' ');
          if (decision === 'grant' || decision === 'deny') reasons.set(Reason[Number(reason)]!, (reasons.get(Reason[Number(reason)]!) ?? 0) + 1);
          if (decision === 'command' && reason !== undefined) commandsDone.add(`${Command[Number(reason)]} ${Reason[Number(line.split(' ')[2])]}`);
        }
      }),
      { numRuns: 720, seed: 3_2026 },
    );
    expect(sessions).toBeGreaterThanOrEqual(10_000);
    // The sequences are only worth comparing if they reach the decisions that matter.
    const reached = [...reasons.keys()].sort();
    for (const command of ['Enrol Ok', 'Rotate Ok', 'RaiseConsentEpoch Ok', 'AckEmergency Ok', 'LogSwitch Ok', 'LogHold Ok', 'LogRead Ok', 'LogReadOwn Ok', 'Attest Ok']) {
      expect([...commandsDone], `commands: ${[...commandsDone].join(', ')}`).toContain(command);
    }
    for (const reason of ['Ok', 'Blocked', 'RoleNotAllowed', 'NoAccessGroup', 'NotYetValid', 'Expired', 'TenantChanged', 'NoTenantProof', 'NoConsent', 'ConsentWithdrawn', 'ConsentExpired', 'BadKeyMac', 'BadIssuerMac', 'Malformed']) {
      expect(reached, `reached: ${reached.join(', ')}`).toContain(reason);
    }
  });
});
