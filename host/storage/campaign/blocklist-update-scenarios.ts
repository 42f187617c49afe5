/**
 * The blocklist's updates (STORAGE.md, "Blocklist"): a delta staged in a session that spares no
 * energy for the merge, a merge step that pays for 4 chunks, and a merge's last step. Each starts
 * from a list of 320 entries and a delta of 12 keys added and 4 removed, so that the merge writes
 * 20 chunks of 16 entries and one of 8.
 */
import { Role } from '../../../firmware/abi.js';
import { WRITE_STATE_BYTES } from '../../../firmware/protocol.js';
import type { KeyDevice } from '../../keys/key-device.js';
import type { LockTarget } from '../../lock/lock-target.js';
import type { DeltaEntry } from '../../protocol/frames/delta.js';
import { encodeHello } from '../../protocol/frames.js';
import type { EnergyPrices } from '../../protocol/frames/provisioning-record.js';
import { energyPrices } from '../../physics/energy-prices.js';
import { pagesFor } from '../../reference/energy-rule.js';
import { INSTALL_DAY, minutesAt, type CampaignSite } from './campaign-site.js';
import { expectDeltasApplied, expectGrant, type SetGauge, type UpdateScenario } from './update-scenario.js';

/** Blocklisted keyIds start here, apart from every key that comes to the locks. */
const BLOCKED_BASE = 2_000_000;
/** Entries listed before the delta: 20 deltas of 16. */
const LISTED = 320;
const DELTA_ENTRIES = 16;
const NJ_PER_UJ = 1000;
/** A merge step's chunk: 16 entries of 6 bytes, 96 bytes. */
const CHUNK_BYTES = 96;
/** Chunks a limited merge step pays for. */
const STEP_CHUNKS = 4;

/** A key that opens the front door and carries no dwelling: its grant writes nothing but a moved mark. */
const courier = (site: CampaignSite, keyId: number): KeyDevice =>
  site.makeKey({ keyId, role: Role.Contractor, dwellingId: 0, generation: 0, issuedAtMinutes: minutesAt(INSTALL_DAY) });

/**
 * The gauge that keeps a courier's grant at the front door (the release, and the largest commit it
 * could make: the generation table grown to one entry, 2 page writes, and the state) and spares
 * `pages` more for the merge, nJ (PROTOCOL.md §7.10).
 */
function sparing(prices: EnergyPrices, pages: number): number {
  const statePages = pagesFor(WRITE_STATE_BYTES, prices.pageShift);
  const tablePages = pagesFor(6, prices.pageShift);
  return (prices.releaseUj + (statePages + tablePages + pages) * prices.pageWriteUj) * NJ_PER_UJ;
}

/** 320 entries listed (merged on a supply's energy), and the delta issued, carried by `key`. */
function listedAndIssued(site: CampaignSite, lock: LockTarget, key: KeyDevice): Uint8Array {
  const retireDay = INSTALL_DAY + 365;
  for (let at = 0; at < LISTED; at += DELTA_ENTRIES) {
    key.carryDelta(site.management.issueBlocklistDelta(Array.from({ length: DELTA_ENTRIES }, (_, i): DeltaEntry => ({ op: 'add', keyId: BLOCKED_BASE + 10 * (at + i), retireDay }))));
  }
  expectDeltasApplied(key.insert(lock), LISTED / DELTA_ENTRIES, 'filling the blocklist');
  const delta = site.management.issueBlocklistDelta([
    ...Array.from({ length: 12 }, (_, i): DeltaEntry => ({ op: 'add', keyId: BLOCKED_BASE + 10 * 16 * i + 5, retireDay })),
    ...Array.from({ length: 4 }, (_, i): DeltaEntry => ({ op: 'remove', keyId: BLOCKED_BASE + 10 * (40 * i + 7), retireDay: 0 })),
  ]);
  key.carryDelta(delta);
  return delta;
}

/** The delta staged by a HELLO and the DELTA alone: no AUTH, so no merge step. */
function stageAlone(lock: LockTarget, delta: Uint8Array): void {
  lock.powerUp();
  lock.receive(encodeHello({ keyId: 41, keyNonce: new Uint8Array(8), keyFlags: 0 }));
  lock.receive(delta);
}

export const BLOCKLIST_UPDATE_SCENARIOS: readonly UpdateScenario[] = [
  {
    name: 'blocklist delta staged',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      const key = courier(site, 41);
      listedAndIssued(site, lock, key);
      return (updated) => expectDeltasApplied(key.insert(updated), 1, 'the delta staged');
    },
    updateEnergyNj: (prices) => sparing(prices, 0),
  },
  {
    name: 'blocklist merge step',
    door: 'common',
    provisioned: true,
    prepare: (site, lock) => {
      const key = courier(site, 42);
      stageAlone(lock, listedAndIssued(site, lock, key));
      return (updated) => expectGrant(key.insert(updated), 'a merge step of 4 chunks');
    },
    updateEnergyNj: (prices) => sparing(prices, STEP_CHUNKS * pagesFor(CHUNK_BYTES, prices.pageShift) + pagesFor(WRITE_STATE_BYTES, prices.pageShift)),
  },
  {
    name: "blocklist merge's last step",
    door: 'common',
    provisioned: true,
    prepare: (site, lock, gauge: SetGauge) => {
      const key = courier(site, 43);
      stageAlone(lock, listedAndIssued(site, lock, key));
      // Five steps of 4 chunks write the first 320 entries of the 328.
      const prices = energyPrices(site.profile);
      gauge.nj = sparing(prices, STEP_CHUNKS * pagesFor(CHUNK_BYTES, prices.pageShift) + pagesFor(WRITE_STATE_BYTES, prices.pageShift));
      for (let step = 0; step < 5; step++) expectGrant(key.insert(lock), `merge step ${step + 1}`);
      return (updated) => expectGrant(key.insert(updated), "the merge's last step");
    },
  },
];
