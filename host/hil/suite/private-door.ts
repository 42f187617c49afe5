/**
 * The door of dwelling 101 (a private lock, PROTOCOL.md §4.2, §7.6 steps 10-11, §7.8, §9.2-§9.3):
 * tenant proofs, a tenant change, consent given and withdrawn, emergency openings, enrolment,
 * rotation, tenant commands, and the energy each commit needs.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { Command, COMMAND_MAX } from '../../../firmware/protocol.js';
import { emergencyWrites, WRITES } from '../../reference/energy-rule.js';
import { encodeCommand } from '../../protocol/frames.js';
import { DWELLING_A, TENANT_KEY_ID, type GroupSpec, type SuiteSite, type TestSpec } from './site.js';
import { privateDoorStorageTests } from './storage-failure.js';
import { bindingOf, type TestContext } from './test-context.js';

const RAISE = { command: Command.RaiseConsentEpoch, argument: 0 };
const ROTATE = { command: Command.Rotate, argument: 0 };
const enrol = (keyId: number) => ({ command: Command.Enrol, argument: keyId });
const ack = (count: number) => ({ command: Command.AckEmergency, argument: count });
/** Consent tokens of these tests are valid for two days from the mark. */
const TOKEN_DAYS = 2;

/** A contractor or care worker key of dwelling-less role, holding a token the tenant made for it (unless `token: false`). */
function worker(ctx: TestContext, keyId: number, options: { role?: Role; epoch?: number; token?: boolean; tokenFor?: number; fromDays?: number; untilDays?: number } = {}) {
  const key = ctx.key({ keyId, role: options.role ?? Role.Contractor, dwellingId: 0, generation: 0 });
  if (options.token ?? true) {
    const tenant = ctx.tenantKey();
    key.receiveConsentToken(
      tenant.makeConsentToken(ctx.config.lockId, options.tokenFor ?? keyId, ctx.minutes(options.fromDays ?? 0), ctx.minutes(options.untilDays ?? TOKEN_DAYS), options.epoch ?? ctx.state.tenant?.consentEpoch ?? 0),
    );
  }
  return key;
}

const proofTests: TestSpec[] = [
  {
    comment: 'the tenant\'s key with its proof of T opens its own door',
    flags: ['TenantProof', 'Role', 'InitialState'],
    expect: Reason.Ok,
    run: (ctx) => void ctx.tenantKey().insert(ctx.lock),
  },
  {
    comment: 'the tenant\'s key without its proof is refused',
    flags: ['TenantProof'],
    expect: Reason.NoTenantProof,
    run: (ctx) => void ctx.tenantKey().insert(ctx.lock, { sendTenantProof: false }),
  },
  {
    comment: 'a resident key of the current generation that holds no T (made by the landlord) is refused',
    flags: ['TenantProof', 'Role'],
    expect: Reason.NoTenantProof,
    run: (ctx) => void ctx.key({ keyId: 202 }).insert(ctx.lock),
  },
  {
    comment: 'an extra key that was never enrolled is refused',
    flags: ['TenantProof', 'Role'],
    expect: Reason.NoTenantProof,
    run: (ctx) => void ctx.key({ keyId: 203, role: Role.ExtraKey }).insert(ctx.lock),
  },
  {
    comment: 'a programming key opens no door',
    flags: ['Role'],
    expect: Reason.RoleNotAllowed,
    run: (ctx) => void ctx.key({ keyId: 204, role: Role.Programming, dwellingId: 0 }).insert(ctx.lock),
  },
];

const tenantChangeTests: TestSpec[] = [
  {
    comment: 'a resident key of generation 2 makes a tenant change and receives the new T; then it opens with its proof',
    flags: ['TenantChange'],
    expect: Reason.Ok,
    run: (ctx) => {
      const newTenant = ctx.key({ keyId: 210, generation: 2 });
      newTenant.insert(ctx.lock);
      newTenant.insert(ctx.lock);
    },
  },
  {
    comment: 'after a tenant change the old tenant\'s key is refused with the day of the change',
    flags: ['TenantChange', 'InitialState'],
    expect: Reason.TenantChanged,
    run: (ctx) => {
      ctx.key({ keyId: 211, generation: 2, issuedAtMinutes: ctx.minutes(4) }).insert(ctx.lock);
      ctx.tenantKey().insert(ctx.lock);
    },
  },
  {
    comment: 'a tenant change one nanojoule short of its four writes and the release is refused; with them it is made',
    flags: ['TenantChange', 'EnergyStarvation'],
    expect: Reason.Ok,
    run: (ctx) => {
      const newTenant = ctx.key({ keyId: 212, generation: 2 });
      ctx.energyNj = ctx.costNj(WRITES.tenantChange, true) - 1;
      newTenant.insert(ctx.lock);
      ctx.energyNj = ctx.costNj(WRITES.tenantChange, true);
      newTenant.insert(ctx.lock);
    },
  },
  {
    comment: 'the tenant\'s grant one nanojoule short of the release is refused',
    flags: ['TenantProof', 'EnergyStarvation'],
    expect: Reason.InsufficientEnergy,
    run: (ctx) => {
      ctx.energyNj = ctx.costNj([], true) - 1;
      ctx.tenantKey().insert(ctx.lock);
    },
  },
];

