/**
 * Where an attack cuts an update's writes: in every page each write touches, at its first and its
 * last byte there, in both tear modes (host/storage/tear.ts). A cut at any byte of a page leaves
 * that page torn and the pages before it written, so these points meet every state a cut can leave
 * between the update's steps; the campaign of `cylsim powercut` cuts every byte (docs/STORAGE.md).
 */
import type { NvmWrite } from '../../storage/torn-nvm.js';
import { pageStart, type NvmGeometry } from '../../storage/nvm-geometry.js';
import { TEAR_MODES, type CutPoint } from '../../storage/tear.js';

export function pageCutPoints(writes: readonly NvmWrite[], geometry: NvmGeometry): CutPoint[] {
  return writes.flatMap((write, index) => {
    const bytes = new Set<number>();
    for (let at = write.address; at < write.address + write.lengthBytes; at = pageStart(geometry, at) + geometry.pageBytes) {
      const pageEnd = Math.min(pageStart(geometry, at) + geometry.pageBytes, write.address + write.lengthBytes);
      bytes.add(at - write.address);
      bytes.add(pageEnd - 1 - write.address);
    }
    return [...bytes].sort((a, b) => a - b).flatMap((byte) => TEAR_MODES.map((mode) => ({ write: index, byte, mode })));
  });
}
