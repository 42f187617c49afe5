/**
 * The vector written by hand in docs/VECTORS.md §3 is read from the page and run: it must pass on
 * every in-process target, so that the page stays true.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runVectors } from '../../host/hil/runner/run-vectors.js';
import { openTarget, parseTarget } from '../../host/hil/runner/targets.js';
import { parseVectorFile } from '../../host/hil/vectors/vector-file.js';
import { packagePath } from '../../host/package-root.js';
import { profile } from './support.js';

function handWrittenVector(): string {
  const page = readFileSync(packagePath('docs', 'VECTORS.md'), 'utf8');
  const section = page.slice(page.indexOf('## 3. Writing a vector by hand'));
  const match = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!match) throw new Error('docs/VECTORS.md §3 has no ```json block');
  return match[1]!;
}

describe('the hand-written vector of docs/VECTORS.md', () => {
  const file = parseVectorFile(Buffer.from(handWrittenVector()), 'docs/VECTORS.md §3');

  it('should establish a blocklist at version 2 and show it in the CHALLENGE', () => {
    expect(file.testGroups[0]!.state.blocklist.version).toBe(2);
    expect(file.testGroups[0]!.tests.map((test) => test.result)).toEqual(['invalid', 'invalid', 'invalid', 'valid']);
  });

  it.each(['reference', 'wasm:release', 'wasm:release-nolog', 'wasm:debug'])('should pass on %s', async (target) => {
    const device = await openTarget(parseTarget(target), { profile });
    const report = await runVectors(file, device);
    expect(report.tests.filter((test) => test.status !== 'passed')).toEqual([]);
    expect(report.passed).toBe(4);
  });
});
