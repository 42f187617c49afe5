/** DELTA, key → lock, 16 + 7n bytes: one change of the blocklist, v−1 → v (PROTOCOL.md §8). */
import {
  DELTA_COUNT,
  DELTA_ENTRIES,
  DELTA_ENTRIES_MAX,
  DELTA_ENTRY_BYTES,
  DELTA_FIXED_BYTES,
  DELTA_FROM_VERSION,
  DELTA_OP_ADD,
  DELTA_OP_REMOVE,
  DELTA_SITE_ID,
  FrameType,
  MAC_BYTES,
} from '../../../firmware/protocol.js';
import { bytesEqual, concat, getU16, getU32, setU16, setU32, setU8 } from '../bytes.js';
import { nobleBackend, type CryptoBackend } from '../crypto-backend.js';
import { expectFrame, expectFrameAtLeast, malformed } from '../frame-error.js';
import { deltaMac } from '../macs.js';

export type DeltaOp = 'add' | 'remove';

export interface DeltaEntry {
  op: DeltaOp;
  keyId: number;
  /** The day after which the blocked key's credential has expired, so the entry may go. */
  retireDay: number;
}

export interface DeltaFields {
  siteId: number;
  /** v − 1. */
  fromVersion: number;
  /** 1..16 entries. */
  entries: readonly DeltaEntry[];
}

export interface Delta extends DeltaFields {
  entries: DeltaEntry[];
  mac: Uint8Array;
}

/** 16 + 7n bytes. */
export function deltaBytesFor(entryCount: number): number {
  return DELTA_FIXED_BYTES + DELTA_ENTRY_BYTES * entryCount;
}

const OP_CODES: Record<DeltaOp, number> = { add: DELTA_OP_ADD, remove: DELTA_OP_REMOVE };

/** Offset of the MAC: 8 + 7n. */
function macOffset(entryCount: number): number {
  return DELTA_ENTRIES + DELTA_ENTRY_BYTES * entryCount;
}

/** The frame with MAC8(K_iss, "DLT" ‖ frame[1, 8+7n)). */
export function encodeDelta(fields: DeltaFields, kIss: Uint8Array, backend: CryptoBackend = nobleBackend): Uint8Array {
  const count = fields.entries.length;
  if (count < 1 || count > DELTA_ENTRIES_MAX) throw new RangeError(`a delta has 1..${DELTA_ENTRIES_MAX} entries, got ${count}`);
  const head = new Uint8Array(macOffset(count));
  head[0] = FrameType.Delta;
  setU16(head, DELTA_SITE_ID, fields.siteId);
  setU32(head, DELTA_FROM_VERSION, fields.fromVersion);
  setU8(head, DELTA_COUNT, count);
  fields.entries.forEach((entry, i) => {
    const at = DELTA_ENTRIES + DELTA_ENTRY_BYTES * i;
    setU8(head, at, OP_CODES[entry.op]);
    setU32(head, at + 1, entry.keyId);
    setU16(head, at + 5, entry.retireDay);
  });
  return concat(head, deltaMac(backend, kIss, head.subarray(1)));
}

/** §8's first check: the length (16 + 7n, n = 1..16) and each op (1 or 2), else Malformed. */
export function decodeDelta(frame: Uint8Array): Delta {
  expectFrameAtLeast(frame, FrameType.Delta, DELTA_COUNT + 1, 'DELTA');
  const count = frame[DELTA_COUNT]!;
  if (count < 1 || count > DELTA_ENTRIES_MAX) throw malformed(`DELTA: count ${count} is not 1..${DELTA_ENTRIES_MAX}`);
  expectFrame(frame, FrameType.Delta, deltaBytesFor(count), 'DELTA');
  const entries: DeltaEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = DELTA_ENTRIES + DELTA_ENTRY_BYTES * i;
    const code = frame[at]!;
    const op: DeltaOp | undefined = code === DELTA_OP_ADD ? 'add' : code === DELTA_OP_REMOVE ? 'remove' : undefined;
    if (op === undefined) throw malformed(`DELTA: entry ${i} has op ${code}, not ${DELTA_OP_ADD} or ${DELTA_OP_REMOVE}`);
    entries.push({ op, keyId: getU32(frame, at + 1), retireDay: getU16(frame, at + 5) });
  }
  return {
    siteId: getU16(frame, DELTA_SITE_ID),
    fromVersion: getU32(frame, DELTA_FROM_VERSION),
    entries,
    mac: frame.slice(macOffset(count), macOffset(count) + MAC_BYTES),
  };
}

/** The delta's MAC; the frame must have passed decodeDelta. */
export function verifyDeltaMac(frame: Uint8Array, kIss: Uint8Array, backend: CryptoBackend = nobleBackend): boolean {
  const end = frame.length - MAC_BYTES;
  return bytesEqual(frame.subarray(end), deltaMac(backend, kIss, frame.subarray(1, end)));
}
