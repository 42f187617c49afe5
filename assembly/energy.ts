/**
 * The energy budget (PROTOCOL.md §7.10). A battery-less lock must not start what it cannot finish:
 * before it commits an outcome (NVM writes, the release) it prices the commit with the figures the
 * installer provisioned for its hardware and reads the energy it still holds above brown-out (HAL
 * energyNj). The work counted so far is reported first, so the host's gauge has debited it.
 */
import { halEnergyNj } from "./hal";
import { pageShift, pageWriteUj, releaseUj } from "./store/config";
import { reportWork } from "./work";

/** nJ per uJ. */
const NJ_PER_UJ: u64 = 1000;

/** §7.10: a write of `bytes` costs ceil(bytes / page) + 1 page writes (it may straddle a boundary). */
export function pagesFor(bytes: u32): u32 {
  const shift = pageShift();
  return ((bytes + (<u32>1 << shift) - 1) >> shift) + 1;
}

/** True when the lock holds the energy for `pages` page writes and, with `release`, the release. */
export function holdsFor(pages: u32, release: bool): bool {
  const needUj = <u64>pages * <u64>pageWriteUj() + (release ? <u64>releaseUj() : 0);
  if (needUj == 0) return true; // provisioned without a budget, or nothing to pay
  reportWork();
  return <u64>halEnergyNj() >= needUj * NJ_PER_UJ;
}

/**
 * The page writes the lock can pay for beyond `reserveUj` (u32.MAX_VALUE when pages cost nothing):
 * floor((gauge − reserve) / pageWriteUj), 0 when the gauge shows no more than the reserve. In whole
 * microjoules: the gauge's nanojoules below one do not change the count.
 */
export function spareWritePages(reserveUj: u32): u32 {
  const pageUj = pageWriteUj();
  if (pageUj == 0) return u32.MAX_VALUE;
  reportWork();
  const gaugeUj = halEnergyNj() / <u32>NJ_PER_UJ;
  return gaugeUj > reserveUj ? (gaugeUj - reserveUj) / pageUj : 0;
}
