/**
 * The campaign's verdicts (host/storage/campaign/) on small stores whose faults are known: it must
 * see each kind of break where there is one, and none where the store keeps STORAGE.md's rules.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { logPagesFor } from '../../host/protocol/frames/provisioning-record.js';
import { campaignSite } from '../../host/storage/campaign/campaign-site.js';
import { learnUpdate } from '../../host/storage/campaign/learn-update.js';
import { campaignFailed, runCampaign } from '../../host/storage/campaign/run-campaign.js';
import { nvmGeometry } from '../../host/storage/nvm-geometry.js';
import { appendInPlace, appendThenRewrite, counterInPlace, twoAppends, type LogStoreSite } from './support/naive-log-stores.js';
import { commitThenRewrite, fallbackToStaleBackup, inPlaceWithoutCheck, twoSlotJournal } from './support/naive-stores.js';

const SEED = 'classifier test';

describe('the power-cut campaign', () => {
  it('should learn from the clean run the writes, the states before and after, and the commit', () => {
    const learned = learnUpdate(commitThenRewrite());
    expect(learned.writes).toEqual([
      { address: 0x40, lengthBytes: 32 },
      { address: 0x40, lengthBytes: 32 },
    ]);
    expect(learned.before).toEqual({ version: 7, value: 70 });
    expect(learned.after).toEqual({ version: 8, value: 1070 });
    // The second write rewrites the same state: the first is the commit.
    expect(learned.commitWrite).toBe(0);
  });

  it('should cut every byte of every write in both tear modes', () => {
    const report = runCampaign([commitThenRewrite()], { seed: SEED });
    expect(report).toMatchObject({ updates: 1, cutPoints: 2 * 32 * 2 });
    expect(report.byUpdate[0]).toMatchObject({ writes: 2, bytesWritten: 64, commitWrite: 0 });
  });

  it('should call corrupted the mixes of old and new bytes a record rewritten in place is left with', () => {
    const report = runCampaign([inPlaceWithoutCheck()], { seed: SEED });
    expect(report.corrupted).toBeGreaterThan(0);
    expect(report.byUpdate[0]!.examples[0]).toMatchObject({ corrupted: true, point: { write: 0 } });
    expect(campaignFailed(report)).toBe(true);
  });

  it('should call rolled back a torn primary that sends the reader to a backup a version behind', () => {
    const report = runCampaign([fallbackToStaleBackup()], { seed: SEED });
    expect(report.rolledBack).toBeGreaterThan(0);
    expect(report.byUpdate[0]!.examples.find((verdict) => verdict.rolledBack.length > 0)).toMatchObject({ rolledBack: ['version'] });
    expect(report.lost).toBe(0);
  });

  it('should call lost a committed update that a later write in place destroys, and nothing else', () => {
    const report = runCampaign([commitThenRewrite()], { seed: SEED });
    expect(report.lost).toBeGreaterThan(0);
    expect(report.byUpdate[0]!.examples.every((verdict) => verdict.point.write === 1 && verdict.lost)).toBe(true);
    // A torn secondary sends the reader back to the primary: the state before, not a mix, not a rollback.
    expect(report).toMatchObject({ corrupted: 0, rolledBack: 0 });
  });

  it("should find nothing in a store that keeps STORAGE.md's two-slot journal", () => {
    const report = runCampaign([twoSlotJournal()], { seed: SEED });
    expect(report).toMatchObject({ cutPoints: 64, corrupted: 0, rolledBack: 0, lost: 0, unanswered: 0 });
    expect(campaignFailed(report)).toBe(false);
  });

  it('should count as unanswered a session after the reboot that goes wrong', () => {
    const update = { ...twoSlotJournal(), sessionAfterReboot: (_nvm: unknown, rebooted: unknown) => (rebooted ? 'refused a valid state' : undefined) };
    const report = runCampaign([update], { seed: SEED });
    expect(report.unanswered).toBe(report.cutPoints);
    expect(report.byUpdate[0]!.examples[0]).toMatchObject({ unanswered: 'refused a valid state' });
    expect(campaignFailed(report)).toBe(true);
  });

  it('should give the same report for the same seed', () => {
    const updates = () => [inPlaceWithoutCheck(), fallbackToStaleBackup(), commitThenRewrite()];
    expect(runCampaign(updates(), { seed: SEED })).toEqual(runCampaign(updates(), { seed: SEED }));
  });
});

describe("the power-cut campaign on the access log and the failed-MAC counter, by the lock's rules", () => {
  const profile = loadProfileByName('reference-m0plus');
  const logSite: LogStoreSite = {
    geometry: nvmGeometry(profile),
    record: campaignSite(profile, SEED).record('private'),
    layout: { blocklist: profile.capacities.blocklistEntries.value, generation: profile.capacities.generationTableEntries.value, logPages: logPagesFor(profile.capacities.logEntries.value) },
  };

  it('should call corrupted and rolled back a page rewritten in its newest copy: a cut loses the entries appended before', () => {
    const report = runCampaign([appendInPlace(logSite)], { seed: SEED });
    expect(report.corrupted).toBeGreaterThan(0);
    expect(report.rolledBack).toBeGreaterThan(0);
    const example = report.byUpdate[0]!.examples[0]!;
    // The torn copy held entries 7-9; its older copy holds 7-8: entry 9, committed before the update, is gone.
    expect(example).toMatchObject({ corrupted: true, rolledBack: ['log head'], damaged: ['log entry 9 is gone'] });
    expect(campaignFailed(report)).toBe(true);
  });

  it('should call rolled back a failed-MAC count kept in one cell rewritten in place', () => {
    const report = runCampaign([counterInPlace(logSite)], { seed: SEED });
    expect(report.rolledBack).toBeGreaterThan(0);
    expect(report.byUpdate[0]!.examples.find((verdict) => verdict.rolledBack.length > 0)).toMatchObject({ rolledBack: ['failedMacs'] });
  });

  it('should call lost, and nothing else, an entry committed and then destroyed by a write in place', () => {
    const report = runCampaign([appendThenRewrite(logSite)], { seed: SEED });
    expect(report.lost).toBeGreaterThan(0);
    expect(report).toMatchObject({ corrupted: 0, rolledBack: 0 });
    expect(report.byUpdate[0]!.examples.every((verdict) => verdict.point.write === 1 && verdict.lost && verdict.damaged.length === 0)).toBe(true);
  });

  it("should learn each of a read-out's appends as a commit, and accept a cut between them as the state the first one made", () => {
    const learned = learnUpdate(twoAppends(logSite));
    expect(learned.commitWrites).toEqual([0, 1]);
    const report = runCampaign([twoAppends(logSite)], { seed: SEED });
    expect(report).toMatchObject({ cutPoints: 2 * 64 * 2, corrupted: 0, rolledBack: 0, lost: 0, unanswered: 0 });
    expect(report.byUpdate[0]!.commitWrites).toEqual([0, 1]);
  });
});
