/**
 * A common door's generation table (PROTOCOL.md §2, §7.6 step 10), established by one grant per
 * dwelling: older generations refused with the day of the change, newer ones raising the entry, new
 * dwellings added at the price of the table they copy into the other area (§7.10, STORAGE.md).
 */
import { Reason } from '../../../firmware/abi.js';
import { generationTableWrites } from '../../reference/energy-rule.js';
import { DWELLING_A, DWELLING_B, type GroupSpec, type SuiteSite } from './site.js';
import { generationTableStorageTests } from './storage-failure.js';

/** A dwelling that sorts after both entries of the table. */
const DWELLING_LATER = 150;
/** A dwelling that sorts before both entries. */
const DWELLING_EARLIER = 50;

export function generationTableGroup(site: SuiteSite): GroupSpec {
  return {
    comment: `front door whose generation table holds dwelling ${DWELLING_A} at generation 2 and ${DWELLING_B} at generation 1`,
    lock: site.commonLock(),
    state: site.state({ generationTable: [{ dwellingId: DWELLING_A, generation: 2 }, { dwellingId: DWELLING_B, generation: 1 }] }),
    tests: [
      {
        comment: `a key of dwelling ${DWELLING_A} at generation 1 is refused: a tenant changed`,
        flags: ['GenerationTable', 'InitialState'],
        expect: Reason.TenantChanged,
        run: (ctx) => void ctx.key({ keyId: 400, dwellingId: DWELLING_A, generation: 1 }).insert(ctx.lock),
      },
      {
        comment: `a key of dwelling ${DWELLING_A} at generation 2 opens`,
        flags: ['GenerationTable', 'InitialState'],
        expect: Reason.Ok,
        run: (ctx) => void ctx.key({ keyId: 401, dwellingId: DWELLING_A, generation: 2 }).insert(ctx.lock),
      },
      {
        comment: `a key of generation 3 raises dwelling ${DWELLING_A}'s entry: then generation 2 is refused`,
        flags: ['GenerationTable', 'TenantChange'],
        expect: Reason.TenantChanged,
        run: (ctx) => {
          ctx.key({ keyId: 402, dwellingId: DWELLING_A, generation: 3, issuedAtMinutes: ctx.minutes(2) }).insert(ctx.lock);
          ctx.key({ keyId: 403, dwellingId: DWELLING_A, generation: 2 }).insert(ctx.lock);
        },
      },
      {
        comment: `a key of dwelling ${DWELLING_B} at generation 1 opens`,
        flags: ['GenerationTable', 'InitialState'],
        expect: Reason.Ok,
        run: (ctx) => void ctx.key({ keyId: 404, dwellingId: DWELLING_B, generation: 1 }).insert(ctx.lock),
      },
      {
        comment: `a new dwelling sorting after the table's entries is added at the price of the three entries copied and the state`,
        flags: ['GenerationTable', 'EnergyStarvation'],
        expect: Reason.Ok,
        run: (ctx) => {
          const key = ctx.key({ keyId: 405, dwellingId: DWELLING_LATER, generation: 1 });
          ctx.energyNj = ctx.costNj(generationTableWrites(3), true) - 1;
          key.insert(ctx.lock);
          ctx.energyNj = ctx.costNj(generationTableWrites(3), true);
          key.insert(ctx.lock);
        },
      },
      {
        comment: 'a new dwelling sorting before both entries, one nanojoule short of copying the table, is refused',
        flags: ['GenerationTable', 'EnergyStarvation', 'InitialState'],
        expect: Reason.InsufficientEnergy,
        run: (ctx) => {
          ctx.energyNj = ctx.costNj(generationTableWrites(3), true) - 1;
          ctx.key({ keyId: 406, dwellingId: DWELLING_EARLIER, generation: 1 }).insert(ctx.lock);
        },
      },
      ...generationTableStorageTests,
    ],
  };
}
