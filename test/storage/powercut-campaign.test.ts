/**
 * The power-cut campaign of the firmware on the reference profile (STORAGE.md, "The power-cut
 * campaign"): every update of STORAGE.md's table, made by keys at the firmware, cut at every byte of
 * every write in both tear modes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { loadImage } from '../../host/firmware/image.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { ReadoutWhy } from '../../host/protocol/frames/log-entry.js';
import { logPagesFor } from '../../host/protocol/frames/provisioning-record.js';
import { INSTALL_DAY } from '../../host/storage/campaign/campaign-site.js';
import { firmwareUpdate } from '../../host/storage/campaign/firmware-update.js';
import { learnUpdate, type LearnedUpdate } from '../../host/storage/campaign/learn-update.js';
import { powercutCampaign, type PowercutReport } from '../../host/storage/campaign/powercut-campaign.js';
import { TENANT } from '../../host/storage/campaign/update-scenario.js';
import { UPDATE_SCENARIOS } from '../../host/storage/campaign/update-scenarios.js';
import type { LockImage, ProvisionedImage } from '../../host/storage/nvm-image.js';
import type { NvmWrite } from '../../host/storage/torn-nvm.js';
import { counterCellAddress, logCopyAddress } from './support/nvm-image-builder.js';

const profile = loadProfileByName('reference-m0plus');
/** Where the reference profile's record puts the log and the counter (STORAGE.md, "Layout"). */
const layout = { blocklist: profile.capacities.blocklistEntries.value, generation: profile.capacities.generationTableEntries.value, logPages: logPagesFor(profile.capacities.logEntries.value) };
/** The whole campaign takes some 15 s of one core on an idle machine; the suite shares two cores. */
const CAMPAIGN_TIMEOUT_MS = 300_000;

/** Each update's clean run, made once (the ring's second round takes 1,008 sessions to prepare). */
const cleanRuns = new Map<string, LearnedUpdate<LockImage>>();

function learned(name: string): LearnedUpdate<LockImage> {
  const scenario = UPDATE_SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new Error(`no update scenario "${name}"`);
  const run = cleanRuns.get(name) ?? learnUpdate(firmwareUpdate(scenario, { profile, image: loadImage('release'), seed: 'campaign test' }));
  cleanRuns.set(name, run);
  return run;
}

function provisioned(image: LockImage): ProvisionedImage {
  if (!image.provisioned) throw new Error('expected a provisioned lock');
  return image;
}

/** One update's clean run: the states before, after each write and after, as the decoder reads them, and its writes. */
function learnedChange(name: string): { before: ProvisionedImage; after: ProvisionedImage; states: LockImage[]; writes: NvmWrite[] } {
  const { before, after, states, writes } = learned(name);
  return { before: provisioned(before), after: provisioned(after), states, writes };
}

/** The states before and after one update, as the decoder reads the firmware's NVM. */
function change(name: string): { before: ProvisionedImage; after: ProvisionedImage } {
  const { before, after } = learned(name);
  return { before: provisioned(before), after: provisioned(after) };
}

