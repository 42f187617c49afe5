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

  /** erasedValue: what a blank cell reads (0xFF for NOR flash; STM32L0 data EEPROM reads 0x00). */
  constructor(readonly sizeBytes: number, readonly erasedValue = 0xff) {
    this.bytes = new Uint8Array(sizeBytes).fill(erasedValue);
    this.words = wordView(this.bytes);
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    if (!this.inRange(address, length)) return HalStatus.OutOfRange;
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
 * Copies `length` bytes. Called from the firmware's nvmRead (about ten times per decision), a
 * typed array's set() cost some 150 ns for its subarray and a byte loop about 2 ns a byte; so when
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