const consentTests: TestSpec[] = [
  {
    comment: 'a contractor with the tenant\'s consent token opens',
    flags: ['Consent', 'Role'],
    expect: Reason.Ok,
    run: (ctx) => void worker(ctx, 220).insert(ctx.lock),
  },
  {
    comment: 'a care worker with the tenant\'s consent token opens',
    flags: ['Consent', 'Role'],
    expect: Reason.Ok,
    run: (ctx) => void worker(ctx, 221, { role: Role.CareWorker }).insert(ctx.lock),
  },
  {
    comment: 'a contractor without a consent token is refused',
    flags: ['Consent', 'Role'],
    expect: Reason.NoConsent,
    run: (ctx) => void worker(ctx, 222, { token: false }).insert(ctx.lock),
  },
  {
    comment: 'a care worker holding a token made for another key is refused',
    flags: ['Consent'],
    expect: Reason.NoConsent,
    run: (ctx) => void worker(ctx, 223, { role: Role.CareWorker, tokenFor: 224 }).insert(ctx.lock),
  },
  {
    comment: 'a contractor whose token starts tomorrow is refused',
    flags: ['Consent'],
    expect: Reason.ConsentExpired,
    run: (ctx) => void worker(ctx, 225, { fromDays: 1, untilDays: 3 }).insert(ctx.lock),
  },
  {
    comment: 'the tenant withdraws consent (RAISE_CONSENT_EPOCH): the contractor\'s token is refused',
    flags: ['ConsentWithdrawn', 'TenantCommand'],
    expect: Reason.ConsentWithdrawn,
    run: (ctx) => {
      const contractor = worker(ctx, 226);
      contractor.insert(ctx.lock);
      ctx.tenantKey().insert(ctx.lock, { commands: [RAISE] });
      contractor.insert(ctx.lock);
    },
  },
  {
    comment: 'a COMMAND after a contractor\'s grant (no tenant proof) is unexpected',
    flags: ['Consent', 'UnexpectedFrame', 'TenantCommand'],
    expect: Reason.UnexpectedFrame,
    run: (ctx) => {
      const outcome = worker(ctx, 227).insert(ctx.lock);
      ctx.send(encodeCommand(RAISE, bindingOf(outcome), ctx.tAuthOf(ctx.tenantKey())));
    },
  },
];

