/**
 * A power cut between the MAC check and every later step (DESIGN.md, "Power-cut safety"; PROTOCOL.md
 * §7.10; docs/STORAGE.md): every session whose checks pass and then write (a grant or a refusal
 * that moves the mark, a generation raised, tenant changes, an enrolment, an emergency opening, the
 * tenant commands) is cut in every page of every write in both tear modes (host/storage's torn NVM;
 * cuts/page-cut-points.ts), at the release, and after the answer. After each cut the lock boots on what was left and the
 * same key, as it was before (it never received the answer), is inserted again.
 *
 * The attack wins a cut that opened the door without the opening's commit, opened more often than
 * the clean session, or left a state that is neither the old nor the new one. The row also counts
 * what the retry got: where it is not what a clean lock gives (`expected`), something was lost to
 * the key although the lock's state is whole.
 */
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import type { Attack, AttackContext } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite } from '../attack-site.js';
import { keyNonceFrom, reasonName } from '../by-hand.js';
import { cutUpdate, type CutResult } from '../cuts/cut-update.js';
import { insertReplica, type KeyReplica } from '../key-replica.js';
import { POWER_CUT_UPDATES, type PowerCutUpdate } from './power-cut-updates.js';

export interface PowerCutFinding extends CutResult {
  update: string;
  /** What the retry got. */
  retry: string;
  /** The retry got what a clean lock gives. */
  retryAsExpected: boolean;
}

/** Every cut of every update, with the retry after it. */
export function runPowerCuts(context: AttackContext, updates: readonly PowerCutUpdate[] = POWER_CUT_UPDATES): PowerCutFinding[] {
  const site = attackSite(context, 'power cut');
  const nonces = new SeededEntropy(`${context.seed} power cut retries`);
  return updates.flatMap((update) => {
    let retryKey: KeyReplica | undefined;
    const retries: { retry: string; retryAsExpected: boolean }[] = [];
    const report = cutUpdate({
      site,
      name: `power cut: ${update.name}`,
      door: update.door,
      prepare(lock) {
        const made = update.prepare(site, lock);
        retryKey = made.retry;
        return (target) => {
          made.key.insert(target, made.commands ? { commands: made.commands } : {});
        };
      },
      judge(rebooted, observation) {
        const answer = insertReplica(rebooted.target, retryKey!, keyNonceFrom(nonces));
        retries.push({ retry: reasonName(answer.reason), retryAsExpected: answer.reason === update.expected });
        if (!observation.intact) return { achieved: true, label: 'state neither old nor new' };
        if (observation.releases > 0 && update.commitBeforeRelease && !observation.committed) return { achieved: true, label: 'opened without its commit' };
        return { achieved: false, label: 'no extra opening, state old or new' };
      },
    });
    return report.cuts.map((cut, i) => {
      const extra = cut.releases > report.releases;
      return { ...cut, ...retries[i]!, update: update.name, achieved: cut.achieved || extra, label: extra ? 'opened more often than the clean session' : cut.label };
    });
  });
}

export const powerCutAttack: Attack = {
  name: 'power cut after the MAC check',
  description: 'every session that writes after its MAC check, cut in every page of every write (both tear modes), at the release and after the answer; the same key again after the reboot (DESIGN.md "Power-cut safety"; PROTOCOL.md §7.10; docs/STORAGE.md)',
  run(context) {
    const tally = new AttackTally();
    const findings = runPowerCuts(context);
    for (const finding of findings) tally.record(finding.achieved, finding.label);
    const unexpected = new Map<string, number>();
    for (const finding of findings.filter((f) => !f.retryAsExpected)) {
      const label = `${finding.update}: ${finding.retry}`;
      unexpected.set(label, (unexpected.get(label) ?? 0) + 1);
    }
    const asExpected = findings.length - [...unexpected.values()].reduce((sum, n) => sum + n, 0);
    const retryNote = `the key again after the reboot: as on a clean lock ×${asExpected.toLocaleString('en-US')}${[...unexpected].map(([label, n]) => `, refused (${label}) ×${n}`).join('')}`;
    return tally.row(this.name, `${POWER_CUT_UPDATES.length} kinds of session; ${retryNote}`);
  },
};
