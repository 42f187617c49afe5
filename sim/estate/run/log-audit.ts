/**
 * The access log's rules (R-PRV-1, R-PRV-2, R-PRV-4), judged by the true clock from the locks' own
 * NVM, read with the independent decoder of docs/STORAGE.md (host/storage):
 *
 * - no log while consent is off: the log's ring must not change at a private lock unless its tenant
 *   switched the log on (LOG_SWITCH 1, PROTOCOL.md §9.4) and has not switched it off since. On the
 *   lock bank every NVM write into the ring is counted (lock/lock-bank.ts `watch`); on the physics
 *   model the ring's fingerprint is compared before and after: an append always writes a page copy
 *   whose header (page number, count) differs from the copy it replaces, so the sum of the ring's
 *   copy headers changes with every append. A change while the tenant wants the log off but the
 *   lock has not been told yet (the LOG_SWITCH 0 waits for the tenant's next visit) is offline
 *   latency, a figure; any other change is a failure.
 * - no log entry older than 28 days: every week, each lock whose log was ever on is decoded; an
 *   entry a read would still show (numbered from `logStart`, `day + 28 >= mark`, §9.4 Retention)
 *   whose day is more than 28 days before the true day is a failure when the lock's own mark had
 *   passed it, and offline latency when the mark lagged (the lock cannot know the time, §3).
 *   Entries no read can reach any more stay in NVM until the ring overwrites them (STORAGE.md,
 *   "What this storage does not do"); their age is reported as a figure.
 */
import { MINUTES_PER_DAY } from '../../../firmware/protocol.js';
import { decodeNvmImage } from '../../../host/storage/nvm-image.js';
import { LOG_COPY, LOG_COPY_BYTES, logPairAddress } from '../../../host/storage/nvm-layout.js';
import type { AuditBook } from './audit-book.js';
import type { DoorState } from './shard-state.js';

/** An entry is purged once `day + 28 < mark` (PROTOCOL.md §9.4, LOG_RETENTION_DAYS; R-PRV-4). */
export const LOG_RETENTION_DAYS = 28;
/** Copies per pair of the ring (STORAGE.md "Access log"). */
const COPIES_PER_PAIR = 2;

/** Where the log's ring lies in a lock's NVM: the provisioning record's capacities and logPages. */
export interface LogRing {
  /** Address of each copy's header word. */
  readonly headerAddresses: Int32Array;
  /** The ring's bytes: [start, end). */
  readonly start: number;
  readonly end: number;
}

/** The ring of the lock whose provisioned NVM is `image` (null: a lock without a log, logPages 0). */
export function logRingOf(image: Uint8Array): LogRing | null {
  const decoded = decodeNvmImage(image);
  if (!decoded.provisioned || decoded.config.logPages === 0) return null;
  const { blocklistCapacity, generationTableCapacity, logPages } = decoded.config;
  const headerAddresses = new Int32Array(logPages * COPIES_PER_PAIR);
  for (let pair = 0; pair < logPages; pair++) {
    for (let copy = 0; copy < COPIES_PER_PAIR; copy++) {
      headerAddresses[pair * COPIES_PER_PAIR + copy] = logPairAddress(pair, blocklistCapacity, generationTableCapacity) + copy * LOG_COPY_BYTES + LOG_COPY.header;
    }
  }
  const start = logPairAddress(0, blocklistCapacity, generationTableCapacity);
  return { headerAddresses, start, end: logPairAddress(logPages, blocklistCapacity, generationTableCapacity) };
}

/** The sum (mod 2^32) of the ring's copy headers, as little-endian u32 words. */
export function logFingerprint(ring: LogRing, nvm: Uint8Array): number {
  let sum = 0;
  const addresses = ring.headerAddresses;
  for (let i = 0; i < addresses.length; i++) {
    const at = addresses[i]!;
    sum = (sum + (nvm[at]! | (nvm[at + 1]! << 8) | (nvm[at + 2]! << 16) | (nvm[at + 3]! << 24))) | 0;
  }
  return sum;
}

/** What the simulation knows of one private lock's log. */
export class LogWatch {
  /** The lock was last told to log (LOG_SWITCH 1 done) and no tenant change has switched it off since. */
  told = false;
  /** The tenant wants the log on (true clock), and since when it wants it off. */
  wanted = false;
  wantedOffAt = -Infinity;
  /** The log was on at some time: its retention is checked. */
  everOn = false;
  /** Entries up to this number were already judged overdue (each is judged once). */
  overdueJudged = -1;

  /** A tenant change switched the lock's log off and wiped it (§7.8); the new tenant has not asked for one. */
  tenantChanged(): void {
    this.told = false;
    this.wanted = false;
    this.wantedOffAt = -Infinity;
  }
}

/** After an insertion at a private lock: its log changed (`changed`); was it allowed to? */
export function checkLogWrites(book: AuditBook, door: DoorState, watch: LogWatch, at: number, keyId: number, changed: boolean): void {
  book.checked('log-consent');
  if (!changed || (watch.told && watch.wanted)) return;
  if (watch.told) {
    book.offline('log-consent', at - watch.wantedOffAt);
    return;
  }
  book.fail('log-consent', { at, door: door.plan.ref, keyId, what: 'the lock wrote its access log although its tenant had not switched the log on' });
}

/** At the end of `day` (true clock): the entries a read of the lock's log would show, by age (an entry of day d is older than 28 days from day d + 29 on, as the lock's own rule has it). */
export function checkLogRetention(book: AuditBook, door: DoorState, watch: LogWatch, day: number): void {
  const image = decodeNvmImage(door.lock.nvm.bytes);
  if (!image.provisioned) return;
  const { state, log } = image;
  const trueDay = day;
  let oldestUnreachableDays = -1;
  for (const entry of log.entries) {
    const purged = !state.logHold && entry.day + LOG_RETENTION_DAYS < state.markDay;
    const reachable = entry.number >= state.logStart && !purged;
    const overdueDays = trueDay - (entry.day + LOG_RETENTION_DAYS);
    if (!reachable) {
      oldestUnreachableDays = Math.max(oldestUnreachableDays, trueDay - entry.day);
      continue;
    }
    book.checked('log-retention');
    if (overdueDays <= 0 || state.logHold || entry.number <= watch.overdueJudged) continue;
    watch.overdueJudged = entry.number;
    if (entry.day + LOG_RETENTION_DAYS < state.markDay) {
      book.fail('log-retention', { at: trueDay * MINUTES_PER_DAY, door: door.plan.ref, keyId: entry.kind === 'decision' ? entry.keyId : 0, what: `a read would still show an entry of day ${entry.day}, more than 28 days before the lock's own mark (day ${state.markDay})` });
    } else {
      book.offline('log-retention', overdueDays * MINUTES_PER_DAY);
    }
  }
  if (oldestUnreachableDays >= 0) book.figure('log-retention', 'unreachableKeptDays', oldestUnreachableDays);
}
