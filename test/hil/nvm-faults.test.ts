/**
 * NVM faults on the device link (docs/VECTORS.md: the nvmWrites step, the NVM_WRITES request): a
 * device that cannot make its NVM fail fails exactly the vectors that need it, each named with the
 * reason; ERASE makes writes work again; and the reference lock, which writes the vectors, answers as
 * every firmware image does when its writes fail, also on the paths the suite leaves out (a session
 * that moves the mark, a second frame in the same power-up, a full blocklist, provisioning).
 */
import { describe, expect, it } from 'vitest';
import { Reason, Role } from '../../firmware/abi.js';
import { Command, MINUTES_PER_DAY } from '../../firmware/protocol.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { BuildVariant } from '../../host/firmware/image.js';
import { EmulatedDevice, inProcessDevice, type LockImplementation } from '../../host/hil/device/emulated-device.js';
import { answerRequest } from '../../host/hil/link/device-server.js';
import { MessageKind } from '../../host/hil/link/messages.js';
import { runVectors, type RunReport } from '../../host/hil/runner/run-vectors.js';
import { openTarget, parseTarget } from '../../host/hil/runner/targets.js';
import { generateSuite, writeGroup } from '../../host/hil/suite/generate-suite.js';
import { DWELLING_A, DWELLING_B, suiteSite, TENANT_KEY_ID, type GroupSpec, type TestSpec } from '../../host/hil/suite/site.js';
import type { TestContext } from '../../host/hil/suite/test-context.js';
import { BENCH_ENERGY_NJ, isNvmWrites, type VectorFile } from '../../host/hil/vectors/schema.js';
import { KeyDevice } from '../../host/keys/key-device.js';
import type { SessionOutcome } from '../../host/keys/session-outcome.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { ManagementSystem } from '../../host/management/management-system.js';
import { decodeChallenge, decodeError, decodeHello, encodeCommand } from '../../host/protocol/frames.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { CLI, generatedSuite, profile } from './support.js';

const UNSUPPORTED = 'the device cannot make its NVM writes fail: it answered NVM_WRITES "unsupported"';

/** The tcIds of the suite's tests that make the NVM fail. */
function testsNeedingFaults(file: VectorFile): Set<number> {
  return new Set(file.testGroups.flatMap((group) => group.tests.filter((test) => test.steps.some(isNvmWrites)).map((test) => test.tcId)));
}

function expectOnlyFaultTestsFailed(report: RunReport, file: VectorFile) {
  const needing = testsNeedingFaults(file);
  expect(needing.size).toBeGreaterThanOrEqual(5);
  for (const test of report.tests) {
    if (!needing.has(test.tcId)) expect([test.tcId, test.status, test.message]).toEqual([test.tcId, 'passed', undefined]);
    else {
      expect(test.status).toBe('failed');
      expect(test.message).toContain(`tcId ${test.tcId} (${test.comment}): step 0: ${UNSUPPORTED}`);
    }
  }
  expect(report.failed).toBe(needing.size);
}

describe('a device that cannot make its NVM writes fail', () => {
  it('should fail every vector with an nvmWrites step, naming it and the reason, and pass the others (in-process)', async () => {
    const suite = generatedSuite();
    const device = inProcessDevice(new EmulatedDevice({ implementation: { kind: 'wasm', variant: 'release' }, profile, nvmFaults: false }));
    expectOnlyFaultTestsFailed(await runVectors(suite, device), suite);
  });

  it('should do the same over the link, against `cylsim serve --stdio --no-nvm-faults`', async () => {
    const suite = generatedSuite();
    const device = await openTarget(parseTarget(`stdio:"${process.execPath}" "${CLI}" serve --stdio --no-nvm-faults`), { profile });
    try {
      expectOnlyFaultTestsFailed(await runVectors(suite, device), suite);
    } finally {
      await device.close();
    }
  });
});

describe('the NVM_WRITES request', () => {
  const device = () => new EmulatedDevice({ implementation: { kind: 'wasm', variant: 'release' }, profile });
  const request = (body: number[]) => answerRequest(device(), { kind: MessageKind.NvmWrites, sequence: 7, body: Uint8Array.from(body) });

  it('should be answered 86 with status 0 for the modes work (0) and fail (1)', () => {
    expect(request([0])).toEqual({ kind: 0x86, sequence: 7, body: Uint8Array.of(0) });
    expect(request([1])).toEqual({ kind: 0x86, sequence: 7, body: Uint8Array.of(0) });
  });

  it('should be answered "unsupported" (status 1) for a mode the device does not know', () => {
    expect(request([2])).toEqual({ kind: 0x86, sequence: 7, body: Uint8Array.of(1) });
  });

  it('should be answered FAULT when its body is not one byte', () => {
    const answer = request([]);
    expect(answer.kind).toBe(MessageKind.Fault);
    expect(Buffer.from(answer.body).toString()).toBe('NvmWrites carries 1 bytes, not 0');
  });
});

