/**
 * The blocklist merge in steps (PROTOCOL.md §7.10, §8; docs/STORAGE.md "Blocklist"), as plain
 * arithmetic on the list the merge leaves. At an AUTH, before the lookup, the lock reads its gauge
 * once and spends what it shows beyond the release and the decision's largest commit: each step
 * writes the next chunks of BLOCKLIST_MOVE_ENTRIES entries that this pays for, then the state; the
 * first chunk shorter than that (none at all when the list is a multiple of it) is the last, and
 * its state the commit.
 */
import { BLOCKLIST_MOVE_ENTRIES, MERGE_DELTAS_MAX, WRITE_BLOCKLIST_ENTRY_BYTES, WRITE_LOG_PAGE_BYTES, WRITE_STATE_BYTES, WRITE_TENANT_SCHEDULE_BYTES } from '../../firmware/protocol.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import { mergedBlocklist } from './blocklist.js';
import { generationTableWrites, pagesFor, spareWritePages } from './energy-rule.js';
import { isPrivateLock, type LockMemory } from './lock-memory.js';

/**
 * §7.10: the page writes of the largest commit a decision can make from step 6 on, its log entry
 * included: at a private lock a tenant change replacing a pending T (the state, T_auth's schedule,
 * the state); at a common lock the generation table grown by one entry (up to its capacity), copied
 * in writes of up to 16 entries, then the state.
 */
export function largestCommitPages(memory: LockMemory, logging: boolean): number {
  const { pageShift } = memory.config.energy;
  const state = pagesFor(WRITE_STATE_BYTES, pageShift);
  const commit = isPrivateLock(memory.config)
    ? 2 * state + pagesFor(WRITE_TENANT_SCHEDULE_BYTES, pageShift)
    : generationTableWrites(Math.min(memory.generationTable.size + 1, memory.config.generationTableCapacity)).reduce((sum, bytes) => sum + pagesFor(bytes, pageShift), 0);
  return commit + (logging ? pagesFor(WRITE_LOG_PAGE_BYTES, pageShift) : 0);
}

/**
 * Merge steps with one reading of `gauge`, keeping the release and `reservePages` page writes. Each
 * committed merge may be followed by the next, of the deltas staged after it. While the NVM refuses
 * writes nothing changes.
 */
export function runMergeSteps(memory: LockMemory, gauge: EnergyGauge, reservePages: number, writesFail: boolean): void {
  const prices = memory.config.energy;
  const statePages = pagesFor(WRITE_STATE_BYTES, prices.pageShift);
  let left = spareWritePages(gauge, prices, prices.releaseUj + reservePages * prices.pageWriteUj);
  while (memory.staging.length > 0 && left >= statePages) {
    const spent = mergeStep(memory, left, statePages, writesFail);
    if (spent === 0) return;
    left -= spent;
  }
}

/** One step within `pages`: the pages it spent when the merge committed, else 0 (it progressed, or could not pay for a chunk). */
function mergeStep(memory: LockMemory, pages: number, statePages: number, writesFail: boolean): number {
  const merge = memory.merge ?? { deltas: Math.min(memory.staging.length, MERGE_DELTAS_MAX), day: memory.markDay, written: 0 };
  const list = mergedBlocklist(memory.blocklist, memory.staging.slice(0, merge.deltas), merge.day);
  const pageShift = memory.config.energy.pageShift;
  let { written } = merge;
  let spent = 0;
  for (;;) {
    const size = Math.min(BLOCKLIST_MOVE_ENTRIES, list.length - written);
    const chunkPages = size > 0 ? pagesFor(size * WRITE_BLOCKLIST_ENTRY_BYTES, pageShift) : 0;
    if (spent + chunkPages + statePages > pages) break;
    if (writesFail) return 0;
    spent += chunkPages;
    written += size;
    if (size < BLOCKLIST_MOVE_ENTRIES) {
      memory.blocklist = list;
      memory.staging = memory.staging.slice(merge.deltas);
      memory.merge = null;
      return spent + statePages;
    }
  }
  if (spent > 0) memory.merge = { ...merge, written };
  return 0;
}
