/**
 * The front door with an empty blocklist: every role, every check of a credential and a session,
 * malformed and unexpected frames, replays, time moved back and far forward, and energy starvation
 * at each step of an insertion.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import {
  AUTH_CREDENTIAL, AUTH_PARTS, Command, CRED_FLAGS, CRED_ROLE, DELTA_ENTRIES, FRAME_MAX_BYTES, FrameType, HELLO_BYTES,
} from '../../../firmware/protocol.js';
import { ManagementSystem } from '../../management/management-system.js';
import { WRITES } from '../../reference/energy-rule.js';
import { siteKeys } from '../../protocol/key-hierarchy.js';
import { encodeAuth, encodeCredential, encodeDelta, encodeHello, encodeVoucher } from '../../protocol/frames.js';
import { COMMON_LOCK_ID, DWELLING_A, PRIVATE_LOCK_ID, SITE_ID, type GroupSpec, type SuiteSite, type TestSpec } from './site.js';
import type { TestContext } from './test-context.js';

const ROLE_NAMES: Record<Role, string> = {
  [Role.Resident]: 'a resident key',
  [Role.ExtraKey]: 'an extra key',
  [Role.Contractor]: 'a contractor\'s key',
  [Role.CareWorker]: 'a care worker\'s key',
  [Role.Emergency]: 'an emergency key',
  [Role.Programming]: 'a programming key',
};

/** Role by role at the front door: every role but programming opens a common door. */
const roleTests: TestSpec[] = [
  { role: Role.Resident, expect: Reason.Ok },
  { role: Role.ExtraKey, expect: Reason.Ok },
  { role: Role.Contractor, expect: Reason.Ok },
  { role: Role.CareWorker, expect: Reason.Ok },
  { role: Role.Emergency, expect: Reason.Ok },
  { role: Role.Programming, expect: Reason.RoleNotAllowed },
].map(({ role, expect }) => ({
  comment: `${ROLE_NAMES[role]} at the front door (${expect === Reason.Ok ? 'opens: a common door needs no tenant proof or consent' : 'programming keys open no door'})`,
  flags: ['Role'],
  expect,
  run: (ctx) => {
    ctx.key({ keyId: 10 + role, role, dwellingId: role === Role.Resident || role === Role.ExtraKey ? DWELLING_A : 0 }).insert(ctx.lock);
  },
}));

/** An AUTH frame for `keyId` in a fresh session (power-up, HELLO), not sent: the caller changes or keeps it. */
function authFrame(ctx: TestContext, keyId = 40): Uint8Array {
  const binding = ctx.hello(keyId);
  const credential = ctx.management.issueCredential(ctx.credentialRequest({ keyId }));
  return encodeAuth({ credential }, binding, ctx.management.keyKeyFor(keyId));
}

const tampered = (frame: Uint8Array, offset: number, value: number) => {
  const copy = frame.slice();
  copy[offset] = value;
  return copy;
};

