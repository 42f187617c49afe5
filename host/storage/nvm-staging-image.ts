/**
 * Decodes the blocklist's staging and the merge in progress (STORAGE.md, "Blocklist") by its own
 * reading of the document: the staging byte and merge fields of the state, the staged slots the
 * state names, and the entries the merge has written into the other area so far.
 */
import { crc32 } from 'node:zlib';
import { MERGE_DELTAS_MAX } from '../../firmware/protocol.js';
import { NvmImageError } from './nvm-image-error.js';
import {
  BLOCKLIST_ENTRY_BYTES, blocklistAreaAddress, SLOT, STAGED_ENTRIES_MAX, STAGED_ENTRY_BYTES, STAGED_SLOT, STAGING_COUNT_SHIFT, STAGING_FIELD_MASK,
  STAGING_MERGED_SHIFT, STAGING_SLOTS, STAGING_START_MASK, stagedSlotAddress,
} from './nvm-layout.js';

export interface StagedEntry {
  op: 'add' | 'remove';
  keyId: number;
  retireDay: number;
}

/** A staged delta: the version it brings the list to, its entries in the delta's order. */
export interface StagedDelta {
  version: number;
  entries: StagedEntry[];
}

/** The merge in progress of the first `deltas` staged deltas. */
export interface MergeInProgress {
  deltas: number;
  /** The mark it drops retired entries by. */
  day: number;
  /** The merged list's entries it has written into the other area (committed by its steps). */
  written: Array<{ keyId: number; retireDay: number }>;
  /** Entries of the active list it has passed. */
  read: number;
  /** Entries of its combined staged deltas it has passed. */
  taken: number;
}

export interface Staging {
  staged: StagedDelta[];
  merge: MergeInProgress | null;
}

const OP_ADD = 1;
const OP_REMOVE = 2;

export interface StagingGeometry {
  blocklistCapacity: number;
  generationTableCapacity: number;
  blocklistArea: number;
  blocklistCount: number;
  blocklistVersion: number;
}

/** The staging the state `slot` names; NvmImageError for fields or slots the lock could not have written. */
export function decodeStaging(image: Uint8Array, slot: Uint8Array, geometry: StagingGeometry): Staging {
  const data = new DataView(slot.buffer, slot.byteOffset, slot.byteLength);
  const byte = slot[SLOT.staging]!;
  const start = byte & STAGING_START_MASK;
  const count = (byte >> STAGING_COUNT_SHIFT) & STAGING_FIELD_MASK;
  const merged = (byte >> STAGING_MERGED_SHIFT) & STAGING_FIELD_MASK;
  if (count > STAGING_SLOTS) throw new NvmImageError(`state: ${count} deltas staged, above ${STAGING_SLOTS}`);
  if (merged > count) throw new NvmImageError(`state: the merge takes in ${merged} deltas of the ${count} staged`);
  const day = data.getUint16(SLOT.mergeDay, true);
  const written = data.getUint16(SLOT.mergeWritten, true);
  const read = data.getUint16(SLOT.mergeRead, true);
  const taken = slot[SLOT.mergeTaken]!;
  if (merged === 0 && (day | written | read | taken) !== 0) throw new NvmImageError('state: merge progress without a merge in progress');
  if (written > geometry.blocklistCapacity) throw new NvmImageError(`state: the merge wrote ${written} entries, above the capacity ${geometry.blocklistCapacity}`);
  if (read > geometry.blocklistCount) throw new NvmImageError(`state: the merge passed ${read} entries of the ${geometry.blocklistCount} listed`);
  if (taken > MERGE_DELTAS_MAX * STAGED_ENTRIES_MAX) throw new NvmImageError(`state: the merge passed ${taken} staged entries, more than ${MERGE_DELTAS_MAX} deltas hold`);
  if (merged > MERGE_DELTAS_MAX) throw new NvmImageError(`state: the merge takes in ${merged} deltas, above ${MERGE_DELTAS_MAX}`);
  const staged = Array.from({ length: count }, (_, i) => decodeStagedSlot(image, stagedSlotAddress((start + i) % STAGING_SLOTS, geometry.blocklistCapacity, geometry.generationTableCapacity), i));
  staged.forEach((delta, i) => {
    const expected = geometry.blocklistVersion - (count - 1 - i);
    if (delta.version !== expected) throw new NvmImageError(`staged delta ${i}: version ${delta.version}, expected ${expected} (the state's version is the last staged one's)`);
  });
  const target = blocklistAreaAddress(1 - geometry.blocklistArea, geometry.blocklistCapacity, geometry.generationTableCapacity);
  const image32 = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const entries = Array.from({ length: written }, (_, i) => ({ keyId: image32.getUint32(target + i * BLOCKLIST_ENTRY_BYTES, true), retireDay: image32.getUint16(target + i * BLOCKLIST_ENTRY_BYTES + 4, true) }));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.keyId <= entries[i - 1]!.keyId) throw new NvmImageError(`merge: written entry ${i} (keyId ${entries[i]!.keyId}) does not sort after entry ${i - 1}`);
  }
  return { staged, merge: merged === 0 ? null : { deltas: merged, day, written: entries, read, taken } };
}

function decodeStagedSlot(image: Uint8Array, address: number, index: number): StagedDelta {
  const bytes = image.subarray(address, address + STAGED_SLOT.check + 4);
  const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = `staged delta ${index} at 0x${address.toString(16).padStart(4, '0')}`;
  if (crc32(bytes.subarray(0, STAGED_SLOT.check)) !== data.getUint32(STAGED_SLOT.check, true)) throw new NvmImageError(`${at}: its check does not match`);
  const count = bytes[STAGED_SLOT.count]!;
  if (count < 1 || count > STAGED_ENTRIES_MAX) throw new NvmImageError(`${at}: ${count} entries, not 1..${STAGED_ENTRIES_MAX}`);
  if (!bytes.subarray(STAGED_SLOT.count + 1, STAGED_SLOT.entries).every((b) => b === 0)) throw new NvmImageError(`${at}: the reserved bytes are not zero`);
  const used = STAGED_SLOT.entries + count * STAGED_ENTRY_BYTES;
  if (!bytes.subarray(used, STAGED_SLOT.check).every((b) => b === 0)) throw new NvmImageError(`${at}: bytes past its ${count} entries are not zero`);
  const entries = Array.from({ length: count }, (_, i): StagedEntry => {
    const entry = STAGED_SLOT.entries + i * STAGED_ENTRY_BYTES;
    const op = bytes[entry]!;
    if (op !== OP_ADD && op !== OP_REMOVE) throw new NvmImageError(`${at}: entry ${i} has op ${op}, not 1 (add) or 2 (remove)`);
    return { op: op === OP_ADD ? 'add' : 'remove', keyId: data.getUint32(entry + 1, true), retireDay: data.getUint16(entry + 5, true) };
  });
  return { version: data.getUint32(STAGED_SLOT.version, true), entries };
}