describe.each<[string, LockImplementation]>([
  ['the firmware image', { kind: 'wasm', variant: 'release' }],
  ['the reference lock', { kind: 'reference' }],
])('%s with failing NVM writes', (_name, implementation) => {
  const record = () => new ManagementSystem({ siteKey: new Uint8Array(16), siteId: 1 }).makeProvisioningRecord({ lockId: 7, privateDwelling: 0, groups: [1], markDay: 800, profile });

  it('should refuse provisioning with StorageFailure and stay blank', () => {
    const device = new EmulatedDevice({ implementation, profile });
    device.nvmWrites('fail');
    device.powerUp(new Uint8Array(32));
    expect(device.provision(record())).toBe(Reason.StorageFailure);
    expect([...device.frame(Uint8Array.of(0x7f), 0xffff_ffff, 0)]).toEqual([0xbf, Reason.NotProvisioned]);
  });

  it('should take writes again after ERASE', () => {
    const device = new EmulatedDevice({ implementation, profile });
    device.nvmWrites('fail');
    device.erase();
    device.powerUp(new Uint8Array(32));
    expect(device.provision(record())).toBe(Reason.Ok);
  });
});

/** Tests of these lines move the mark three days with the session (their keys are issued then). */
const MOVED_DAYS = 3;
const RAISE = { command: Command.RaiseConsentEpoch, argument: 0 };
const ROTATE = { command: Command.Rotate, argument: 0 };

const contractor = (ctx: TestContext, keyId: number) => {
  const key = ctx.key({ keyId, role: Role.Contractor, dwellingId: 0, generation: 0, issuedAtMinutes: ctx.minutes(MOVED_DAYS) });
  key.receiveConsentToken(ctx.tenantKey().makeConsentToken(ctx.config.lockId, keyId, ctx.minutes(0), ctx.minutes(MOVED_DAYS + 2), 0));
  return key;
};

const failing = (comment: string, expect: Reason, run: (ctx: TestContext) => void): TestSpec => ({
  comment,
  flags: ['StorageFailure'],
  expect,
  run: (ctx) => {
    ctx.nvmWrites('fail');
    run(ctx);
  },
});

