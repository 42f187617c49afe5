/** The JSON report: every row, the summary with at least the quoted keys, the machine with Node and V8 versions. */
import { describe, expect, it } from 'vitest';
import { machineInfo } from '../../bench/machine.js';
import { buildReport, formatSuite } from '../../bench/report.js';
import { failedSuite, measuredRow, timedSuite } from './rows.js';

const QUOTED_KEYS = ['decisionNs', 'decisionVsNoble', 'decisionVsNode', 'resetVsInstantiate', 'estateOpeningsPerSecond'];
const PROFILE_KEYS = ['aesBlocksPerAuth', 'keyExpansionsPerAuth', 'nvmWritesPerGrant'];

describe('buildReport', () => {
  const results = [timedSuite('primitives', [measuredRow('aes.wasm.copied', 240, { baseline: true, vsBaseline: 1 })]), failedSuite('estate', 'estate simulator not available')];
  const report = JSON.parse(JSON.stringify(buildReport(results, machineInfo(), true, ['reference-m0plus'])));

  it('should carry the machine, the Node and the V8 versions of the run', () => {
    expect(report.machine).toMatchObject({ node: process.version, v8: process.versions.v8, cpuCount: expect.any(Number), arch: process.arch });
  });

  it('should hold every suite\'s rows and name the suites that failed', () => {
    expect(report.suites).toEqual(results);
    expect(report.failedSuites).toEqual(['estate']);
    expect(report.quick).toBe(true);
  });

  it('should hold every quoted summary key, per profile too, whether measured or absent', () => {
    for (const key of QUOTED_KEYS) expect(report.summary).toHaveProperty(key);
    for (const key of PROFILE_KEYS) expect(report.summary.profiles['reference-m0plus']).toHaveProperty(key);
    expect(report.summary.profiles['reference-m0plus'].nvmWritesPerGrant).toEqual({ logOn: null, logOff: null });
    for (const key of QUOTED_KEYS) if (report.summary[key] === null) expect(report.summary.absent[key]).toEqual(expect.any(String));
  });

  it('should print a failed suite with its message', () => {
    expect(formatSuite(failedSuite('estate', 'estate simulator not available: x'))).toBe('suite estate FAILED: estate simulator not available: x');
  });
});
