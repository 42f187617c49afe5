/**
 * A run as JUnit XML (the format CI systems read: testsuites > testsuite > testcase, with failure
 * and skipped elements), one testsuite per test group.
 */
import type { VectorFile } from '../vectors/schema.js';
import type { RunReport } from './run-vectors.js';

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function junitXml(file: VectorFile, report: RunReport, target: string): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites name="cylsim vectors on ${escapeXml(target)}" tests="${report.tests.length}" failures="${report.failed}" skipped="${report.skipped}">`);
  file.testGroups.forEach((group, index) => {
    const outcomes = report.tests.filter((test) => test.group === index);
    const failures = outcomes.filter((test) => test.status === 'failed').length;
    const skipped = outcomes.filter((test) => test.status === 'skipped').length;
    const name = `testGroups[${index}]${group.comment ? `: ${group.comment}` : ''}`;
    lines.push(`  <testsuite name="${escapeXml(name)}" tests="${outcomes.length}" failures="${failures}" skipped="${skipped}">`);
    for (const test of outcomes) {
      const open = `    <testcase classname="cylsim.vectors.${escapeXml(target)}" name="${escapeXml(`tcId ${test.tcId}: ${test.comment}`)}"`;
      if (test.status === 'passed') lines.push(`${open}/>`);
      else {
        const element = test.status === 'failed' ? 'failure' : 'skipped';
        lines.push(`${open}>`, `      <${element} message="${escapeXml(test.message ?? '')}"/>`, '    </testcase>');
      }
    }
    lines.push('  </testsuite>');
  });
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