describe('the power-cut campaign on the reference profile', () => {
  let report: PowercutReport;
  beforeAll(() => {
    report = powercutCampaign(profile, { seed: 'powercut' });
  }, CAMPAIGN_TIMEOUT_MS);

  it('should cut every kind of update at 10,000 points at least, and leave no corrupted, rolled-back or lost state, nor a lock that does not answer', () => {
    expect(report.byUpdate.map((update) => update.update)).toEqual(UPDATE_SCENARIOS.map((scenario) => scenario.name));
    expect(report.cutPoints).toBeGreaterThanOrEqual(10_000);
    expect(report.byUpdate.filter((update) => update.examples.length > 0)).toEqual([]);
    expect(report).toMatchObject({ updates: 31, corrupted: 0, rolledBack: 0, lost: 0, unanswered: 0 });
  });

  it('should find every update committed by its last write, and the two-step ones by each of their writes (STORAGE.md, "How each update is made")', () => {
    // A refusal's mark, then its entry; a read-out's entry, then its detail; a session's opening entry, then its hold.
    const twoCommits = ['logged refusal moving the mark', 'read-out', 'hold set'];
    // A new pending T replacing one kept: the state without it, then T_auth's schedule and the state with the new one.
    const droppingFirst = ['pending T handed again', 'rotation replacing a pending T'];
    // A delta staged (its slot, the state), then merged at the same session's AUTH (the chunks, the state).
    const stagedThenMerged = ['blocklist delta', 'blocklist delta with retired entries'];
    for (const update of report.byUpdate) {
      const expected = twoCommits.includes(update.update)
        ? [0, 1]
        : droppingFirst.includes(update.update)
          ? [0, 2]
          : stagedThenMerged.includes(update.update)
            ? [1, update.writes - 1]
            : [update.writes - 1];
      expect({ update: update.update, commitWrites: update.commitWrites }).toEqual({ update: update.update, commitWrites: expected });
    }
  });

  it('should find the copies of the tables in writes of 16 entries, then the state', () => {
    const writes = (name: string) => learned(name).writes.map((write) => write.lengthBytes);
    // The delta's staging slot (124 bytes) and the state; then 320 entries, 12 added and 4 removed: 20 writes of 16 entries and one of 8, then the state.
    expect(writes('blocklist delta')).toEqual([124, 104, ...Array<number>(20).fill(96), 48, 104]);
    expect(writes('blocklist delta staged')).toEqual([124, 104]);
    expect(writes('blocklist merge step')).toEqual([96, 96, 96, 96, 104]);
    expect(writes("blocklist merge's last step")).toEqual([48, 104]);
    expect(writes('generation table insert')).toEqual([96, 96, 96, 12, 104]);
  });
});

