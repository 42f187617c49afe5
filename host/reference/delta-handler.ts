/** A DELTA in state CHALLENGED (PROTOCOL.md §8): checks in the order given there, then applies. */
import { Reason } from '../../firmware/abi.js';
import type { EnergyGauge } from '../firmware/hal-devices.js';
import type { CryptoBackend } from '../protocol/crypto-backend.js';
import { decodeDelta, verifyDeltaMac, type DeltaEntry } from '../protocol/frames/delta.js';
import type { DeltaAck } from '../protocol/frames/delta-ack.js';
import type { NvmWriteFault } from '../devices/failing-nvm.js';
import { blocklistAfter } from './blocklist.js';
import { blocklistMergeWrites, holdsFor } from './energy-rule.js';
import type { LockMemory } from './lock-memory.js';

/**
 * The firmware writes the merged list into the other area this many entries at a time (its 96-byte
 * merge buffer of 6-byte entries, docs/STORAGE.md): when its NVM refuses writes, the first write
 * fails once this many entries are merged, before a longer list meets the capacity.
 */
const MERGE_WRITE_ENTRIES = 16;

/**
 * The DELTA_ACK for `frame`, the blocklist changed only with Ok. A wrong length or op throws
 * FrameError (Malformed): like every frame the lock cannot place, it is answered with ERROR (§5).
 * The merge is priced (§7.10) at the longest list it can leave: every entry kept and every keyId
 * the delta adds added, up to the capacity. The capacity is checked against the list the delta
 * would leave, after dropping retired entries. While the NVM refuses writes, a delta the lock can
 * pay for is refused with StorageFailure instead (§10).
 */
export function handleDelta(frame: Uint8Array, memory: LockMemory, backend: CryptoBackend, energy: EnergyGauge, nvm: NvmWriteFault = { writesFail: false }): DeltaAck {
  const delta = decodeDelta(frame);
  const refuse = (reason: Reason): DeltaAck => ({ reason, blocklistVersion: memory.blocklistVersion });
  if (delta.siteId !== memory.config.siteId) return refuse(Reason.WrongSite);
  if (!verifyDeltaMac(frame, memory.config.keys.kIss, backend)) return refuse(Reason.DeltaBadMac);
  if (delta.fromVersion < memory.blocklistVersion) return refuse(Reason.DeltaStale);
  if (delta.fromVersion > memory.blocklistVersion) return refuse(Reason.DeltaGap);
  const longest = Math.min(memory.blocklist.length + keyIdsAdded(delta.entries), memory.config.blocklistCapacity);
  if (!holdsFor(energy, memory.config.energy, blocklistMergeWrites(longest), false)) return refuse(Reason.InsufficientEnergy);
  const blocklist = blocklistAfter(memory.blocklist, delta.entries, memory.markDay);
  const capacity = memory.config.blocklistCapacity;
  if (nvm.writesFail) return refuse(blocklist.length > capacity && capacity < MERGE_WRITE_ENTRIES ? Reason.BlocklistFull : Reason.StorageFailure);
  if (blocklist.length > capacity) return refuse(Reason.BlocklistFull);
  memory.blocklist = blocklist;
  memory.blocklistVersion = delta.fromVersion + 1;
  return { reason: Reason.Ok, blocklistVersion: memory.blocklistVersion };
}

/** The keyIds whose last entry in the delta is an add. */
function keyIdsAdded(entries: readonly DeltaEntry[]): number {
  const lastOp = new Map(entries.map((entry) => [entry.keyId, entry.op]));
  return [...lastOp.values()].filter((op) => op === 'add').length;
}
