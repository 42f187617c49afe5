/**
 * Small stores written straight through an NvmPort, each updating a record { version, value } in
 * its own way, for the power-cut campaign to judge. Three are naive (each breaks in one of the
 * ways the campaign counts); one keeps the record as STORAGE.md's state journal does.
 */
import { crc32 } from 'node:zlib';
import type { NvmPort } from '../../../host/firmware/hal-devices.js';
import type { CuttableUpdate } from '../../../host/storage/campaign/cuttable-update.js';
import type { NvmGeometry } from '../../../host/storage/nvm-geometry.js';

export interface NaiveState {
  version: number;
  value: number;
}

/** 256 bytes of NOR flash in 16-byte pages. */
export const NAIVE_GEOMETRY: NvmGeometry = { sizeBytes: 256, pageBytes: 16, erasedValue: 0xff };

/** A record: version u32, value u32, 20 bytes of padding (so that it spans two pages), CRC-32 of the 28 before it. */
const RECORD_BYTES = 32;
const PRIMARY = 0x00;
/** A second record, one page group away. */
const SECONDARY = 0x40;
/** A record's "clean" mark, outside the logical state. */
const FLAG = 8;

function encodeRecord(state: NaiveState, flag = 0): Uint8Array {
  const record = new Uint8Array(RECORD_BYTES);
  const view = new DataView(record.buffer);
  view.setUint32(0, state.version, true);
  view.setUint32(4, state.value, true);
  record[FLAG] = flag;
  view.setUint32(28, crc32(record.subarray(0, 28)), true);
  return record;
}

/** The record at `address`, when its check holds. */
function decodeRecord(image: Uint8Array, address: number): (NaiveState & { seq: number }) | undefined {
  const record = image.subarray(address, address + RECORD_BYTES);
  const view = new DataView(record.buffer, record.byteOffset, RECORD_BYTES);
  if (crc32(record.subarray(0, 28)) !== view.getUint32(28, true)) return undefined;
  return { version: view.getUint32(0, true), value: view.getUint32(4, true), seq: record[12]! };
}

/** The whole NVM, as a store reads it before it updates. */
function readImage(nvm: NvmPort): Uint8Array {
  const image = new Uint8Array(nvm.sizeBytes);
  nvm.read(0, nvm.sizeBytes, image, 0);
  return image;
}

const next = (state: NaiveState): NaiveState => ({ version: state.version + 1, value: state.value + 1000 });
const versionWentBack = (before: NaiveState, state: NaiveState): string[] => (state.version < before.version ? ['version'] : []);

function imageWith(...records: [number, Uint8Array][]): Uint8Array {
  const image = new Uint8Array(NAIVE_GEOMETRY.sizeBytes).fill(NAIVE_GEOMETRY.erasedValue);
  for (const [address, record] of records) image.set(record, address);
  return image;
}

/** The record rewritten in place, read without its check: a cut mixes old and new bytes. */
export function inPlaceWithoutCheck(): CuttableUpdate<NaiveState> {
  const decode = (image: Uint8Array): NaiveState => {
    const view = new DataView(image.buffer, image.byteOffset + PRIMARY, 8);
    return { version: view.getUint32(0, true), value: view.getUint32(4, true) };
  };
  return {
    name: 'in place, no check',
    geometry: NAIVE_GEOMETRY,
    before: imageWith([PRIMARY, encodeRecord({ version: 7, value: 70 })]),
    perform(nvm) {
      nvm.write(PRIMARY, RECORD_BYTES, encodeRecord(next(decode(readImage(nvm)))), 0);
    },
    decode,
    rolledBack: versionWentBack,
  };
}

/** The primary rewritten in place; when its check fails the reader falls back to a backup a version behind. */
export function fallbackToStaleBackup(): CuttableUpdate<NaiveState> {
  const decode = (image: Uint8Array): NaiveState => {
    const found = decodeRecord(image, PRIMARY) ?? decodeRecord(image, SECONDARY);
    return found ? { version: found.version, value: found.value } : { version: 0, value: 0 };
  };
  return {
    name: 'primary in place, stale backup',
    geometry: NAIVE_GEOMETRY,
    before: imageWith([PRIMARY, encodeRecord({ version: 7, value: 70 })], [SECONDARY, encodeRecord({ version: 6, value: 60 })]),
    perform(nvm) {
      const image = readImage(nvm);
      nvm.write(PRIMARY, RECORD_BYTES, encodeRecord(next(decode(image))), 0);
    },
    decode,
    rolledBack: versionWentBack,
  };
}

/**
 * The reader prefers the secondary record while its check holds. The update is committed into the
 * secondary, which is then rewritten in place with a "clean" mark: a cut there loses the update.
 */
export function commitThenRewrite(): CuttableUpdate<NaiveState> {
  const decode = (image: Uint8Array): NaiveState => {
    const found = decodeRecord(image, SECONDARY) ?? decodeRecord(image, PRIMARY);
    return found ? { version: found.version, value: found.value } : { version: 0, value: 0 };
  };
  return {
    name: 'commit, then rewrite in place',
    geometry: NAIVE_GEOMETRY,
    before: imageWith([PRIMARY, encodeRecord({ version: 7, value: 70 })]),
    perform(nvm) {
      const image = readImage(nvm);
      const updated = next(decode(image));
      nvm.write(SECONDARY, RECORD_BYTES, encodeRecord(updated), 0);
      nvm.write(SECONDARY, RECORD_BYTES, encodeRecord(updated, 1), 0);
    },
    decode,
    rolledBack: versionWentBack,
  };
}

/** STORAGE.md's scheme: two slots with a seq and a check; the update goes into the slot that is not the newest. */
export function twoSlotJournal(): CuttableUpdate<NaiveState> {
  const newest = (image: Uint8Array) => {
    const slots = [decodeRecord(image, PRIMARY), decodeRecord(image, SECONDARY)];
    const [a, b] = slots;
    if (a && b) return b.seq > a.seq ? { slot: 1, record: b } : { slot: 0, record: a };
    return a ? { slot: 0, record: a } : b ? { slot: 1, record: b } : undefined;
  };
  const encodeSlot = (state: NaiveState, seq: number) => {
    const record = encodeRecord(state);
    record[12] = seq;
    new DataView(record.buffer).setUint32(28, crc32(record.subarray(0, 28)), true);
    return record;
  };
  return {
    name: 'two-slot journal',
    geometry: NAIVE_GEOMETRY,
    before: imageWith([PRIMARY, encodeSlot({ version: 6, value: 60 }, 4)], [SECONDARY, encodeSlot({ version: 7, value: 70 }, 5)]),
    perform(nvm) {
      const image = readImage(nvm);
      const current = newest(image)!;
      nvm.write(current.slot === 0 ? SECONDARY : PRIMARY, RECORD_BYTES, encodeSlot(next(current.record), current.record.seq + 1), 0);
    },
    decode: (image) => {
      const found = newest(image);
      return found ? { version: found.record.version, value: found.record.value } : { version: 0, value: 0 };
    },
    rolledBack: versionWentBack,
  };
}
