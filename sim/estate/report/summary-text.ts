/** The run's results as the terminal shows them: what happened, the latencies, and the audit table. */
import type { RuleResult } from '../audit/evaluate-audit.js';
import type { Spread } from '../results/quantiles.js';
import type { EstateResults } from '../results/estate-results.js';
import { formatSimTime } from '../scenario/sim-time.js';

const n = (value: number) => value.toLocaleString('en-US');
const pct = (part: number, whole: number) => (whole === 0 ? '0.0' : ((100 * part) / whole).toFixed(1));
const days = (spread: Spread) => (spread.count === 0 ? 'none' : `p50 ${spread.p50!.toFixed(2)} d, p99 ${spread.p99!.toFixed(2)} d (${n(spread.count)} doors)`);

export function summaryText(results: EstateResults): string {
  const r = results;
  const s = r.scenario;
  const lines: string[] = [];
  lines.push(`${s.name}`);
  lines.push(`  ${s.complexes} complexes, ${n(s.cylinders)} cylinders, ${n(s.dwellings)} dwellings, ${n(s.households)} households, ${n(s.keys)} keys; ${s.from} to ${s.to} (${s.days} days), profile ${s.profile}, seed "${s.seed}"`);
  lines.push('');
  lines.push(`openings ${n(r.openings)}: granted ${n(r.grants)}, refused ${n(r.refusals.total)}, without power ${n(r.energy.noPowerOn + r.energy.brownOut)}; by physical keys ${n(r.byCarrier.physical)}, by phones ${n(r.byCarrier.phone)}; ${n(r.programmingSessions)} programming-key sessions`);
  const reasons = Object.entries(r.refusals.byReason).sort((a, b) => b[1] - a[1]);
  lines.push(`refusals by reason: ${reasons.length === 0 ? 'none' : reasons.map(([reason, count]) => `${reason} ${n(count)}`).join(', ')}`);
  lines.push(
    `energy: ${n(r.energy.noPowerOn)} turns (${pct(r.energy.noPowerOn, r.openings)} %) too slow to power the lock on, ${n(r.energy.brownOut)} brown-outs, ${n(r.energy.insufficientEnergy)} refused for energy, ${n(r.energy.givenUp)} given up after three turns`,
  );
  const m = r.energy.marginUj;
  if (m.count > 0) lines.push(`  margin at the end of the turn (${n(m.count)} insertions on the physics model): p1 ${m.p1!.toFixed(0)} uJ, p50 ${m.p50!.toFixed(0)} uJ, least ${m.min!.toFixed(0)} uJ`);
  lines.push('');
  lines.push('revocation latency of lost keys (report to the door refusing the key), by how the blocklist delta reached the door:');
  lines.push(`  programming round   ${days(r.revocationLatency.byPath.programming)}`);
  lines.push(`  physical user key   ${days(r.revocationLatency.byPath.physical)}`);
  lines.push(`  phone key           ${days(r.revocationLatency.byPath.phone)}`);
  lines.push(`  all doors           ${days(r.revocationLatency.all)}; not reached by the end: ${n(r.revocationLatency.notReached)} doors`);
  const t = r.tenantChangeLatency;
  lines.push(`previous tenants' keys after a tenant change, until refused: common doors ${days(t.commonDoors)}, not by the end ${n(t.commonDoors.notLearned)}; own doors ${days(t.privateDoors)}, not by the end ${n(t.privateDoors.notLearned)}`);
  lines.push('');
  lines.push(auditTable(r.audit));
  return lines.join('\n');
}

const STATUS: Record<RuleResult['status'], string> = { pass: 'PASS', fail: 'FAIL', 'no cases': 'NO CASES' };

/** One line per rule: requirement, result, failures, and the offline figures. */
export function auditTable(rules: readonly RuleResult[]): string {
  const rows = rules.map((rule) => [rule.requirements, rule.title, STATUS[rule.status], n(rule.failures), figuresText(rule)]);
  const header = ['requirement', 'rule (judged by the true clock)', 'result', 'failures', 'offline latency (figures, not failures)'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = ['audit', line(header), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of rows) out.push(line(row));
  for (const rule of rules) {
    for (const breach of rule.breaches.slice(0, 5)) out.push(`  ${STATUS[rule.status]} ${rule.id}: ${formatSimTime(breach.at)} ${breach.door} key ${breach.keyId}: ${breach.what}`);
  }
  return out.join('\n');
}

function figuresText(rule: RuleResult): string {
  const parts: string[] = [];
  if (rule.offline.cases > 0) parts.push(`${n(rule.offline.cases)} before the lock could know: p50 ${rule.offline.delayDays.p50!.toFixed(2)} d, p99 ${rule.offline.delayDays.p99!.toFixed(2)} d`);
  const shown = rule.figures['shownAfterDays'];
  if (shown && shown.count > 0) parts.push(`shown after p50 ${shown.p50!.toFixed(2)} d, p99 ${shown.p99!.toFixed(2)} d`);
  const unseen = rule.figures['notShownByEndDays'];
  if (unseen && unseen.count > 0) parts.push(`${unseen.count} not yet seen by the end`);
  const age = rule.figures['credentialAgeDays'];
  if (age && age.count > 0) parts.push(`credential age at use up to ${age.max!.toFixed(0)} d`);
  const kept = rule.figures['unreachableKeptDays'];
  if (kept && kept.count > 0) parts.push(`entries no read reaches kept in NVM up to ${kept.max!.toFixed(0)} d`);
  return parts.length > 0 ? parts.join('; ') : `checked ${n(rule.checked)}`;
}
