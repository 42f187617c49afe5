/**
 * The campaign's check of the log after a cut (host/storage/campaign/logged-after-reboot.ts): the
 * rebooted lock's next decision is appended as the next entry, the entries before it unchanged.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { decodeProvisioningRecord, encodeProvisioningRecord } from '../../host/protocol/frames/provisioning-record.js';
import { campaignSite } from '../../host/storage/campaign/campaign-site.js';
import { loggedAfterReboot, logsNextDecision } from '../../host/storage/campaign/logged-after-reboot.js';
import { nvmGeometry } from '../../host/storage/nvm-geometry.js';
import { decodeNvmImage } from '../../host/storage/nvm-image.js';
import { appendEntry, encodeEntry, encodeSlot, provisionedImage, putSlot, type LogLayout } from './support/nvm-image-builder.js';

const profile = loadProfileByName('reference-m0plus');
const site = campaignSite(profile, 'logged-after-reboot test');
/** A ring of 2 pages, so that an append can start a page over the oldest. */
const LOG_PAGES = 2;
const layout: LogLayout = { blocklist: profile.capacities.blocklistEntries.value, generation: profile.capacities.generationTableEntries.value, logPages: LOG_PAGES };
const CHECK_KEY = 990;

const entry = (n: number, keyId = 100 + n) => encodeEntry({ keyId, day: 800, minuteOfDay: n, code: 15 });

/** A private lock whose log is on (or off), with entries 0 .. count - 1. */
function imageWith(count: number, logOn = true): Uint8Array {
  const record = encodeProvisioningRecord({ ...decodeProvisioningRecord(site.record('private')), logPages: LOG_PAGES });
  const image = provisionedImage(nvmGeometry(profile), record);
  putSlot(image, 0, encodeSlot({ seq: 1, markDay: 800, logFlags: logOn ? 1 : 0 }));
  for (let n = 0; n < count; n++) appendEntry(image, layout, n, entry(n));
  return image;
}

describe('the log after the reboot', () => {
  it('should expect the next decision logged only at a private lock whose log is on', () => {
    expect(logsNextDecision(decodeNvmImage(imageWith(3)))).toBe(true);
    expect(logsNextDecision(decodeNvmImage(imageWith(3, false)))).toBe(false);
  });

  it("should accept the key's decision appended as the next entry, even when it starts a page over the ring's oldest", () => {
    for (const count of [3, 14]) {
      const before = imageWith(count);
      const after = before.slice();
      appendEntry(after, layout, count, entry(count, CHECK_KEY));
      expect(loggedAfterReboot(decodeNvmImage(before), decodeNvmImage(after), CHECK_KEY)).toBeUndefined();
    }
  });

  it('should name a head that did not move by one, an entry that is not the key decision, and an entry the append changed', () => {
    const before = imageWith(3);
    expect(loggedAfterReboot(decodeNvmImage(before), decodeNvmImage(before), CHECK_KEY)).toBe("the session moved the log's head from 3 to 3, not to 4");
    const other = before.slice();
    appendEntry(other, layout, 3, entry(3, 555));
    expect(loggedAfterReboot(decodeNvmImage(before), decodeNvmImage(other), CHECK_KEY)).toBe(`entry 3 is not the decision of key ${CHECK_KEY}`);
    // The page rewritten with entry 1 changed, then the key's entry: one more, but not the same entries.
    const rewritten = imageWith(0);
    [entry(0), entry(1, 777), entry(2), entry(3, CHECK_KEY)].forEach((bytes, n) => appendEntry(rewritten, layout, n, bytes));
    expect(loggedAfterReboot(decodeNvmImage(before), decodeNvmImage(rewritten), CHECK_KEY)).toBe("the session's append changed log entry 1");
  });
});
