/**
 * Access logs and failed-MAC counters written straight through an NvmPort in STORAGE.md's format,
 * on a private lock's image built by hand, for the power-cut campaign to judge with the lock's own
 * rules (the decoder, lockRolledBack, lockDamaged). Three are naive (each breaks in one of the ways
 * the campaign counts); one appends as STORAGE.md says.
 */
import type { NvmPort } from '../../../host/firmware/hal-devices.js';
import type { CuttableUpdate } from '../../../host/storage/campaign/cuttable-update.js';
import { lockDamaged } from '../../../host/storage/campaign/lock-damage.js';
import { lockRolledBack } from '../../../host/storage/campaign/lock-rollback.js';
import type { NvmGeometry } from '../../../host/storage/nvm-geometry.js';
import { decodeNvmImage, type LockImage } from '../../../host/storage/nvm-image.js';
import { appendEntry, counterCellAddress, encodeEntry, encodeSlot, logCopyAddress, provisionedImage, putCounterCell, putSlot, type LogLayout } from './nvm-image-builder.js';

/** Where the stores work: the NVM, a private lock's provisioning record, and where that record puts the log. */
export interface LogStoreSite {
  geometry: NvmGeometry;
  record: Uint8Array;
  layout: LogLayout;
}

/** Entries logged before each update. */
const ENTRIES_BEFORE = 10;
/** Failed MACs counted before the counter's update. */
const COUNT_BEFORE = 5;
const entry = (n: number) => encodeEntry({ keyId: 7000 + n, day: 800, minuteOfDay: 600 + n, code: n % 27 });

/** The lock with its log on, entries 0..9 appended as STORAGE.md says (pair 1: copy 0 holds entries 7-9, copy 1 entries 7-8), 5 failed MACs in cells 0-4. */
function before(site: LogStoreSite): Uint8Array {
  const image = provisionedImage(site.geometry, site.record);
  putSlot(image, 0, encodeSlot({ seq: 1, markDay: 800, generation: 1, hasTenant: 1, logFlags: 1 }));
  for (let n = 0; n < ENTRIES_BEFORE; n++) appendEntry(image, site.layout, n, entry(n));
  for (let value = 1; value <= COUNT_BEFORE; value++) putCounterCell(image, site.layout, value - 1, value);
  return image;
}

function imageOf(nvm: NvmPort): Uint8Array {
  const image = new Uint8Array(nvm.sizeBytes);
  nvm.read(0, nvm.sizeBytes, image, 0);
  return image;
}

/** Makes `write` on the NVM's image and programs the bytes it changed, in one NVM write from `address`. */
function program(nvm: NvmPort, address: number, length: number, write: (image: Uint8Array) => void): void {
  const image = imageOf(nvm);
  write(image);
  nvm.write(address, length, image, address);
}

const lockRules = { decode: decodeNvmImage, rolledBack: lockRolledBack, damaged: lockDamaged };

/** Entry 10 appended into the newest copy of its page, in place: a cut tears the copy that held entries 7-9. */
export function appendInPlace(site: LogStoreSite): CuttableUpdate<LockImage> {
  const newestOfPage1 = logCopyAddress(site.layout, 1, 0);
  return {
    name: 'log page rewritten in place',
    geometry: site.geometry,
    before: before(site),
    perform: (nvm) =>
      program(nvm, newestOfPage1, 64, (image) => {
        // STORAGE.md's append, then its page moved into the newest copy's place.
        const written = appendEntry(image, site.layout, ENTRIES_BEFORE, entry(ENTRIES_BEFORE));
        image.copyWithin(newestOfPage1, written, written + 64);
      }),
    ...lockRules,
  };
}

/** The count kept in cell 0 alone, rewritten in place: a cut tears the only cell. */
export function counterInPlace(site: LogStoreSite): CuttableUpdate<LockImage> {
  const cell0 = counterCellAddress(site.layout, 0);
  return {
    name: 'counter rewritten in place',
    geometry: site.geometry,
    before: (() => {
      const image = provisionedImage(site.geometry, site.record);
      putSlot(image, 0, encodeSlot({ seq: 1, markDay: 800 }));
      putCounterCell(image, site.layout, 0, COUNT_BEFORE);
      return image;
    })(),
    perform: (nvm) => program(nvm, cell0, 8, (image) => putCounterCell(image, site.layout, 0, COUNT_BEFORE + 1)),
    ...lockRules,
  };
}

/** Entry 10 appended as STORAGE.md says (the commit), then its copy written again in place: a cut there loses the entry. */
export function appendThenRewrite(site: LogStoreSite): CuttableUpdate<LockImage> {
  return {
    name: 'log append, then its copy rewritten',
    geometry: site.geometry,
    before: before(site),
    perform(nvm) {
      const image = imageOf(nvm);
      const written = appendEntry(image, site.layout, ENTRIES_BEFORE, entry(ENTRIES_BEFORE));
      nvm.write(written, 64, image, written);
      nvm.write(written, 64, image, written);
    },
    ...lockRules,
  };
}

/** A read-out as STORAGE.md makes it: two appends (entries 10 and 11), each into the copy that is not the newest, each a commit. */
export function twoAppends(site: LogStoreSite): CuttableUpdate<LockImage> {
  return {
    name: 'two appends',
    geometry: site.geometry,
    before: before(site),
    perform(nvm) {
      for (const n of [ENTRIES_BEFORE, ENTRIES_BEFORE + 1]) {
        const image = imageOf(nvm);
        const written = appendEntry(image, site.layout, n, entry(n));
        nvm.write(written, 64, image, written);
      }
    },
    ...lockRules,
  };
}