const credentialTests: TestSpec[] = [
  {
    comment: 'a credential whose validFrom is after the session time',
    flags: ['Window'],
    expect: Reason.NotYetValid,
    run: (ctx) => void ctx.key({ keyId: 30, validFromMinutes: ctx.minutes(0, 601) }).insert(ctx.lock),
  },
  {
    comment: 'a credential that expired before the mark',
    flags: ['Window'],
    expect: Reason.Expired,
    run: (ctx) => void ctx.key({ keyId: 31, issuedAtMinutes: ctx.minutes(-100), validUntilMinutes: ctx.minutes(0) }).insert(ctx.lock),
  },
  {
    comment: 'a credential that expires a minute into the mark\'s day still opens: the lock knows only its day-granular mark',
    flags: ['Window'],
    expect: Reason.Ok,
    run: (ctx) => void ctx.key({ keyId: 32, issuedAtMinutes: ctx.minutes(-100), validUntilMinutes: ctx.minutes(0, 1) }).insert(ctx.lock),
  },
  {
    comment: 'a credential whose groups do not include the door',
    flags: ['Credential'],
    expect: Reason.NoAccessGroup,
    run: (ctx) => void ctx.key({ keyId: 33, groups: [DWELLING_A] }).insert(ctx.lock),
  },
  {
    comment: 'a credential of another key than HELLO\'s',
    flags: ['Credential'],
    expect: Reason.KeyMismatch,
    run: (ctx) => {
      const binding = ctx.hello(34);
      ctx.auth(34, binding, { credential: ctx.management.issueCredential(ctx.credentialRequest({ keyId: 35 })) });
    },
  },
  {
    comment: 'a credential of another site',
    flags: ['Credential'],
    expect: Reason.WrongSite,
    run: (ctx) => {
      const other = new ManagementSystem({ siteKey: ctx.config.siteKey, siteId: SITE_ID + 1 });
      const binding = ctx.hello(36);
      ctx.auth(36, binding, { credential: other.issueCredential(ctx.credentialRequest({ keyId: 36 })) });
    },
  },
  {
    comment: 'a credential whose issuer MAC is made with another K_iss',
    flags: ['Credential'],
    expect: Reason.BadIssuerMac,
    run: (ctx) => {
      const forged = encodeCredential({ ...ctx.credentialRequest({ keyId: 37 }), siteId: SITE_ID, phone: false }, siteKeys(new Uint8Array(16), SITE_ID).kIss);
      ctx.auth(37, ctx.hello(37), { credential: forged });
    },
  },
  {
    comment: 'an AUTH whose key MAC is made with another key\'s K_key',
    flags: ['Credential'],
    expect: Reason.BadKeyMac,
    run: (ctx) => {
      const binding = ctx.hello(38);
      ctx.send(encodeAuth({ credential: ctx.management.issueCredential(ctx.credentialRequest({ keyId: 38 })) }, binding, ctx.management.keyKeyFor(39)));
    },
  },
  {
    comment: 'a credential of version 2',
    flags: ['Credential'],
    expect: Reason.UnsupportedVersion,
    run: (ctx) => {
      const binding = ctx.hello(41);
      const credential = encodeCredential({ ...ctx.credentialRequest({ keyId: 41 }), siteId: SITE_ID, phone: false, version: 2 }, siteKeys(ctx.config.siteKey, SITE_ID).kIss);
      ctx.auth(41, binding, { credential });
    },
  },
  {
    comment: 'a HELLO of protocol version 2',
    flags: ['Credential'],
    expect: Reason.UnsupportedVersion,
    run: (ctx) => {
      ctx.lock.powerUp();
      ctx.send(encodeHello({ keyId: 42, keyNonce: new Uint8Array(8), keyFlags: 0, protocolVersion: 2 }));
    },
  },
];

/** Frames sent after a power-up (and HELLO where the frame needs state CHALLENGED). */
const malformedTests: TestSpec[] = [
  { comment: 'an empty frame', frame: () => new Uint8Array(0) },
  { comment: 'a frame one byte over the longest (251 bytes)', frame: () => tampered(new Uint8Array(FRAME_MAX_BYTES + 1), 0, FrameType.Hello) },
  { comment: 'a frame of unknown type 0x7f', frame: () => Uint8Array.of(0x7f, 0, 0) },
  { comment: 'a lock-to-key type (CHALLENGE) sent to the lock', frame: () => new Uint8Array(28).fill(FrameType.Challenge, 0, 1) },
  { comment: 'a HELLO one byte short', frame: () => encodeHello({ keyId: 43, keyNonce: new Uint8Array(8), keyFlags: 0 }).slice(0, HELLO_BYTES - 1) },
].map(({ comment, frame }) => ({
  comment,
  flags: ['Malformed'],
  expect: Reason.Malformed,
  run: (ctx: TestContext) => {
    ctx.lock.powerUp();
    ctx.send(frame());
  },
}));

const malformedInSession: TestSpec[] = [
  { comment: 'an AUTH whose parts byte sets bit 3', change: (auth: Uint8Array) => tampered(auth, AUTH_PARTS, 0x08) },
  { comment: 'an AUTH whose credential has role 7', change: (auth: Uint8Array) => tampered(auth, AUTH_CREDENTIAL + CRED_ROLE, 7) },
  { comment: 'an AUTH whose credential flags set bit 1', change: (auth: Uint8Array) => tampered(auth, AUTH_CREDENTIAL + CRED_FLAGS, 0x02) },
  { comment: 'an AUTH one byte short', change: (auth: Uint8Array) => auth.slice(0, auth.length - 1) },
].map(({ comment, change }) => ({
  comment,
  flags: ['Malformed'],
  expect: Reason.Malformed,
  run: (ctx: TestContext) => void ctx.send(change(authFrame(ctx))),
}));

const deltaMalformed: TestSpec = {
  comment: 'a DELTA whose entry has op 3',
  flags: ['Malformed', 'Blocklist'],
  expect: Reason.Malformed,
  run: (ctx) => {
    ctx.hello(44);
    const delta = encodeDelta({ siteId: SITE_ID, fromVersion: 0, entries: [{ op: 'add', keyId: 45, retireDay: ctx.state.markDay + 10 }] }, siteKeys(ctx.config.siteKey, SITE_ID).kIss);
    ctx.send(tampered(delta, DELTA_ENTRIES, 3));
  },
};

