/**
 * The run as one self-contained HTML file: the summary, the plots (openings per day, refusals by
 * reason, revocation latency by path, the energy margin distribution) and the audit table with the
 * first breaches. No script, no external resource: it opens anywhere, offline, and renders the same
 * in a headless browser (the test screenshots it with Chromium).
 */
import type { EstateResults } from '../results/estate-results.js';
import { formatSimDay, formatSimTime, parseSimTime, dayOf } from '../scenario/sim-time.js';
import { auditTable } from './summary-text.js';
import { barChart, cdfChart, escapeXml, histogram, lineChart } from './svg-charts.js';

/** Bins of the energy margin histogram. */
const MARGIN_BINS = 30;

export function htmlReport(results: EstateResults): string {
  const r = results;
  const s = r.scenario;
  const firstDay = dayOf(parseSimTime(r.perDay.from)!);
  const dayLabel = (d: number) => formatSimDay(firstDay + d).slice(5);
  const byPath = r.revocationLatency.perDoor;
  const latencies = (path: string) => byPath.filter((d) => d.path === path && d.latencyDays !== null).map((d) => d.latencyDays!);
  const charts = [
    lineChart('Openings per day', [
      { name: 'openings', values: r.perDay.openings },
      { name: 'granted', values: r.perDay.grants },
      { name: 'refused', values: r.perDay.refusals },
      { name: 'without power', values: r.perDay.energyFailures },
    ], dayLabel, 'openings'),
    barChart('Refusals by reason', Object.entries(r.refusals.byReason).map(([label, value]) => ({ label, value })), 'refusals'),
    cdfChart('Revocation latency of lost keys, by how the delta reached the door', [
      { name: 'programming round', values: latencies('programming') },
      { name: 'physical user key', values: latencies('physical') },
      { name: 'phone key', values: latencies('phone') },
    ], 'days from the report until the door refused the key'),
    histogram('Energy margin at the end of the key turn', r.marginsUj, MARGIN_BINS, 'uJ the capacitor still held (physics-model insertions)'),
  ];
  const row = (label: string, value: string) => `<tr><th>${escapeXml(label)}</th><td>${escapeXml(value)}</td></tr>`;
  const n = (value: number) => value.toLocaleString('en-US');
  const audit = r.audit
    .map((rule) => {
      const breaches = rule.breaches.map((b) => `<li>${escapeXml(`${formatSimTime(b.at)} ${b.door} key ${b.keyId}: ${b.what}`)}</li>`).join('');
      return `<tr class="${rule.status.replace(' ', '-')}"><td>${escapeXml(rule.requirements)}</td><td>${escapeXml(rule.title)}${breaches ? `<ul>${breaches}</ul>` : ''}</td><td>${escapeXml(rule.status.toUpperCase())}</td><td>${n(rule.failures)}</td><td>${escapeXml(offlineText(rule))}</td></tr>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(s.name)}: estate report</title>
<style>
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; max-width: 1600px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
.pass td:nth-child(3) { color: #1a7f37; font-weight: bold; }
.fail td:nth-child(3) { color: #cf222e; font-weight: bold; }
.no-cases td:nth-child(3) { color: #6e7781; }
pre { font-size: 12px; background: #f6f8fa; padding: 8px; overflow-x: auto; }
</style>
</head>
<body>
<h1>${escapeXml(s.name)}</h1>
<table>
${row('estate', `${s.complexes} complexes, ${n(s.cylinders)} cylinders, ${n(s.dwellings)} dwellings, ${n(s.households)} households, ${n(s.keys)} keys`)}
${row('simulated', `${s.from} to ${s.to} (${s.days} days), profile ${s.profile}, seed "${s.seed}"`)}
${row('openings', `${n(r.openings)}: granted ${n(r.grants)}, refused ${n(r.refusals.total)}, without power ${n(r.energy.noPowerOn + r.energy.brownOut)}`)}
${row('keys', `physical ${n(r.byCarrier.physical)} openings, phone ${n(r.byCarrier.phone)}; ${n(r.programmingSessions)} programming-key sessions`)}
${row('energy', `${n(r.energy.noPowerOn)} turns too slow to power on, ${n(r.energy.brownOut)} brown-outs, ${n(r.energy.insufficientEnergy)} refused for energy; ${n(r.energy.physicsInsertions)} insertions on the full physics model`)}
${row('revocation latency (all doors)', spreadText(r.revocationLatency.all) + `; ${n(r.revocationLatency.notReached)} doors not reached by the end`)}
${row("previous tenants' keys at common doors", spreadText(r.tenantChangeLatency.commonDoors) + `; ${n(r.tenantChangeLatency.commonDoors.notLearned)} doors not by the end`)}
</table>
<h2>Plots</h2>
<div class="charts">
${charts.join('\n')}
</div>
<h2>Rules audit (judged by the simulation's true clock)</h2>
<table>
<tr><th>requirement</th><th>rule</th><th>result</th><th>failures</th><th>offline latency (figures, not failures)</th></tr>
${audit}
</table>
<h2>As printed</h2>
<pre>${escapeXml(auditTable(r.audit))}</pre>
</body>
</html>
`;
}

function spreadText(spread: { count: number; p50: number | null; p99: number | null }): string {
  return spread.count === 0 ? 'no cases' : `p50 ${spread.p50!.toFixed(2)} days, p99 ${spread.p99!.toFixed(2)} days over ${spread.count} doors`;
}

function offlineText(rule: EstateResults['audit'][number]): string {
  if (rule.offline.cases === 0) return `checked ${rule.checked.toLocaleString('en-US')}`;
  return `${rule.offline.cases} before the lock could know: p50 ${rule.offline.delayDays.p50!.toFixed(2)} d, p99 ${rule.offline.delayDays.p99!.toFixed(2)} d`;
}
