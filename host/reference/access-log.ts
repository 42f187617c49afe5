/**
 * The access log as the reference lock keeps it (PROTOCOL.md §9.4, R-PRV-4): every entry ever
 * appended, numbered from 0, and the rule for which of them a read finds. The ring's physical
 * pages are the firmware's business (docs/STORAGE.md); what a read finds is the same: entries at or
 * above the log start (a tenant change wipes everything below it), within the pages the ring still
 * holds, retained (28 days by the mark, or all under a hold) and, for LOG_READ_OWN, the key's own
 * decisions.
 */
import { LOG_PAGE_ENTRIES, LOG_RETENTION_DAYS } from '../../firmware/protocol.js';
import { encodeLogEntry, type LogEntry } from '../protocol/frames/log-entry.js';

export interface AccessLog {
  /** 0: the lock keeps no log (a common lock, no pages provisioned). */
  pages: number;
  on: boolean;
  hold: boolean;
  /** Entries numbered below this were wiped by a tenant change. */
  start: number;
  /** Every entry appended, entry n at index n. */
  entries: LogEntry[];
}

export function freshAccessLog(pages: number): AccessLog {
  return { pages, on: false, hold: false, start: 0, entries: [] };
}

/** The first entry the ring still holds: the head page's and the pages − 1 before it. */
function ringStart(log: AccessLog): number {
  // The newest page (the last entry's) and the pages − 1 before it (STORAGE.md, "What a read finds").
  const headPage = log.entries.length === 0 ? 0 : Math.floor((log.entries.length - 1) / LOG_PAGE_ENTRIES);
  return headPage >= log.pages - 1 ? (headPage - (log.pages - 1)) * LOG_PAGE_ENTRIES : 0;
}

/** The visible entries, oldest first, as their 8 bytes. */
export function visibleEntries(log: AccessLog, markDay: number, own?: { keyId: number }): Uint8Array[] {
  const first = Math.max(ringStart(log), log.start);
  const found: Uint8Array[] = [];
  for (let number = first; number < log.entries.length; number++) {
    const entry = log.entries[number]!;
    if (!log.hold && entry.day + LOG_RETENTION_DAYS < markDay) continue;
    if (own && !(entry.kind === 'decision' && entry.keyId === own.keyId)) continue;
    found.push(encodeLogEntry(entry));
  }
  return found;
}

/**
 * The number of the first entry the mark still retains (ignoring a hold), or the next entry's: a
 * hold set now keeps what is retained now, and brings back nothing already purged.
 */
export function firstRetained(log: AccessLog, markDay: number): number {
  for (let number = Math.max(ringStart(log), log.start); number < log.entries.length; number++) {
    if (log.entries[number]!.day + LOG_RETENTION_DAYS >= markDay) return number;
  }
  return log.entries.length;
}