const unexpectedTests: TestSpec[] = [
  {
    comment: 'an AUTH before any HELLO',
    flags: ['UnexpectedFrame'],
    expect: Reason.UnexpectedFrame,
    run: (ctx) => {
      const auth = authFrame(ctx);
      ctx.lock.powerUp();
      ctx.send(auth);
    },
  },
  {
    comment: 'a second AUTH after the decision',
    flags: ['UnexpectedFrame', 'Replay'],
    expect: Reason.UnexpectedFrame,
    run: (ctx) => {
      const auth = authFrame(ctx);
      ctx.send(auth);
      ctx.send(auth);
    },
  },
  {
    comment: 'a COMMAND at a common door after a grant',
    flags: ['UnexpectedFrame', 'TenantCommand'],
    expect: Reason.UnexpectedFrame,
    run: (ctx) => {
      ctx.key({ keyId: 46 }).insert(ctx.lock);
      ctx.send(Uint8Array.of(FrameType.Command, 3, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8));
    },
  },
  {
    comment: 'a DELTA after the decision',
    flags: ['UnexpectedFrame', 'Blocklist'],
    expect: Reason.UnexpectedFrame,
    run: (ctx) => {
      ctx.key({ keyId: 47 }).insert(ctx.lock);
      ctx.send(ctx.management.issueBlocklistDelta([{ op: 'add', keyId: 48, retireDay: ctx.state.markDay + 10 }]));
    },
  },
];

const replayTests: TestSpec[] = [
  {
    comment: 'an AUTH that opened in one session, replayed after the next power-up',
    flags: ['Replay'],
    expect: Reason.BadKeyMac,
    run: (ctx) => {
      const auth = authFrame(ctx, 49);
      ctx.send(auth);
      ctx.hello(49);
      ctx.send(auth);
    },
  },
  {
    comment: 'a HELLO again in the middle of a session: the earlier AUTH no longer fits the new nonce',
    flags: ['Replay'],
    expect: Reason.BadKeyMac,
    run: (ctx) => {
      const auth = authFrame(ctx, 50);
      ctx.hello(50, { powerUp: false });
      ctx.send(auth);
    },
  },
];

const timeTests: TestSpec[] = [
  {
    comment: 'a key issued 100 days before the mark opens, and the mark does not move back',
    flags: ['TimeRollback'],
    expect: Reason.Ok,
    run: (ctx) => void ctx.key({ keyId: 51, validFromMinutes: ctx.minutes(-200), issuedAtMinutes: ctx.minutes(-100) }).insert(ctx.lock),
  },
  {
    comment: 'a key issued 10 days after the mark moves it forward 10 days',
    flags: ['TimeStep'],
    expect: Reason.Ok,
    run: (ctx) => void ctx.key({ keyId: 52, issuedAtMinutes: ctx.minutes(10, 600) }).insert(ctx.lock),
  },
  {
    comment: 'a key issued 100 days after the mark moves it by timeStepMaxDays only, then a second key moves it again',
    flags: ['TimeStep'],
    expect: Reason.Ok,
    run: (ctx) => {
      ctx.key({ keyId: 53, issuedAtMinutes: ctx.minutes(100) }).insert(ctx.lock);
      ctx.key({ keyId: 54, issuedAtMinutes: ctx.minutes(100) }).insert(ctx.lock);
    },
  },
  {
    comment: 'a key whose window starts beyond what one session may step is not yet valid, however far ahead its issue time',
    flags: ['TimeStep', 'Window'],
    expect: Reason.NotYetValid,
    run: (ctx) => void ctx.key({ keyId: 55, validFromMinutes: ctx.minutes(60), issuedAtMinutes: ctx.minutes(60) }).insert(ctx.lock),
  },
  {
    comment: 'a voucher of the dwelling door five days ahead moves the front door\'s mark',
    flags: ['Voucher'],
    expect: Reason.Ok,
    run: (ctx) => {
      const voucher = encodeVoucher({ day: ctx.state.markDay + 5, lockId: PRIVATE_LOCK_ID }, siteKeys(ctx.config.siteKey, SITE_ID).kTime);
      const binding = ctx.hello(56);
      ctx.auth(56, binding, { credential: ctx.management.issueCredential(ctx.credentialRequest({ keyId: 56 })), voucher });
    },
  },
  {
    comment: 'a voucher with a wrong MAC is ignored: the key opens, the mark stays',
    flags: ['Voucher'],
    expect: Reason.Ok,
    run: (ctx) => {
      const voucher = encodeVoucher({ day: ctx.state.markDay + 5, lockId: COMMON_LOCK_ID }, new Uint8Array(16));
      const binding = ctx.hello(57);
      ctx.auth(57, binding, { credential: ctx.management.issueCredential(ctx.credentialRequest({ keyId: 57 })), voucher });
    },
  },
];

