/**
 * What the log and the failed-MAC counter take from a decision (PROTOCOL.md §9.4, §9.5): at a
 * private lock with the log on, an entry for each decision made after the key MAC held; a failed
 * issuer or key MAC counted at most once per power-up. Both are priced by the energy rule (§7.10).
 */
import { MINUTES_PER_DAY, WRITE_COUNTER_CELL_BYTES, WRITE_LOG_PAGE_BYTES } from "../../firmware/protocol";
import { LOG_COMPILED_IN } from "../build-flags";
import { holdsFor, pagesFor } from "../energy";
import { FAILED_MAC_COUNTED, LOG_NEXT_KNOWN, SESSION_KEY_ID, SESSION_KEY_PROVEN, SESSION_LOG_PAGES, SESSION_MINUTES, SESSION_READOUT_DONE } from "../ram";
import { privateDwelling } from "../store/config";
import { countFailedMac } from "../store/failed-macs";
import { logAppend, logOn, logPresent } from "../store/log";

/** At HELLO: nothing proven or read yet, and the log's head is found again (once) if needed. */
export function startSessionLog(): void {
  store<u32>(SESSION_KEY_PROVEN, 0);
  store<u32>(SESSION_LOG_PAGES, 0);
  store<u32>(SESSION_READOUT_DONE, 0);
  store<u32>(LOG_NEXT_KNOWN, 0);
}

/**
 * Once the key MAC held (§7.6 step 4): the key is proven, and whether its decision goes into the
 * log is settled (a tenant change, which switches the log off, settles it again: logNothing).
 */
export function keyProven(): void {
  store<u32>(SESSION_KEY_PROVEN, 1);
  const logging = LOG_COMPILED_IN && logPresent(privateDwelling() != 0) && logOn();
  store<u32>(SESSION_LOG_PAGES, logging ? pagesFor(<u32>WRITE_LOG_PAGE_BYTES) : 0);
}

/** The decision is not logged after all (the tenant change wiped the log and switched it off). */
export function logNothing(): void {
  store<u32>(SESSION_LOG_PAGES, 0);
}

/** This session's decision goes into the log. */
export function loggingDecision(): bool {
  return LOG_COMPILED_IN && load<u32>(SESSION_LOG_PAGES) != 0;
}

/** §7.10: the page writes of this decision's log entry (0 when it is not logged). */
export function logEntryPages(): u32 {
  return LOG_COMPILED_IN ? load<u32>(SESSION_LOG_PAGES) : 0;
}

/** The decision's entry: the key, the session's day and minute, the reason (0: granted). */
export function logDecision(reason: u32): bool {
  const minutes = load<u32>(SESSION_MINUTES);
  return logAppend(load<u32>(SESSION_KEY_ID), minutes / <u32>MINUTES_PER_DAY, minutes % <u32>MINUTES_PER_DAY, reason);
}

/**
 * A failed issuer or key MAC: counted once per power-up, when the lock holds the energy for the
 * cell's write; a failed write is not retried in that power-up either (no lock-out follows from it).
 */
export function noteFailedMac(): void {
  if (load<u32>(FAILED_MAC_COUNTED) != 0) return;
  store<u32>(FAILED_MAC_COUNTED, 1);
  if (holdsFor(pagesFor(<u32>WRITE_COUNTER_CELL_BYTES), false)) countFailedMac();
}
