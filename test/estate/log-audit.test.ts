/**
 * The estate's audit of the access log (sim/estate/run/log-audit.ts): a private lock's log ring
 * may change only while its tenant has switched the log on (R-PRV-1, R-PRV-2), judged from the
 * lock's own NVM; an entry a read would still show must not be older than 28 days (R-PRV-4).
 */
import { describe, expect, it } from 'vitest';
import { AuditBook } from '../../sim/estate/run/audit-book.js';
import { checkLogWrites, logFingerprint, logRingOf, LogWatch } from '../../sim/estate/run/log-audit.js';
import type { DoorState } from '../../sim/estate/run/shard-state.js';
import { PRIVATE_LOCK, provisionedFirmwareLock, testManagement } from '../support/site.js';

/** A provisioned private lock's NVM, and a door of the estate over it. */
function privateDoor() {
  const { devices } = provisionedFirmwareLock(testManagement(), PRIVATE_LOCK);
  const nvm = devices.nvm.bytes;
  const ring = logRingOf(nvm)!;
  const door = { plan: { ref: 'complex/a1' }, lock: { nvm: { bytes: nvm } } } as unknown as DoorState;
  return { nvm, ring, door, watch: new LogWatch() };
}

/** What an append does to the ring's fingerprint: a copy's header takes a newer (page, count). */
function appendTo(nvm: Uint8Array, headerAddress: number): void {
  nvm[headerAddress + 3] = 1; // count 1 in bits 24-31 of the little-endian header word (STORAGE.md "Access log")
}

describe('the estate audit of a private lock\'s log', () => {
  it('should find the ring of the provisioned lock, 2 copies per page pair (STORAGE.md)', () => {
    const { ring } = privateDoor();
    expect(ring.headerAddresses.length % 2).toBe(0);
    expect(ring.headerAddresses.length).toBeGreaterThan(2);
    expect(ring.headerAddresses[1]! - ring.headerAddresses[0]!).toBe(64);
  });

  it('should change the fingerprint with any append to any copy of the ring', () => {
    const { nvm, ring } = privateDoor();
    for (const address of [ring.headerAddresses[0]!, ring.headerAddresses[ring.headerAddresses.length - 1]!]) {
      const before = logFingerprint(ring, nvm);
      appendTo(nvm, address);
      expect(logFingerprint(ring, nvm)).not.toBe(before);
    }
  });

  it('should find the ring between the blocklist areas and the failed-MAC counter, covering every header', () => {
    const { ring } = privateDoor();
    expect(ring.start).toBe(ring.headerAddresses[0]);
    expect(ring.end).toBe(ring.headerAddresses[ring.headerAddresses.length - 1]! + 64);
  });

  it('should fail the consent rule when the log changes at a lock whose tenant never switched it on', () => {
    const { door, watch } = privateDoor();
    const book = new AuditBook();
    checkLogWrites(book, door, watch, 100, 7, false);
    expect(book.evidence['log-consent']!.failures).toBe(0);
    checkLogWrites(book, door, watch, 200, 7, true);
    const evidence = book.evidence['log-consent']!;
    expect(evidence.checked).toBe(2);
    expect(evidence.failures).toBe(1);
    expect(evidence.examples[0]).toMatchObject({ at: 200, door: 'complex/a1', keyId: 7 });
  });

  it('should count a change after the tenant withdrew consent, before the lock was told, as offline latency, not a failure', () => {
    const { door, watch } = privateDoor();
    const book = new AuditBook();
    watch.told = true;
    watch.wanted = false;
    watch.wantedOffAt = 1_000;
    checkLogWrites(book, door, watch, 1_090, 7, true);
    const evidence = book.evidence['log-consent']!;
    expect(evidence.failures).toBe(0);
    expect(evidence.offlineDelaysMin).toEqual([90]);
  });

  it('should let the log change while the tenant wants it on and the lock was told', () => {
    const { door, watch } = privateDoor();
    const book = new AuditBook();
    watch.told = watch.wanted = true;
    checkLogWrites(book, door, watch, 50, 7, true);
    expect(book.evidence['log-consent']!.failures).toBe(0);
    expect(book.evidence['log-consent']!.offlineCases).toBe(0);
  });
});