const energyTests: TestSpec[] = [
  {
    comment: 'HELLO with the gauge at zero is answered (a CHALLENGE commits nothing), and the grant with the release in hand opens',
    flags: ['EnergyStarvation'],
    expect: Reason.Ok,
    run: (ctx) => {
      const key = ctx.key({ keyId: 60 });
      ctx.energyNj = 0;
      const binding = ctx.hello(60);
      ctx.energyNj = ctx.costNj([], true);
      ctx.auth(60, binding, { credential: key.credential });
    },
  },
  {
    comment: 'a grant one nanojoule short of the release is refused, and nothing is written',
    flags: ['EnergyStarvation'],
    expect: Reason.InsufficientEnergy,
    run: (ctx) => {
      ctx.energyNj = ctx.costNj([], true) - 1;
      ctx.key({ keyId: 61 }).insert(ctx.lock);
    },
  },
  {
    comment: 'a grant that moves the mark needs the state write as well: one nanojoule short it is refused, with it the key opens',
    flags: ['EnergyStarvation', 'TimeStep'],
    expect: Reason.Ok,
    run: (ctx) => {
      const key = ctx.key({ keyId: 62, issuedAtMinutes: ctx.minutes(3) });
      ctx.energyNj = ctx.costNj(WRITES.state, true) - 1;
      key.insert(ctx.lock);
      ctx.energyNj = ctx.costNj(WRITES.state, true);
      key.insert(ctx.lock);
    },
  },
  {
    comment: 'a refusal that cannot afford to write the mark keeps its reason and the stored mark',
    flags: ['EnergyStarvation', 'TimeStep'],
    expect: Reason.NoAccessGroup,
    run: (ctx) => {
      ctx.energyNj = ctx.costNj(WRITES.state, false) - 1;
      ctx.key({ keyId: 63, groups: [DWELLING_A], issuedAtMinutes: ctx.minutes(20) }).insert(ctx.lock);
    },
  },
];

/**
 * §7.6 step 5a: an AUTH later than the relay bound allows (the profile's net bound plus the link's
 * own time) is refused. Every other test's AUTH comes at the link's pace and passes it.
 */
const relayTests: TestSpec[] = [
  {
    comment: 'an AUTH delayed by as much as the contact allowance again (a relay on the way) is refused with ResponseTooLate',
    flags: ['Relay'],
    expect: Reason.ResponseTooLate,
    run: (ctx) => {
      const frame = authFrame(ctx, 62);
      ctx.delayNextFrame(ctx.config.relay!.contact.baseUs);
      ctx.send(frame);
    },
  },
];

/** §9.4: a common door keeps no log, whatever the image: LOG_READ_OWN after a grant is answered LogAbsent. */
const accessLogTests: TestSpec[] = [
  {
    comment: 'a key asks the front door for its own log entries: a common door keeps no log (LogAbsent)',
    flags: ['AccessLog'],
    expect: Reason.LogAbsent,
    run: (ctx) => {
      ctx.key({ keyId: 61, dwellingId: DWELLING_A }).insert(ctx.lock, { commands: [{ command: Command.LogReadOwn, argument: 0 }] });
    },
  },
];

const emptyBlocklistTests: TestSpec[] = [
  {
    comment: 'the empty blocklist\'s first delta (0 → 1) blocks the key that carries it',
    flags: ['Blocklist', 'BlocklistBoundary'],
    expect: Reason.Blocked,
    run: (ctx) => {
      const key = ctx.key({ keyId: 64 });
      key.carryDelta(ctx.management.issueBlocklistDelta([{ op: 'add', keyId: 64, retireDay: ctx.state.markDay + 365 }]));
      key.insert(ctx.lock);
    },
  },
];

export function commonDoorGroup(site: SuiteSite): GroupSpec {
  return {
    comment: 'front door (common lock of group 10), empty blocklist, no generation table',
    lock: site.commonLock(),
    state: site.state(),
    tests: [...roleTests, ...credentialTests, ...malformedTests, ...malformedInSession, deltaMalformed, ...unexpectedTests, ...replayTests, ...timeTests, ...energyTests, ...relayTests, ...accessLogTests, ...emptyBlocklistTests],
  };
}

export function unprovisionedGroup(site: SuiteSite): GroupSpec {
  const refused = (comment: string, frame: (ctx: TestContext) => Uint8Array): TestSpec => ({
    comment,
    flags: ['NotProvisioned'],
    expect: Reason.NotProvisioned,
    run: (ctx) => {
      ctx.lock.powerUp();
      ctx.send(frame(ctx));
    },
  });
  return {
    comment: 'a front door fresh from the factory, never provisioned',
    lock: site.commonLock(),
    state: site.state({ provisioned: false }),
    tests: [
      refused('a HELLO to a lock never provisioned', () => encodeHello({ keyId: 70, keyNonce: new Uint8Array(8), keyFlags: 0 })),
      refused('a malformed frame to a lock never provisioned: NotProvisioned comes first', () => Uint8Array.of(0x7f)),
    ],
  };
}