function differentialGroups(): GroupSpec[] {
  const site = suiteSite('nvm faults', profile);
  const tenant = { keyId: TENANT_KEY_ID, generation: 1, consentEpoch: 0, enrolment: [] };
  const retireDay = site.state().markDay + 365;
  return [
    {
      comment: 'private door, tenant at generation 1',
      lock: site.privateLock(),
      state: site.state({ tenant }),
      tests: [
        failing('an emergency opening that moves the mark', Reason.StorageFailure, (ctx) => {
          ctx.key({ keyId: 300, role: Role.Emergency, dwellingId: 0, generation: 0, issuedAtMinutes: ctx.minutes(MOVED_DAYS) }).insert(ctx.lock);
        }),
        failing('a tenant change that moves the mark, then a HELLO in the same power-up (T was drawn)', Reason.Ok, (ctx) => {
          ctx.key({ keyId: 301, dwellingId: DWELLING_A, generation: 2, issuedAtMinutes: ctx.minutes(MOVED_DAYS) }).insert(ctx.lock);
          ctx.hello(302, { powerUp: false });
        }),
        failing('a contractor\'s grant that moves the mark', Reason.StorageFailure, (ctx) => void contractor(ctx, 303).insert(ctx.lock)),
        failing('a refusal that moves the mark (no tenant proof)', Reason.StorageFailure, (ctx) => {
          ctx.key({ keyId: 304, issuedAtMinutes: ctx.minutes(MOVED_DAYS) }).insert(ctx.lock);
        }),
        failing('ROTATE, then RAISE_CONSENT_EPOCH in the same session, then a HELLO in the same power-up', Reason.Ok, (ctx) => {
          ctx.tenantKey().insert(ctx.lock, { commands: [ROTATE, RAISE] });
          ctx.hello(305, { powerUp: false });
        }),
        {
          comment: 'an enrolment that cannot be stored, and ENROL and ACK_EMERGENCY refused',
          flags: ['StorageFailure'],
          expect: Reason.StorageFailure,
          run: (ctx) => {
            ctx.tenantKey().insert(ctx.lock, { commands: [{ command: Command.Enrol, argument: 306 }] });
            ctx.key({ keyId: 307, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(ctx.lock);
            ctx.nvmWrites('fail');
            ctx.key({ keyId: 306, role: Role.ExtraKey }).insert(ctx.lock);
            ctx.tenantKey().insert(ctx.lock, { commands: [{ command: Command.Enrol, argument: 308 }, { command: Command.AckEmergency, argument: 1 }] });
          },
        },
        failing('a key MAC that fails (its count cannot be written), then the tenant\'s grant with writes working', Reason.Ok, (ctx) => {
          // The AUTH of key 309 MACed under key 310's K_key: BadKeyMac.
          ctx.auth(310, ctx.hello(309), { credential: ctx.management.issueCredential(ctx.credentialRequest({ keyId: 309 })) });
          ctx.nvmWrites('work');
          ctx.tenantKey().insert(ctx.lock);
        }),
      ],
    },
    {
      comment: `front door, dwelling ${DWELLING_A} at generation 2 in its table`,
      lock: site.commonLock(),
      state: site.state({ generationTable: [{ dwellingId: DWELLING_A, generation: 2 }] }),
      tests: [
        failing('a newer generation that moves the mark', Reason.StorageFailure, (ctx) => {
          ctx.key({ keyId: 320, dwellingId: DWELLING_A, generation: 3, issuedAtMinutes: ctx.minutes(MOVED_DAYS) }).insert(ctx.lock);
        }),
        failing('a new dwelling', Reason.StorageFailure, (ctx) => void ctx.key({ keyId: 321, dwellingId: DWELLING_B, generation: 1 }).insert(ctx.lock)),
        failing('a grant that only moves the mark', Reason.StorageFailure, (ctx) => void ctx.key({ keyId: 322, issuedAtMinutes: ctx.minutes(MOVED_DAYS) }).insert(ctx.lock)),
        failing('a grant that writes nothing', Reason.Ok, (ctx) => void ctx.key({ keyId: 323, dwellingId: DWELLING_A, generation: 2 }).insert(ctx.lock)),
      ],
    },
    {
      comment: 'front door, blocklist full at capacity 4',
      lock: site.commonLock({ blocklistCapacity: 4 }),
      state: site.state({ blocklist: { version: 1, entries: [1, 2, 3, 4].map((keyId) => ({ keyId, retireDay })) } }),
      tests: [
        failing('a delta that would overfill the list: the capacity is met before the first write', Reason.BlocklistFull, (ctx) => {
          ctx.hello(330);
          ctx.send(ctx.management.issueBlocklistDelta([{ op: 'add', keyId: 331, retireDay }]));
        }),
        failing('a delta that only removes, within the capacity: its staging is refused by the NVM', Reason.StorageFailure, (ctx) => {
          ctx.hello(332);
          ctx.send(ctx.management.issueBlocklistDelta([{ op: 'remove', keyId: 1, retireDay: 0 }]));
        }),
      ],
    },
  ];
}

describe('the reference lock with failing NVM writes', () => {
  let tcId = 0;
  const groups = differentialGroups().map((spec) => writeGroup(spec, { seed: 'nvm faults', profile }, () => ++tcId));
  const base = generateSuite({ seed: 'nvm faults', profile });
  const file: VectorFile = { ...base, header: { ...base.header, numberOfTests: tcId }, testGroups: groups };

  it.each(['wasm:release', 'wasm:release-nolog', 'wasm:debug'])('should answer every frame as %s does', async (target) => {
    const report = await runVectors(file, await openTarget(parseTarget(target), { profile }));
    expect(report.tests.filter((test) => test.status !== 'passed').map((test) => test.message)).toEqual([]);
    expect(report.passed).toBe(tcId);
  });
});

/** An emulated device as a lock for keys: power-ups draw their TRNG bytes from `trng`, frames arrive on a bench supply at 0 us. */
function onTheBench(device: EmulatedDevice, trng: SeededEntropy): LockTarget {
  return {
    provision: (record) => device.provision(record),
    powerUp: () => {
      const entropy = new Uint8Array(32);
      trng.fill(entropy);
      device.powerUp(entropy);
    },
    receive: (frame) => device.frame(frame, BENCH_ENERGY_NJ, 0),
  };
}

/**
 * A private lock provisioned with the profile's log (which no vector can establish yet): the tenant
 * moves in and switches the log on; then every write fails. Every frame, and the reasons.
 */
function logSessions(implementation: LockImplementation) {
  const device = new EmulatedDevice({ implementation, profile });
  const lock = onTheBench(device, new SeededEntropy('log sessions'));
  const management = new ManagementSystem({ siteKey: new Uint8Array(16).fill(7), siteId: 3 });
  const markDay = 800;
  lock.powerUp();
  expect(lock.provision(management.makeProvisioningRecord({ lockId: 9, privateDwelling: DWELLING_A, groups: [DWELLING_A], markDay, profile }))).toBe(Reason.Ok);
  const key = (keyId: number) =>
    new KeyDevice({
      keyId,
      kKey: management.keyKeyFor(keyId),
      entropy: new SeededEntropy(`key ${keyId}`),
      credential: management.issueCredential({ role: Role.Resident, keyId, dwellingId: DWELLING_A, generation: 1, validFromMinutes: 0, validUntilMinutes: 0xffff_ffff, issuedAtMinutes: markDay * MINUTES_PER_DAY, groups: [DWELLING_A] }),
    });
  const tenant = key(TENANT_KEY_ID);
  const outcomes: SessionOutcome[] = [tenant.insert(lock), tenant.insert(lock, { commands: [{ command: Command.LogSwitch, argument: 1 }] })];
  device.nvmWrites('fail');
  outcomes.push(tenant.insert(lock), key(202).insert(lock, { commands: [{ command: Command.LogReadOwn, argument: 0 }] }));
  return {
    frames: outcomes.flatMap((outcome) => outcome.frames.map((frame) => Buffer.from(frame.bytes).toString('hex'))),
    reasons: outcomes.map((outcome) => [Reason[outcome.reason], ...outcome.commands.map((command) => Reason[command.reason])]),
  };
}

describe('the reference lock with a log and failing NVM writes', () => {
  it.each<BuildVariant>(['release', 'debug'])('should refuse a grant whose log entry cannot be written, keep a refusal whose entry is lost, and refuse a read-out it cannot record, as the %s image does', (variant) => {
    const reference = logSessions({ kind: 'reference' });
    expect(reference.reasons).toEqual([['Ok'], ['Ok', 'Ok'], ['StorageFailure'], ['NoTenantProof', 'StorageFailure']]);
    expect(logSessions({ kind: 'wasm', variant }).frames).toEqual(reference.frames);
  });
});

/**
 * The tenant's key proves T, but its grant must move the mark and NVM refuses the write: the
 * answer is StorageFailure, and the session is no tenant session (§9.2): a COMMAND under T_auth is
 * answered with ERROR UnexpectedFrame, as after any refusal.
 */
function commandAfterRefusedProof(implementation: LockImplementation) {
  const device = new EmulatedDevice({ implementation, profile });
  const lock = onTheBench(device, new SeededEntropy('proof then storage failure'));
  const management = new ManagementSystem({ siteKey: new Uint8Array(16).fill(9), siteId: 4 });
  const markDay = 800;
  const lockId = 11;
  lock.powerUp();
  expect(lock.provision(management.makeProvisioningRecord({ lockId, privateDwelling: DWELLING_A, groups: [DWELLING_A], markDay, profile }))).toBe(Reason.Ok);
  const credential = (issuedDay: number) =>
    management.issueCredential({ role: Role.Resident, keyId: TENANT_KEY_ID, dwellingId: DWELLING_A, generation: 1, validFromMinutes: 0, validUntilMinutes: 0xffff_ffff, issuedAtMinutes: issuedDay * MINUTES_PER_DAY, groups: [DWELLING_A] });
  const tenant = new KeyDevice({ keyId: TENANT_KEY_ID, kKey: management.keyKeyFor(TENANT_KEY_ID), entropy: new SeededEntropy('tenant'), credential: credential(markDay) });
  tenant.insert(lock); // the tenant change: T pending, handed to the key
  expect(tenant.insert(lock)).toMatchObject({ decision: 'grant' }); // its first proof makes T current
  tenant.replaceCredential(credential(markDay + 3)); // issued three days on: this session moves the mark
  device.nvmWrites('fail');
  const refused = tenant.insert(lock);
  const hello = decodeHello(refused.frames[0]!.bytes);
  const challenge = decodeChallenge(refused.frames[1]!.bytes);
  const tAuth = tenantKeys(tenant.tenantSecretFor(lockId)!, lockId).tAuth;
  const answer = lock.receive(encodeCommand({ command: Command.RaiseConsentEpoch, argument: 0 }, { lockId, lockNonce: challenge.lockNonce, keyNonce: hello.keyNonce }, tAuth));
  return { reason: refused.reason, answer: Buffer.from(answer).toString('hex'), error: decodeError(answer) };
}

describe('a tenant-proof grant refused because NVM refuses its write', () => {
  it.each<[string, LockImplementation]>([
    ['the reference lock', { kind: 'reference' }],
    ['the release image', { kind: 'wasm', variant: 'release' }],
    ['the release-nolog image', { kind: 'wasm', variant: 'release-nolog' }],
    ['the debug image', { kind: 'wasm', variant: 'debug' }],
  ])(
    'should take no tenant command in that session: ERROR UnexpectedFrame (%s)',
    (_target, implementation) => {
      const outcome = commandAfterRefusedProof(implementation);
      expect(outcome.reason).toBe(Reason.StorageFailure);
      expect(outcome.error).toBe(Reason.UnexpectedFrame);
    },
  );
});