const emergencyTests: TestSpec[] = [
  {
    comment: 'an emergency key opens and is recorded: the tenant\'s next grant tells it, and ACK_EMERGENCY acknowledges it',
    flags: ['Emergency', 'Role', 'TenantCommand'],
    expect: Reason.Ok,
    run: (ctx) => {
      ctx.key({ keyId: 230, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(ctx.lock);
      ctx.tenantKey().insert(ctx.lock, { commands: [ack(1)] });
    },
  },
  {
    comment: 'an emergency opening one nanojoule short of its record, state and release is refused, and nothing is recorded',
    flags: ['Emergency', 'EnergyStarvation'],
    expect: Reason.Ok,
    run: (ctx) => {
      ctx.energyNj = ctx.costNj(emergencyWrites(0), true) - 1;
      ctx.key({ keyId: 231, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(ctx.lock);
      ctx.energyNj = ctx.costNj([], true);
      ctx.tenantKey().insert(ctx.lock);
    },
  },
];

const commandTests: TestSpec[] = [
  {
    comment: 'the tenant enrols an extra key, which receives T at its first insertion and opens with its proof at the next',
    flags: ['Enrolment', 'TenantCommand', 'Role'],
    expect: Reason.Ok,
    run: (ctx) => {
      ctx.tenantKey().insert(ctx.lock, { commands: [enrol(240)] });
      const extra = ctx.key({ keyId: 240, role: Role.ExtraKey });
      extra.insert(ctx.lock);
      extra.insert(ctx.lock);
    },
  },
  {
    comment: 'a fifth key to enrol while four wait is refused',
    flags: ['Enrolment', 'TenantCommand'],
    expect: Reason.EnrolmentFull,
    run: (ctx) => void ctx.tenantKey().insert(ctx.lock, { commands: [241, 242, 243, 244, 245].map(enrol) }),
  },
  {
    comment: 'the tenant rotates T and opens with T\' (which makes it current): an extra key enrolled before holds the old T and is refused',
    flags: ['Enrolment', 'TenantCommand', 'TenantProof'],
    expect: Reason.NoTenantProof,
    run: (ctx) => {
      ctx.tenantKey().insert(ctx.lock, { commands: [enrol(246)] });
      const extra = ctx.key({ keyId: 246, role: Role.ExtraKey });
      extra.insert(ctx.lock);
      ctx.tenantKey().insert(ctx.lock, { commands: [ROTATE] });
      ctx.tenantKey().insert(ctx.lock);
      extra.insert(ctx.lock);
    },
  },
  {
    comment: 'a COMMAND whose MAC is not under T_auth is answered BadKeyMac',
    flags: ['TenantCommand'],
    expect: Reason.BadKeyMac,
    run: (ctx) => {
      const outcome = ctx.tenantKey().insert(ctx.lock);
      ctx.send(encodeCommand(RAISE, bindingOf(outcome), new Uint8Array(16)));
    },
  },
  {
    comment: `a COMMAND of unknown code ${COMMAND_MAX + 1} is malformed`,
    flags: ['TenantCommand', 'Malformed'],
    expect: Reason.Malformed,
    run: (ctx) => {
      const outcome = ctx.tenantKey().insert(ctx.lock);
      const frame = encodeCommand(RAISE, bindingOf(outcome), ctx.tAuthOf(ctx.tenantKey()));
      frame[1] = COMMAND_MAX + 1;
      ctx.send(frame);
    },
  },
  {
    comment: 'a tenant command with the gauge at zero is refused: its state write is priced (§7.10)',
    flags: ['TenantCommand', 'EnergyStarvation'],
    expect: Reason.InsufficientEnergy,
    run: (ctx) => {
      const outcome = ctx.tenantKey().insert(ctx.lock);
      ctx.energyNj = 0;
      ctx.send(encodeCommand(RAISE, bindingOf(outcome), ctx.tAuthOf(ctx.tenantKey())));
    },
  },
];

export function privateDoorGroup(site: SuiteSite): GroupSpec {
  return {
    comment: 'door of dwelling 101 (private lock), tenant key 201 at generation 1',
    lock: site.privateLock(),
    state: site.state({ tenant: { keyId: TENANT_KEY_ID, generation: 1, consentEpoch: 0, enrolment: [] } }),
    tests: [...proofTests, ...tenantChangeTests, ...consentTests, ...emergencyTests, ...commandTests, ...privateDoorStorageTests],
  };
}

/** Keys waiting for enrolment in the initial state of the second private group. */
const WAITING_KEY_ID = 250;

export function privateDoorWithHistoryGroup(site: SuiteSite): GroupSpec {
  return {
    comment: 'door of dwelling 101 at generation 3, consent epoch 2, key 250 waiting for enrolment',
    lock: site.privateLock(),
    state: site.state({ tenant: { keyId: TENANT_KEY_ID, generation: 3, consentEpoch: 2, enrolment: [WAITING_KEY_ID] } }),
    tests: [
      {
        comment: 'a contractor with a token of epoch 2 opens',
        flags: ['Consent', 'InitialState'],
        expect: Reason.Ok,
        run: (ctx) => void worker(ctx, 251).insert(ctx.lock),
      },
      {
        comment: 'a contractor with a token of epoch 0 is refused: consent was withdrawn twice',
        flags: ['ConsentWithdrawn', 'InitialState'],
        expect: Reason.ConsentWithdrawn,
        run: (ctx) => void worker(ctx, 252, { epoch: 0 }).insert(ctx.lock),
      },
      {
        comment: 'the key waiting for enrolment receives T at its first insertion',
        flags: ['Enrolment', 'InitialState'],
        expect: Reason.Ok,
        run: (ctx) => void ctx.key({ keyId: WAITING_KEY_ID, role: Role.ExtraKey }).insert(ctx.lock),
      },
      {
        comment: 'a resident key of generation 2 is refused: the dwelling is at generation 3',
        flags: ['TenantChange', 'InitialState'],
        expect: Reason.TenantChanged,
        run: (ctx) => void ctx.key({ keyId: 253, generation: 2 }).insert(ctx.lock),
      },
    ],
  };
}

export function moveInGroup(site: SuiteSite): GroupSpec {
  return {
    comment: 'door of dwelling 101 before its first tenant (generation 0, no T)',
    lock: site.privateLock(),
    state: site.state(),
    tests: [
      {
        comment: 'the first tenant\'s resident key of generation 1 moves in and receives T',
        flags: ['TenantChange', 'Role'],
        expect: Reason.Ok,
        run: (ctx) => void ctx.key({ keyId: 260, generation: 1, dwellingId: DWELLING_A }).insert(ctx.lock),
      },
      {
        comment: 'an extra key cannot move in: only a resident key makes a tenant change',
        flags: ['TenantChange', 'Role'],
        expect: Reason.NoTenantProof,
        run: (ctx) => void ctx.key({ keyId: 261, role: Role.ExtraKey, generation: 1 }).insert(ctx.lock),
      },
      {
        comment: 'an emergency key opens a door with no tenant yet',
        flags: ['Emergency', 'Role'],
        expect: Reason.Ok,
        run: (ctx) => void ctx.key({ keyId: 262, role: Role.Emergency, dwellingId: 0, generation: 0 }).insert(ctx.lock),
      },
    ],
  };
}
