/**
 * The report's plots as inline SVG: a line chart of daily series, horizontal bars, a histogram and
 * cumulative distributions. Plain SVG text, so the report is one self-contained file that any
 * browser renders without a script or a network.
 */

const WIDTH = 760;
const HEIGHT = 300;
const MARGIN = { left: 70, right: 20, top: 36, bottom: 46 };
export const PALETTE = ['#1f77b4', '#2ca02c', '#d62728', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const fmt = (value: number) => (Math.abs(value) >= 1000 ? value.toLocaleString('en-US', { maximumFractionDigits: 0 }) : String(Math.round(value * 100) / 100));

/** A round step for about `ticks` divisions of [0, max]. */
function niceStep(max: number, ticks: number): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const unit = raw / power;
  return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
}

function frame(title: string, body: string, xLabel: string, yLabel: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    body,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 8}" text-anchor="middle" font-size="12">${escapeXml(xLabel)}</text>`,
    `<text transform="translate(16 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${escapeXml(yLabel)}</text>`,
    '</svg>',
  ].join('\n');
}

/** Axes with y ticks from 0 to yMax; returns the SVG and the scale functions. */
function axes(xMax: number, yMax: number, xTick: (x: number) => string, xTicks = 6) {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (value: number) => MARGIN.left + (xMax > 0 ? (value / xMax) * plotW : 0);
  const y = (value: number) => MARGIN.top + plotH - (yMax > 0 ? (value / yMax) * plotH : 0);
  const parts: string[] = [`<line x1="${MARGIN.left}" y1="${y(0)}" x2="${MARGIN.left + plotW}" y2="${y(0)}" stroke="#333"/>`, `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${y(0)}" stroke="#333"/>`];
  const step = niceStep(yMax, 5);
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    parts.push(`<line x1="${MARGIN.left}" y1="${y(v)}" x2="${MARGIN.left + plotW}" y2="${y(v)}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${fmt(v)}</text>`);
  }
  for (let i = 0; i <= xTicks; i++) {
    const value = (xMax * i) / xTicks;
    parts.push(`<text x="${x(value)}" y="${y(0) + 16}" text-anchor="middle" font-size="11">${escapeXml(xTick(value))}</text>`);
  }
  return { svg: parts.join('\n'), x, y };
}

function legend(names: readonly string[]): string {
  return names.map((name, i) => `<rect x="${MARGIN.left + 10 + i * 150}" y="${MARGIN.top - 2}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/><text x="${MARGIN.left + 26 + i * 150}" y="${MARGIN.top + 8}" font-size="11">${escapeXml(name)}</text>`).join('\n');
}

export interface Series {
  name: string;
  values: readonly number[];
}

/** Daily series against the day index; `dayLabel` names a day index. */
export function lineChart(title: string, series: readonly Series[], dayLabel: (day: number) => string, yLabel: string): string {
  const length = Math.max(1, ...series.map((s) => s.values.length));
  const yMax = Math.max(1, ...series.flatMap((s) => s.values)) * 1.05;
  const { svg, x, y } = axes(length - 1, yMax, (d) => dayLabel(Math.round(d)));
  const lines = series.map((s, i) => {
    const points = s.values.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return `<polyline fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="1.5" points="${points}"/>`;
  });
  return frame(title, [svg, ...lines, legend(series.map((s) => s.name))].join('\n'), 'day', yLabel);
}

/** Horizontal bars, largest first. */
export function barChart(title: string, items: readonly { label: string; value: number }[], xLabel: string): string {
  const sorted = [...items].sort((a, b) => b.value - a.value);
  if (sorted.length === 0) return frame(title, `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" font-size="13">none</text>`, xLabel, '');
  const left = 170;
  const plotW = WIDTH - left - 80;
  const rowH = Math.min(28, (HEIGHT - MARGIN.top - MARGIN.bottom) / sorted.length);
  const max = Math.max(...sorted.map((item) => item.value));
  const bars = sorted.map((item, i) => {
    const top = MARGIN.top + 8 + i * rowH;
    const w = max > 0 ? (item.value / max) * plotW : 0;
    return [
      `<text x="${left - 8}" y="${top + rowH * 0.65}" text-anchor="end" font-size="12">${escapeXml(item.label)}</text>`,
      `<rect x="${left}" y="${top + 2}" width="${w.toFixed(1)}" height="${(rowH - 5).toFixed(1)}" fill="${PALETTE[2]}"/>`,
      `<text x="${left + w + 6}" y="${top + rowH * 0.65}" font-size="12">${fmt(item.value)}</text>`,
    ].join('');
  });
  return frame(title, bars.join('\n'), xLabel, '');
}

/** A histogram of `values` in `bins` equal bins. */
export function histogram(title: string, values: readonly number[], bins: number, xLabel: string): string {
  if (values.length === 0) return frame(title, `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle" font-size="13">no samples</text>`, xLabel, 'insertions');
  const low = Math.min(...values);
  const high = Math.max(...values);
  const width = high > low ? (high - low) / bins : 1;
  const counts = new Array<number>(bins).fill(0);
  for (const value of values) counts[Math.min(bins - 1, Math.floor((value - low) / width))]!++;
  const { svg, x, y } = axes(bins, Math.max(...counts) * 1.05, (b) => fmt(low + b * width));
  const bars = counts.map((count, b) => `<rect x="${x(b).toFixed(1)}" y="${y(count).toFixed(1)}" width="${(x(b + 1) - x(b) - 1).toFixed(1)}" height="${(y(0) - y(count)).toFixed(1)}" fill="${PALETTE[0]}"/>`);
  return frame(title, [svg, ...bars].join('\n'), xLabel, 'insertions');
}

/** The cumulative share of each series' values below x (a step line per series). */
export function cdfChart(title: string, series: readonly Series[], xLabel: string): string {
  const all = series.flatMap((s) => s.values);
  const xMax = Math.max(1e-9, ...all) * 1.02;
  const { svg, x, y } = axes(xMax, 1, (v) => fmt(v));
  const lines = series.map((s, i) => {
    const sorted = [...s.values].sort((a, b) => a - b);
    if (sorted.length === 0) return '';
    const points: string[] = [`${x(0).toFixed(1)},${y(0).toFixed(1)}`];
    sorted.forEach((value, k) => {
      points.push(`${x(value).toFixed(1)},${y(k / sorted.length).toFixed(1)}`, `${x(value).toFixed(1)},${y((k + 1) / sorted.length).toFixed(1)}`);
    });
    points.push(`${x(xMax).toFixed(1)},${y(1).toFixed(1)}`);
    return `<polyline fill="none" stroke="${PALETTE[i % PALETTE.length]}" stroke-width="2" points="${points.join(' ')}"/>`;
  });
  return frame(title, [svg, ...lines, legend(series.map((s) => `${s.name} (${s.values.length})`))].join('\n'), xLabel, 'share of doors');
}