describe('the updates the campaign cuts, read by the decoder', () => {
  it('should provision the lock with the magic word last, in a page of its own (0x0080)', () => {
    const { before, after, writes } = learned('provisioning');
    expect(before).toEqual({ provisioned: false });
    expect(provisioned(after).state.markDay).toBe(INSTALL_DAY);
    expect(writes.at(-1)).toEqual({ address: 0x0080, lengthBytes: 4 });
  });

  it('should move the time mark by the 5 days of the key', () => {
    const { before, after } = change('time mark');
    expect(after.state.markDay).toBe(before.state.markDay + 5);
  });

  it('should stage a delta with its version at once, take 4 chunks in a merge step, and commit the list at the last', () => {
    const staged = change('blocklist delta staged');
    expect(staged.after.state.blocklistVersion).toBe(staged.before.state.blocklistVersion + 1);
    expect([staged.after.staging.staged.length, staged.after.blocklist]).toEqual([1, staged.before.blocklist]);
    const step = change('blocklist merge step');
    expect([step.before.staging.merge, step.after.staging.merge?.written.length]).toEqual([null, 64]);
    const last = change("blocklist merge's last step");
    expect([last.before.staging.merge?.written.length, last.after.staging.merge, last.after.staging.staged, last.after.blocklist.length]).toEqual([320, null, [], 328]);
  });

  it('should apply a delta: the next version, 12 keys added and 4 removed', () => {
    const { before, after } = change('blocklist delta');
    expect(after.state.blocklistVersion).toBe(before.state.blocklistVersion + 1);
    expect([before.blocklist.length, after.blocklist.length]).toEqual([320, 328]);
  });

  it('should drop at a delta the entries that retired before the mark', () => {
    const { before, after } = change('blocklist delta with retired entries');
    expect([before.blocklist.length, after.blocklist.length]).toEqual([64, 40]);
    expect(after.blocklist.every((entry) => entry.retireDay >= after.state.markDay)).toBe(true);
  });

  it('should insert a new dwelling before all others in the front door table, and raise a known one', () => {
    const inserted = change('generation table insert');
    expect([inserted.before.generationTable.length, inserted.after.generationTable.length]).toEqual([49, 50]);
    expect(inserted.after.generationTable[0]).toEqual({ dwellingId: 150, generation: 1, firstSeenDay: INSTALL_DAY });
    const raised = change('generation table raise').after.generationTable;
    expect(raised.find((entry) => entry.dwellingId === 300)).toMatchObject({ generation: 2 });
  });

  it('should give the private lock its first tenant, then the next one, each with a new T pending and its schedule in the other slot', () => {
    const first = change('first tenant change');
    expect(first.before.state).toMatchObject({ generation: 0, hasTenant: false, pendingTenantSecret: null });
    expect(first.after.state).toMatchObject({ generation: 1, hasTenant: false, changeDay: INSTALL_DAY, enrolment: [TENANT] });
    expect(first.after.state.pendingTenantSecret).not.toBeNull();
    expect(first.after.pendingTenantAuthSchedule).not.toBeNull();
    const next = change('tenant change');
    expect(next.before.state).toMatchObject({ hasTenant: true, pendingTenantSecret: null });
    expect(next.after.state).toMatchObject({ generation: 2, consentEpoch: 0, enrolment: [202], hasTenant: false, tenantSecret: '00'.repeat(16) });
    expect(next.after.state.pendingTenantSecret).not.toBeNull();
    expect(next.after.pendingTenantAuthSchedule).not.toBe(next.before.tenantAuthSchedule);
  });

  it("should hand the tenant change's key a fresh pending T in place of the one kept, and make a proved pending T current by the state alone", () => {
    const again = change('pending T handed again');
    expect(again.after.state.pendingTenantSecret).not.toBeNull();
    expect(again.after.state.pendingTenantSecret).not.toBe(again.before.state.pendingTenantSecret);
    expect(again.after.state).toMatchObject({ hasTenant: false, enrolment: [TENANT] });
    const made = learnedChange('pending T made current');
    expect(made.writes.map((write) => write.lengthBytes)).toEqual([104]);
    expect(made.after.state).toMatchObject({ hasTenant: true, pendingTenantSecret: null, enrolment: [], tenantSecret: made.before.state.pendingTenantSecret });
    expect(made.after.tenantAuthSchedule).toBe(made.before.pendingTenantAuthSchedule);
  });

  it('should keep a rotated T pending beside the current one, and keep the generation', () => {
    const { before, after } = change('rotation');
    expect(after.state.tenantSecret).toBe(before.state.tenantSecret);
    expect(after.tenantAuthSchedule).toBe(before.tenantAuthSchedule);
    expect(after.state.pendingTenantSecret).not.toBeNull();
    expect(after.pendingTenantAuthSchedule).not.toBe(before.tenantAuthSchedule);
    expect(after.state.generation).toBe(before.state.generation);
    const replaced = learnedChange('rotation replacing a pending T');
    expect(replaced.writes.map((write) => write.lengthBytes)).toEqual([104, 208, 104]);
    expect(replaced.after.state.pendingTenantSecret).not.toBe(replaced.before.state.pendingTenantSecret);
    expect(replaced.after.state.tenantSecret).toBe(replaced.before.state.tenantSecret);
  });

  it('should add a waiting key, and take the enrolled one off the list at its first session', () => {
    expect(change('enrolment added').after.state.enrolment).toEqual([203]);
    const consumed = change('enrolment consumed');
    expect([consumed.before.state.enrolment, consumed.after.state.enrolment]).toEqual([[204, 205], [205]]);
  });

  it('should raise the consent epoch by one', () => {
    const { before, after } = change('consent epoch');
    expect(after.state.consentEpoch).toBe(before.state.consentEpoch + 1);
  });

  it('should record an emergency opening with its detail, count the 9th without one, and take the acknowledgement', () => {
    const first = change('emergency opening').after;
    expect(first.state.emergencyCount).toBe(1);
    expect(first.emergencyDetails).toEqual([{ day: INSTALL_DAY, minuteOfDay: 601, keyId: 901 }]);
    const ninth = change('9th emergency opening');
    expect([ninth.before.state.emergencyCount, ninth.after.state.emergencyCount]).toEqual([8, 9]);
    expect(ninth.after.emergencyDetails).toEqual(ninth.before.emergencyDetails);
    expect(change('acknowledgement').after.state).toMatchObject({ emergencyCount: 2, emergencyAcked: 2 });
  });

  it('should switch the log on in the state alone', () => {
    const { before, after } = change('log switched on');
    expect([before.state.logOn, after.state.logOn]).toEqual([false, true]);
    expect(after.log).toEqual(before.log);
  });

  it("should append a logged opening as the next entry: the first of page 1 (the 8th), one mid-page, the first of the ring's second round", () => {
    const pages = logPagesFor(profile.capacities.logEntries.value);
    for (const [name, number, writtenAt] of [
      ['logged opening, a new page', 7, [1, 0]],
      ['logged opening, mid-page', 10, [1, 1]],
      ["logged opening, the ring's second round", 7 * pages, [0, 1]],
    ] as const) {
      const { before, after, writes } = learnedChange(name);
      expect(after.log.head).toBe(before.log.head + 1);
      expect(after.log.entries.at(-1)).toEqual({ number, kind: 'decision', keyId: TENANT, day: INSTALL_DAY, minuteOfDay: 9 * 60, reason: Reason.Ok });
      expect(writes).toEqual([{ address: logCopyAddress(layout, writtenAt[0], writtenAt[1]), lengthBytes: 64 }]);
    }
    // Page 0 leaves the ring when page P starts in its pair: the ring holds pages 1..P.
    const round = learnedChange("logged opening, the ring's second round");
    expect([round.before.log.entries[0]!.number, round.after.log.entries[0]!.number]).toEqual([0, 7]);
  });

  it('should move the mark of a logged refusal, then append its entry', () => {
    const { before, after, states } = learnedChange('logged refusal moving the mark');
    expect(after.state.markDay).toBe(before.state.markDay + 5);
    expect(after.log.entries.at(-1)).toMatchObject({ number: 3, kind: 'decision', keyId: 301, day: INSTALL_DAY + 5, reason: Reason.NoTenantProof });
    // After the state's write, before the entry's: the mark moved, the log as it was.
    expect(provisioned(states[0]!)).toMatchObject({ state: { markDay: INSTALL_DAY + 5 }, log: before.log });
  });

  it('should record a read-out and its detail: the last entry of page 0, the first of page 1', () => {
    const { before, after } = learnedChange('read-out');
    expect(after.log.entries.slice(before.log.head)).toEqual([
      { number: 6, kind: 'readout', readerKeyId: TENANT, day: INSTALL_DAY, minuteOfDay: 9 * 60 },
      { number: 7, kind: 'readout-detail', found: 6, why: ReadoutWhy.TenantReview, day: INSTALL_DAY, minuteOfDay: 9 * 60 },
    ]);
  });

  it('should set the hold with the log start past the entries the mark had purged', () => {
    const { before, after } = learnedChange('hold set');
    expect(before.state).toMatchObject({ logHold: false, logStart: 0, markDay: INSTALL_DAY + 30 });
    // Entries 0-2 (the install day) are past 28 days; entry 3 is of the mark's day.
    expect(after.state).toMatchObject({ logOn: true, logHold: true, logStart: 3 });
  });

  it('should wipe the log at a tenant change: its start at the head, the log off and the hold released, the entries still in the ring', () => {
    const { before, after } = learnedChange('tenant change with the log on');
    expect(before.state).toMatchObject({ logOn: true, logHold: true, logStart: 0 });
    expect(after.state).toMatchObject({ generation: 2, logOn: false, logHold: false, logStart: before.log.head });
    expect(after.log).toEqual(before.log);
  });

  it('should count a failed MAC in the next cell, and the 9th in cell 0 again', () => {
    const first = learnedChange('failed MAC counted');
    expect([first.before.failedMacs, first.after.failedMacs]).toEqual([0, 1]);
    expect(first.writes).toEqual([{ address: counterCellAddress(layout, 0), lengthBytes: 8 }]);
    const ninth = learnedChange('9th failed MAC (cell 0 again)');
    expect([ninth.before.failedMacs, ninth.after.failedMacs]).toEqual([8, 9]);
    expect(ninth.writes).toEqual([{ address: counterCellAddress(layout, 0), lengthBytes: 8 }]);
  });

  it('should give the same report for the same seed', () => {
    const run = () => powercutCampaign(profile, { seed: 'determinism', updates: ['time mark', 'emergency opening'] });
    expect(run()).toEqual(run());
  });
});
