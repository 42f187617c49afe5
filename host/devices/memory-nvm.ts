import { HalStatus } from '../../firmware/abi.js';
import type { NvmPort } from '../firmware/hal-devices.js';

/**
 * Plain non-volatile memory: a byte array that starts erased and keeps every write whole.
 * The storage model replaces it with page-wise, timed, fault-injecting memory.
 */
export class MemoryNvm implements NvmPort {
  readonly bytes: Uint8Array;
  writes = 0;
  /** `bytes` as 32-bit words, for the word-wise middle of a transfer (see copy()). */
  private readonly words: WordView;
  /** The last array a transfer named (the firmware's memory, call after call) and its words. */
  private peer: Uint8Array | undefined;
  private peerWords: WordView = { words: new Int32Array(0), byteOffset: 0 };
  /** Views of NVM ranges that reads named, for set() (see read()). */
  private readonly ranges: RangeViews;

  /** erasedValue: what a blank cell reads (0xFF for NOR flash; STM32L0 data EEPROM reads 0x00). */
  constructor(readonly sizeBytes: number, readonly erasedValue = 0xff) {
    this.bytes = new Uint8Array(sizeBytes).fill(erasedValue);
    this.words = wordView(this.bytes);
    this.ranges = new RangeViews(this.bytes);
  }

  /**
   * A long read is one set() from a view of the range, kept for the next read of the same range
   * (the firmware reads the same key schedules and records at every decision); a short one is
   * copied by copy().
   */
  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    if (length >= VIEW_COPY_BYTES && offset >= 0 && offset + length <= bytes.length) {
      bytes.set(this.ranges.view(address, length), offset);
      return HalStatus.Ok;
    }
    copy(this.bytes, this.words, address, bytes, this.wordsOf(bytes), offset, length);
    return HalStatus.Ok;
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
    copy(bytes, this.wordsOf(bytes), offset, this.bytes, this.words, address, length);
    this.writes++;
    return HalStatus.Ok;
  }

  private inRange(address: number, length: number): boolean {
    return address >= 0 && length >= 0 && address + length <= this.sizeBytes;
  }

  /** The word view of `bytes`, made again only when a transfer names another array. */
  private wordsOf(bytes: Uint8Array): WordView {
    if (bytes !== this.peer) {
      this.peer = bytes;
      this.peerWords = wordView(bytes);
    }
    return this.peerWords;
  }
}

/**
 * From this length on a read is one set() from a kept view of the NVM range: about 30 ns whatever
 * the length, where copy() took some 45 ns for 32 bytes and 130 ns for a 208-byte key schedule
 * (node 20 on a 2 vCPU Xeon, the decision's read pattern). Over the quoted decision (seven reads of
 * 90 to 216 bytes) this saved about 200 ns (bench/profile-decision.ts, old and new side by side).
 */
const VIEW_COPY_BYTES = 32;
/**
 * Views kept, direct-mapped: 2^6 slots for the seven long ranges a decision reads, the blocklist
 * window among them (its address varies with the key). At most 64 small view objects per NVM.
 */
const RANGE_SLOT_BITS = 6;
const RANGE_SLOTS = 1 << RANGE_SLOT_BITS;
/** 2^32 / golden ratio: Fibonacci hashing (Knuth, TAOCP vol. 3, 6.4) spreads neighbouring ranges over the slots. */
const GOLDEN_RATIO_32 = 0x9e3779b9;

/**
 * Subarrays of the NVM's bytes, one per slot, found by address and length. A view shares the NVM's
 * buffer, so it always shows what was written since; making one (about 50 ns) costs more than the
 * copy, so each is made once per range and slot. At most RANGE_SLOTS views are held.
 */
class RangeViews {
  private readonly addresses = new Int32Array(RANGE_SLOTS).fill(-1);
  private readonly lengths = new Int32Array(RANGE_SLOTS);
  private readonly views: Uint8Array[];

  constructor(private readonly bytes: Uint8Array) {
    this.views = new Array<Uint8Array>(RANGE_SLOTS).fill(bytes);
  }

  /** The view of [address, address + length), which must lie inside the NVM. */
  view(address: number, length: number): Uint8Array {
    const slot = Math.imul(address ^ (length << 16), GOLDEN_RATIO_32) >>> (32 - RANGE_SLOT_BITS);
    if (this.addresses[slot] === address && this.lengths[slot] === length) return this.views[slot]!;
    const view = this.bytes.subarray(address, address + length);
    this.addresses[slot] = address;
    this.lengths[slot] = length;
    this.views[slot] = view;
    return view;
  }
}

/**
 * The whole buffer under an array as 32-bit words, and where the array starts in it. The offset
 * is read once per array: reading a view's byteOffset at every transfer cost more than a short
 * copy (measured from the firmware's nvmRead).
 */
interface WordView {
  readonly words: Int32Array;
  readonly byteOffset: number;
}

function wordView(bytes: Uint8Array): WordView {
  return { words: new Int32Array(bytes.buffer, 0, bytes.buffer.byteLength >>> 2), byteOffset: bytes.byteOffset };
}

/** Below this many bytes a plain loop beats making a subarray for set() (measured with the decision bench). */
const SHORT_COPY_BYTES = 32;
/** From this length on, a transfer whose two sides share their offset within a word goes word-wise. */
const WORD_COPY_BYTES = 8;

/**
 * Copies `length` bytes: every write, and the reads shorter than VIEW_COPY_BYTES (longer ones go
 * through RangeViews). Measured from the firmware's nvmRead and nvmWrite, a typed array's set()
 * cost some 150 ns for a new subarray and a byte loop about 2 ns a byte; so when
 * both sides lie at the same offset within a 32-bit word the middle of the range is copied as
 * words, four to a loop pass (about 0.3 ns a byte). Ranges outside either array are left to set()
 * and the byte loop, which refuse or clip them as typed arrays do.
 */
function copy(from: Uint8Array, fromWords: WordView, fromOffset: number, to: Uint8Array, toWords: WordView, toOffset: number, length: number): void {
  let i = 0;
  const fromAt = fromWords.byteOffset + fromOffset;
  const toAt = toWords.byteOffset + toOffset;
  if (length >= WORD_COPY_BYTES && ((fromAt ^ toAt) & 3) === 0 && fromOffset + length <= from.length && toOffset + length <= to.length) {
    for (; ((fromAt + i) & 3) !== 0; i++) to[toOffset + i] = from[fromOffset + i]!;
    const source = fromWords.words;
    const target = toWords.words;
    let s = (fromAt + i) >>> 2;
    let t = (toAt + i) >>> 2;
    const end = s + ((length - i) >>> 2);
    for (; s + 4 <= end; s += 4, t += 4) {
      target[t] = source[s]!;
      target[t + 1] = source[s + 1]!;
      target[t + 2] = source[s + 2]!;
      target[t + 3] = source[s + 3]!;
    }
    for (; s < end; s++, t++) target[t] = source[s]!;
    i = length - ((length - i) & 3);
  } else if (length > SHORT_COPY_BYTES) {
    to.set(from.subarray(fromOffset, fromOffset + length), toOffset);
    return;
  }
  for (; i < length; i++) to[toOffset + i] = from[fromOffset + i]!;
}
