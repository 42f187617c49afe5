/**
 * The HTML report is one self-contained file with its four plots, and a real browser renders it:
 * headless Chromium takes a screenshot of it (NOTES-tools.md).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SCENARIO } from '../../sim/estate/demo/demo-scenario.js';
import { runEstate } from '../../sim/estate/parallel/run-estate.js';
import { htmlReport } from '../../sim/estate/report/html-report.js';
import { parseScenario } from '../../sim/estate/scenario/load-scenario.js';
import { decodePng } from './png-pixels.js';

const CHROMIUM = '/usr/bin/chromium';
/** The screenshot's size: the report's width, tall enough for the plots and the audit. */
const WIDTH = 1600;
const HEIGHT = 1800;

describe('the HTML report', () => {
  let html: string;
  beforeAll(async () => {
    const run = await runEstate(parseScenario(DEMO_SCENARIO, 'demo'), { workers: 0, months: 1 });
    html = htmlReport(run.results);
  });

  it('should be one self-contained file: no script, no external resource, the four plots inline', () => {
    expect(html).not.toMatch(/<script|<link|src=|href=/);
    const titles = [...html.matchAll(/<svg [^>]*aria-label="([^"]+)"/g)].map((match) => match[1]);
    expect(titles).toEqual(['Openings per day', 'Refusals by reason', 'Revocation latency of lost keys, by how the delta reached the door', 'Energy margin at the end of the key turn']);
    expect(html).toContain('R-CARE-4');
  });

  it.runIf(existsSync(CHROMIUM))('should render in headless Chromium with its plots drawn in colour', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cylsim-report-'));
    const page = join(dir, 'report.html');
    const shot = join(dir, 'report.png');
    writeFileSync(page, html);
    const result = spawnSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', `--window-size=${WIDTH},${HEIGHT}`, `--screenshot=${shot}`, page], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(0);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    const image = decodePng(readFileSync(shot));
    expect([image.width, image.height]).toEqual([WIDTH, HEIGHT]);
    // The plots' palette: the openings line (blue) and the refusal bars (red) are on the page.
    let blue = 0;
    let red = 0;
    for (let y = 0; y < image.height; y += 2) {
      for (let x = 0; x < image.width; x += 2) {
        const [r, g, b] = image.pixel(x, y) as [number, number, number];
        if (b > 150 && r < 80 && g > 90 && g < 150) blue++;
        if (r > 190 && g < 70 && b < 70) red++;
      }
    }
    expect(blue).toBeGreaterThan(200);
    expect(red).toBeGreaterThan(200);
  });
});
