/**
 * The blocklist (PROTOCOL.md §7.6 step 6, §8) from an initial state that the setup's deltas
 * established: its first and last entries and the keyIds beside them, deltas that add, remove,
 * come too late or too early, are forged or of another site, a full list, and a run of deltas cut by
 * a power loss.
 */
import { Reason } from '../../../firmware/abi.js';
import { ManagementSystem } from '../../management/management-system.js';
import { decodeDeltaAck, type DeltaEntry } from '../../protocol/frames.js';
import { STAGING_WRITES } from '../../reference/energy-rule.js';
import { SITE_ID, type GroupSpec, type SuiteSite, type TestSpec } from './site.js';
import { blocklistStorageTests } from './storage-failure.js';
import type { TestContext } from './test-context.js';

/** The listed keyIds of the blocklist group: first, one in the middle, last. */
const FIRST_BLOCKED = 5000;
const MIDDLE_BLOCKED = 7777;
const LAST_BLOCKED = 90000;
/** Entries retire a year after the mark. */
const RETIRE_AFTER_DAYS = 365;
/** The initial version: more deltas than its entries need, so that setup pads with deltas that change nothing. */
const INITIAL_VERSION = 3;

const insertKey = (keyId: number, expect: Reason, comment: string): TestSpec => ({
  comment,
  flags: ['Blocklist', 'BlocklistBoundary', 'InitialState'],
  expect,
  run: (ctx) => void ctx.key({ keyId }).insert(ctx.lock),
});

/** A key carrying `deltas`, sent in one insertion. */
function carry(ctx: TestContext, keyId: number, deltas: Uint8Array[]) {
  const key = ctx.key({ keyId });
  for (const delta of deltas) key.carryDelta(delta);
  return key.insert(ctx.lock);
}

const add = (ctx: TestContext, keyId: number): DeltaEntry => ({ op: 'add', keyId, retireDay: ctx.state.markDay + RETIRE_AFTER_DAYS });

const listedTests: TestSpec[] = [
  insertKey(FIRST_BLOCKED, Reason.Blocked, 'the first entry of the blocklist is blocked'),
  insertKey(LAST_BLOCKED, Reason.Blocked, 'the last entry of the blocklist is blocked'),
  insertKey(MIDDLE_BLOCKED, Reason.Blocked, 'an entry in the middle of the blocklist is blocked'),
  insertKey(FIRST_BLOCKED - 1, Reason.Ok, 'the keyId just before the first entry opens'),
  insertKey(LAST_BLOCKED + 1, Reason.Ok, 'the keyId just after the last entry opens'),
  insertKey(MIDDLE_BLOCKED + 1, Reason.Ok, 'a keyId between two entries opens'),
];

const deltaTests: TestSpec[] = [
  {
    comment: 'a delta adding a key blocks it in the same insertion',
    flags: ['Blocklist'],
    expect: Reason.Blocked,
    run: (ctx) => void carry(ctx, 100, [ctx.management.issueBlocklistDelta([add(ctx, 100)])]),
  },
  {
    comment: 'a delta removing the middle entry lets that key in',
    flags: ['Blocklist', 'InitialState'],
    expect: Reason.Ok,
    run: (ctx) => void carry(ctx, MIDDLE_BLOCKED, [ctx.management.issueBlocklistDelta([{ op: 'remove', keyId: MIDDLE_BLOCKED, retireDay: 0 }])]),
  },
  {
    comment: 'a delta the lock already has (a rollback to version 2) is refused as stale',
    flags: ['Blocklist', 'InitialState'],
    expect: Reason.DeltaStale,
    run: (ctx) => {
      ctx.hello(101);
      ctx.send(ctx.management.deltasSince(INITIAL_VERSION - 1)[0]!);
    },
  },
  {
    comment: 'a delta beyond the next one leaves a gap and is refused',
    flags: ['Blocklist'],
    expect: Reason.DeltaGap,
    run: (ctx) => {
      ctx.management.issueBlocklistDelta([add(ctx, 102)]);
      const next = ctx.management.issueBlocklistDelta([add(ctx, 103)]);
      ctx.hello(104);
      ctx.send(next);
    },
  },
  {
    comment: 'a delta whose MAC is wrong is refused',
    flags: ['Blocklist'],
    expect: Reason.DeltaBadMac,
    run: (ctx) => {
      const delta = ctx.management.issueBlocklistDelta([add(ctx, 105)]);
      delta[delta.length - 1]! ^= 0x01;
      ctx.hello(105);
      ctx.send(delta);
    },
  },
  {
    comment: 'a delta of another site is refused',
    flags: ['Blocklist'],
    expect: Reason.WrongSite,
    run: (ctx) => {
      const other = new ManagementSystem({ siteKey: ctx.config.siteKey, siteId: SITE_ID + 1 });
      for (let v = 0; v < INITIAL_VERSION; v++) other.issueBlocklistDelta([add(ctx, 106)]);
      ctx.hello(106);
      ctx.send(other.issueBlocklistDelta([add(ctx, 107)]));
    },
  },
  {
    comment: 'a run of two deltas cut by a power loss after the first: the next insertion finds the first applied and carries on',
    flags: ['Blocklist', 'InterruptedDelta'],
    expect: Reason.Blocked,
    run: (ctx) => {
      const first = ctx.management.issueBlocklistDelta([add(ctx, 108)]);
      const second = ctx.management.issueBlocklistDelta([add(ctx, 109)]);
      ctx.hello(109);
      ctx.send(first);
      // The power is lost here: the key is pulled before it sends the second delta and AUTH.
      carry(ctx, 108, [first, second]);
    },
  },
  {
    comment: 'a delta with the gauge at zero is refused with InsufficientEnergy and changes nothing: its staging is priced like every commit (§7.10)',
    flags: ['Blocklist', 'EnergyStarvation'],
    expect: Reason.InsufficientEnergy,
    run: (ctx) => {
      const delta = ctx.management.issueBlocklistDelta([add(ctx, 110)]);
      ctx.hello(111);
      ctx.energyNj = 0;
      ctx.send(delta);
    },
  },
  {
    comment: 'deltas in one session fill the staging (the setup\'s own deltas are staged too) on energy for their staging alone, none spare for a merge step: the next is refused with DeltaBusy (§8)',
    flags: ['Blocklist', 'EnergyStarvation'],
    expect: Reason.DeltaBusy,
    run: (ctx) => {
      const deltas = [112, 113, 114, 115, 116].map((keyId) => ctx.management.issueBlocklistDelta([add(ctx, keyId)]));
      ctx.hello(117);
      ctx.energyNj = ctx.costNj(STAGING_WRITES, false);
      for (const delta of deltas) if (decodeDeltaAck(ctx.send(delta)).reason !== Reason.Ok) break;
    },
  },
  {
    comment: 'a delta carrying an entry that retired before the mark drops it at once',
    flags: ['Blocklist'],
    expect: Reason.Ok,
    run: (ctx) => void carry(ctx, 112, [ctx.management.issueBlocklistDelta([{ op: 'add', keyId: 112, retireDay: ctx.state.markDay - 1 }])]),
  },
];

