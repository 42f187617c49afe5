/**
 * What a power cut leaves of the write in progress (STORAGE.md, "The memory the lock is built for"):
 *
 * - byte-serial: the write's bytes before the cut hold their new value, the byte at the cut an
 *   arbitrary one; the write's bytes after it, in the cut's page, their old value or, when the cut
 *   fell between the page's erase and its program, the erased value; in later pages their old value.
 * - page-parallel: the write's pages before the cut's page hold their new value, the cut's page
 *   (all of it, the bytes the write does not cover included) reads back arbitrary bytes, later pages
 *   are untouched.
 *
 * "Arbitrary" is drawn from a seeded generator, per cut: the same seed and cut give the same bytes.
 * An arbitrary byte is its old value, its new one, the erased one or noise, in equal shares, so that
 * a torn byte that happens to read right (a check byte completed) is met as often as real memory
 * meets it, not once in 256 cuts.
 *
 * A page-parallel cut at any byte of a page is the same moment: the page being programmed. So the
 * page's cut points read it back in four ways in turn (PAGE_READBACKS, by the cut byte), each of
 * which a layout must survive.
 */
import { SeededEntropy } from '../devices/seeded-entropy.js';
import { pageStart, type NvmGeometry } from './nvm-geometry.js';

export type TearMode = 'byte-serial' | 'page-parallel';
export const TEAR_MODES: readonly TearMode[] = ['byte-serial', 'page-parallel'];

/**
 * How a page-parallel cut's page reads back:
 * - mixed: every byte of the page old, new, erased or noise;
 * - neighbours-lost: the write's bytes new, the page's other bytes noise (a structure that shares
 *   the page with the write is lost even though the write itself completed);
 * - write-scrambled: the write's bytes noise, the page's other bytes as they were;
 * - erased: the whole page erased (the cut fell between the page's erase and its program).
 */
export type PageReadback = 'mixed' | 'neighbours-lost' | 'write-scrambled' | 'erased';
export const PAGE_READBACKS: readonly PageReadback[] = ['mixed', 'neighbours-lost', 'write-scrambled', 'erased'];

/** Where the power fails: at byte `byte` of the device's write number `write` (both from 0). */
export interface CutPoint {
  write: number;
  byte: number;
  mode: TearMode;
}

/** A cut as it was made: the cut point, the write it tore and what it left. */
export interface Tear extends CutPoint {
  /** The torn write's first address and length. */
  address: number;
  lengthBytes: number;
  /** [start, end): the NVM bytes left arbitrary (the byte at the cut, or the cut's whole page). */
  arbitraryStart: number;
  arbitraryEnd: number;
  /** byte-serial: the cut fell between the page's erase and its program, so the write's bytes after the cut in that page read erased. */
  erasedAfterCut: boolean;
  /** page-parallel: how the cut's page reads back. */
  pageReadback?: PageReadback;
}

/** The write being torn: the NVM before it, and the bytes it was programming. */
export interface TornWrite {
  nvm: Uint8Array;
  address: number;
  data: Uint8Array;
}

/** An arbitrary byte reads back as one of these, chosen by the generator's two low bits (else noise). */
const OLD = 0;
const NEW = 1;
const ERASED = 2;

/** Applies the torn write to `write.nvm` in place and says what it left. */
export function tearWrite(write: TornWrite, cut: CutPoint, geometry: NvmGeometry, seed: string | number): Tear {
  const { nvm, address, data } = write;
  if (!Number.isInteger(cut.byte) || cut.byte < 0 || cut.byte >= data.length) {
    throw new RangeError(`a cut at byte ${cut.byte} of write ${cut.write}, which is ${data.length} bytes`);
  }
  const cutAddress = address + cut.byte;
  const cutPage = pageStart(geometry, cutAddress);
  const cutPageEnd = Math.min(cutPage + geometry.pageBytes, geometry.sizeBytes);
  const serial = cut.mode === 'byte-serial';
  const [arbitraryStart, arbitraryEnd] = serial ? [cutAddress, cutAddress + 1] : [cutPage, cutPageEnd];
  const draws = new Uint8Array(2 * (arbitraryEnd - arbitraryStart) + 1);
  new SeededEntropy(`${seed} tear ${cut.write} ${cut.byte} ${cut.mode}`).fill(draws);
  const erasedAfterCut = serial && (draws[draws.length - 1]! & 1) === 1;
  const pageReadback = serial ? undefined : PAGE_READBACKS[cut.byte % PAGE_READBACKS.length]!;

  // The bytes programmed before the cut: up to the cut (byte-serial) or up to the cut's page (page-parallel).
  const programmedEnd = serial ? cutAddress : Math.max(address, cutPage);
  nvm.set(data.subarray(0, programmedEnd - address), address);
  if (erasedAfterCut) nvm.fill(geometry.erasedValue, cutAddress + 1, Math.min(address + data.length, cutPageEnd));
  for (let at = arbitraryStart, i = 0; at < arbitraryEnd; at++, i += 2) {
    const inWrite = at >= address && at < address + data.length;
    const old = nvm[at]!;
    const written = inWrite ? data[at - address]! : old;
    const noise = draws[i + 1]!;
    const choice = draws[i]! & 3;
    const mixed = choice === OLD ? old : choice === NEW ? written : choice === ERASED ? geometry.erasedValue : noise;
    nvm[at] =
      pageReadback === 'neighbours-lost' ? (inWrite ? written : noise)
      : pageReadback === 'write-scrambled' ? (inWrite ? noise : old)
      : pageReadback === 'erased' ? geometry.erasedValue
      : mixed;
  }
  return { ...cut, address, lengthBytes: data.length, arbitraryStart, arbitraryEnd, erasedAfterCut, ...(pageReadback ? { pageReadback } : {}) };
}
