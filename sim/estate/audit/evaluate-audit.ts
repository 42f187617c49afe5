/**
 * The rules audit over the whole estate: each rule's evidence from every complex merged (in the
 * complexes' order, so the result does not depend on which thread ran which), then judged: fail
 * when the lock (or the management system) could have prevented a breach, pass otherwise; the
 * offline latencies are reported beside, as figures.
 */
import { MINUTES_PER_DAY } from '../scenario/sim-time.js';
import { spread, type Spread } from '../results/quantiles.js';
import { EXAMPLES_KEPT, type Breach, type RuleEvidence, type ShardResult } from '../run/shard-result.js';
import { RULES, type RuleId } from './rules.js';

export type RuleStatus = 'pass' | 'fail' | 'no cases';

export interface RuleResult {
  id: RuleId;
  requirements: string;
  title: string;
  status: RuleStatus;
  /** Grants or events the rule was checked against. */
  checked: number;
  failures: number;
  /** The first breaches, by time: when (true clock), door, key, what. */
  breaches: Breach[];
  /** Breaches only an online lock could have prevented, and how late the news was, in days. */
  offline: { cases: number; delayDays: Spread };
  /** Further figures of the rule, by name. */
  figures: Record<string, Spread>;
}

/** Figure names recorded in minutes are shown in days. */
const MINUTE_FIGURES = new Set(['shownAfterMin', 'notShownByEndMin']);

export function evaluateAudit(shards: readonly ShardResult[]): RuleResult[] {
  return RULES.map((rule) => {
    const merged = mergeEvidence(shards.map((shard) => shard.audit[rule.id]!).filter((evidence): evidence is RuleEvidence => evidence !== undefined));
    const figures: Record<string, Spread> = {};
    for (const [name, values] of Object.entries(merged.figures)) {
      figures[name.replace(/Min$/, 'Days')] = spread(values, MINUTE_FIGURES.has(name) ? MINUTES_PER_DAY : 1);
    }
    const base = {
      id: rule.id,
      requirements: rule.requirements,
      title: rule.title,
      checked: merged.checked,
      failures: merged.failures,
      breaches: merged.examples,
      offline: { cases: merged.offlineCases, delayDays: spread(merged.offlineDelaysMin, MINUTES_PER_DAY) },
      figures,
    };
    const status: RuleStatus = merged.failures > 0 ? 'fail' : merged.checked === 0 ? 'no cases' : 'pass';
    return { ...base, status };
  });
}

function mergeEvidence(list: readonly RuleEvidence[]): RuleEvidence {
  const merged: RuleEvidence = { checked: 0, failures: 0, examples: [], offlineCases: 0, offlineDelaysMin: [], figures: {} };
  for (const evidence of list) {
    merged.checked += evidence.checked;
    merged.failures += evidence.failures;
    merged.examples.push(...evidence.examples);
    merged.offlineCases += evidence.offlineCases;
    merged.offlineDelaysMin.push(...evidence.offlineDelaysMin);
    for (const [name, values] of Object.entries(evidence.figures)) (merged.figures[name] ??= []).push(...values);
  }
  merged.examples = merged.examples.sort((a, b) => a.at - b.at || a.keyId - b.keyId || (a.door < b.door ? -1 : a.door > b.door ? 1 : 0)).slice(0, EXAMPLES_KEPT);
  return merged;
}