export function blocklistGroup(site: SuiteSite): GroupSpec {
  const retireDay = site.state().markDay + RETIRE_AFTER_DAYS;
  return {
    comment: `front door whose blocklist is at version ${INITIAL_VERSION} with keys ${FIRST_BLOCKED}, ${MIDDLE_BLOCKED} and ${LAST_BLOCKED}`,
    lock: site.commonLock(),
    state: site.state({
      blocklist: { version: INITIAL_VERSION, entries: [FIRST_BLOCKED, MIDDLE_BLOCKED, LAST_BLOCKED].map((keyId) => ({ keyId, retireDay })) },
    }),
    tests: [...listedTests, ...deltaTests, ...blocklistStorageTests],
  };
}

/** A small capacity, so that a full list is reached in a few deltas. */
const FULL_CAPACITY = 4;

export function fullBlocklistGroup(site: SuiteSite): GroupSpec {
  const retireDay = site.state().markDay + RETIRE_AFTER_DAYS;
  const listed = [300, 301, 302, 303];
  return {
    comment: `front door provisioned for ${FULL_CAPACITY} blocklist entries, all used (version 1)`,
    lock: site.commonLock({ blocklistCapacity: FULL_CAPACITY }),
    state: site.state({ blocklist: { version: 1, entries: listed.map((keyId) => ({ keyId, retireDay })) } }),
    tests: [
      {
        comment: 'a delta adding a fifth entry to a full list is refused, and the key it names still opens',
        flags: ['Blocklist', 'BlocklistFull', 'InitialState'],
        expect: Reason.Ok,
        run: (ctx) => {
          const outcome = carry(ctx, 304, [ctx.management.issueBlocklistDelta([add(ctx, 304)])]);
          if (outcome.deltas[0]?.reason !== Reason.BlocklistFull) throw new Error('the fifth entry was not refused');
        },
      },
      {
        comment: 'the refusal itself: DELTA_ACK BlocklistFull',
        flags: ['Blocklist', 'BlocklistFull', 'InitialState'],
        expect: Reason.BlocklistFull,
        run: (ctx) => {
          ctx.hello(305);
          ctx.send(ctx.management.issueBlocklistDelta([add(ctx, 305)]));
        },
      },
      {
        comment: 'a removal makes room in a full list once merged (at the AUTH of the insertion that staged it): the next insertion stages an addition, which blocks its key',
        flags: ['Blocklist', 'BlocklistFull', 'InitialState'],
        expect: Reason.Blocked,
        run: (ctx) => {
          const deltas = [ctx.management.issueBlocklistDelta([{ op: 'remove', keyId: 300, retireDay: 0 }]), ctx.management.issueBlocklistDelta([add(ctx, 306)])];
          const first = carry(ctx, 306, deltas);
          if (first.deltas[1]?.reason !== Reason.BlocklistFull) throw new Error('the addition was staged before the removal was merged');
          carry(ctx, 306, deltas);
        },
      },
      {
        comment: 'the last entry of a full list is blocked',
        flags: ['Blocklist', 'BlocklistBoundary', 'InitialState'],
        expect: Reason.Blocked,
        run: (ctx) => void ctx.key({ keyId: listed[listed.length - 1]! }).insert(ctx.lock),
      },
    ],
  };
}
