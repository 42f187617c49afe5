/**
 * A lock whose NVM refuses every write (the nvmWrites step, docs/VECTORS.md): what needs a write is
 * refused with StorageFailure and changes nothing (PROTOCOL.md §10); an emergency opening that
 * cannot be recorded does not open (R-EMG-2, §7.6 step 11); a grant that writes nothing still opens.
 * The keys' time is the mark's day, so that no refusal has a mark to write.
 */
import { Reason, Role } from '../../../firmware/abi.js';
import { Command } from '../../../firmware/protocol.js';
import type { DeltaEntry } from '../../protocol/frames.js';
import { DWELLING_A, type TestSpec } from './site.js';
import type { TestContext } from './test-context.js';

const RAISE = { command: Command.RaiseConsentEpoch, argument: 0 };
/** The blocklist entry of the refused delta retires a year after the mark. */
const RETIRE_AFTER_DAYS = 365;

const emergencyKey = (ctx: TestContext, keyId: number) => ctx.key({ keyId, role: Role.Emergency, dwellingId: 0, generation: 0 });

/** At the door of dwelling 101, tenant key 201 at generation 1. */
export const privateDoorStorageTests: TestSpec[] = [
  {
    comment: 'an emergency opening the lock cannot record (every NVM write fails) is refused with StorageFailure: no release',
    flags: ['StorageFailure', 'Emergency', 'Role'],
    expect: Reason.StorageFailure,
    run: (ctx) => {
      ctx.nvmWrites('fail');
      emergencyKey(ctx, 270).insert(ctx.lock);
    },
  },
  {
    comment: 'after an emergency opening refused for a failed write, with writes working again, the tenant\'s grant tells of no opening: nothing was recorded',
    flags: ['StorageFailure', 'Emergency'],
    expect: Reason.Ok,
    run: (ctx) => {
      ctx.nvmWrites('fail');
      emergencyKey(ctx, 271).insert(ctx.lock);
      ctx.nvmWrites('work');
      ctx.tenantKey().insert(ctx.lock);
    },
  },
  {
    comment: 'while NVM writes fail the tenant\'s key still opens (its grant writes nothing), and RAISE_CONSENT_EPOCH is refused with StorageFailure, the epoch unchanged',
    flags: ['StorageFailure', 'TenantCommand'],
    expect: Reason.StorageFailure,
    run: (ctx) => {
      ctx.nvmWrites('fail');
      ctx.tenantKey().insert(ctx.lock, { commands: [RAISE] });
    },
  },
  {
    comment: 'a tenant change the lock cannot store is refused with StorageFailure: the new tenant\'s key receives no T',
    flags: ['StorageFailure', 'TenantChange'],
    expect: Reason.StorageFailure,
    run: (ctx) => {
      ctx.nvmWrites('fail');
      ctx.key({ keyId: 272, dwellingId: DWELLING_A, generation: 2 }).insert(ctx.lock);
    },
  },
];

/** At the front door whose blocklist is at version 3. */
export const blocklistStorageTests: TestSpec[] = [
  {
    comment: 'a delta the lock cannot store is refused with StorageFailure and changes nothing: the key it would block opens',
    flags: ['StorageFailure', 'Blocklist'],
    expect: Reason.Ok,
    run: (ctx) => {
      const entry: DeltaEntry = { op: 'add', keyId: 110, retireDay: ctx.state.markDay + RETIRE_AFTER_DAYS };
      const key = ctx.key({ keyId: 110 });
      key.carryDelta(ctx.management.issueBlocklistDelta([entry]));
      ctx.nvmWrites('fail');
      key.insert(ctx.lock);
    },
  },
];

/** At the front door whose generation table holds dwellings 101 and 102. */
export const generationTableStorageTests: TestSpec[] = [
  {
    comment: 'a newer generation the lock cannot write into its table is refused with StorageFailure: no release',
    flags: ['StorageFailure', 'GenerationTable'],
    expect: Reason.StorageFailure,
    run: (ctx) => {
      ctx.nvmWrites('fail');
      ctx.key({ keyId: 410, dwellingId: DWELLING_A, generation: 3 }).insert(ctx.lock);
    },
  },
];
