/** A DELTA in state CHALLENGED (PROTOCOL.md §8): checks in the order given there, then stages. */
import { Reason } from '../../firmware/abi.js';
import { STAGED_DELTAS_MAX } from '../../firmware/protocol.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { decodeDelta, verifyDeltaMac } from '../protocol/frames/delta.js';
import type { DeltaAck } from '../protocol/frames/delta-ack.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';
import { addEntries } from './blocklist.js';
import { largestCommitPages, runMergeSteps } from './blocklist-merge.js';
import { holdsFor, pagesFor, STAGING_WRITES } from './energy-rule.js';
import type { LockMemory } from './lock-memory.js';

/**
 * The DELTA_ACK for `frame`. A wrong length or op throws FrameError (Malformed): like every frame
 * the lock cannot place, it is answered with ERROR (§5). A delta in sequence is staged: DeltaBusy
 * while STAGED_DELTAS_MAX are, InsufficientEnergy, BlocklistFull when the active list, every staged
 * add entry and the delta's could exceed the capacity, StorageFailure while the NVM refuses writes;
 * with Ok its version counts at once. The merge runs at the AUTH (decision.ts, step 6), and here
 * when every slot is taken.
 */
export function handleDelta(frame: Uint8Array, memory: LockMemory, backend: CryptoBackend, energy: EnergyGauge, nvm: NvmWriteFault = { writesFail: false }): DeltaAck {
  const delta = decodeDelta(frame);
  const refuse = (reason: Reason): DeltaAck => ({ reason, blocklistVersion: memory.blocklistVersion });
  if (delta.siteId !== memory.config.siteId) return refuse(Reason.WrongSite);
  if (!verifyDeltaMac(frame, memory.config.keys.kIss, backend)) return refuse(Reason.DeltaBadMac);
  if (delta.fromVersion < memory.blocklistVersion) return refuse(Reason.DeltaStale);
  if (delta.fromVersion > memory.blocklistVersion) return refuse(Reason.DeltaGap);
  if (memory.staging.length >= STAGED_DELTAS_MAX) {
    // A merge step first, keeping the session's AUTH (its largest commit and a log entry) and this staging.
    const { pageShift } = memory.config.energy;
    const stagingPages = STAGING_WRITES.reduce((sum, bytes) => sum + pagesFor(bytes, pageShift), 0);
    runMergeSteps(memory, energy, largestCommitPages(memory, true) + stagingPages, nvm.writesFail);
    if (memory.staging.length >= STAGED_DELTAS_MAX) return refuse(Reason.DeltaBusy);
  }
  if (!holdsFor(energy, memory.config.energy, STAGING_WRITES, false)) return refuse(Reason.InsufficientEnergy);
  const stagedAdds = memory.staging.reduce((sum, staged) => sum + addEntries(staged.entries), 0);
  if (memory.blocklist.length + stagedAdds + addEntries(delta.entries) > memory.config.blocklistCapacity) return refuse(Reason.BlocklistFull);
  if (nvm.writesFail) return refuse(Reason.StorageFailure);
  memory.staging.push({ version: delta.fromVersion + 1, entries: [...delta.entries] });
  memory.blocklistVersion = delta.fromVersion + 1;
  return { reason: Reason.Ok, blocklistVersion: memory.blocklistVersion };
}
