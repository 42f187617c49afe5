/** The run's report: every suite's result, the summary and the machine; as JSON or as text. */
import { summaryJson, type FigureTree, type SummaryJson } from './figures.js';
import type { MachineInfo } from './machine.js';
import { formatModeledTable } from './modeled-table.js';
import { benchSummary, formatSummary } from './summary.js';
import { formatTable } from './table.js';
import type { SuiteResult } from './types.js';

export interface BenchReport {
  machine: MachineInfo;
  quick: boolean;
  summary: SummaryJson & { absent: Record<string, string> };
  suites: SuiteResult[];
  /** Names of the suites whose process failed (their `error` says why). */
  failedSuites: string[];
}

export function buildReport(results: readonly SuiteResult[], machine: MachineInfo, quick: boolean, profiles?: readonly string[]): BenchReport {
  return {
    machine,
    quick,
    summary: summaryJson(benchSummary(results, profiles)),
    suites: [...results],
    failedSuites: results.filter((r) => r.kind === 'failed').map((r) => r.suite),
  };
}

export function formatSuite(result: SuiteResult): string {
  switch (result.kind) {
    case 'timed':
      return formatTable(result);
    case 'modeled':
      return formatModeledTable(result);
    case 'failed':
      return `suite ${result.suite} FAILED: ${result.error}`;
  }
}

export function formatMachine(m: MachineInfo): string {
  return `machine: ${m.cpuModel} x${m.cpuCount}, Node ${m.node}, V8 ${m.v8}, ${m.platform}/${m.arch}`;
}

/** What follows the suites' tables in a text run: the summary, the machine, the failed suites. */
export function formatClosing(summary: FigureTree, machine: MachineInfo, failedSuites: readonly string[]): string {
  return [formatSummary(summary), formatMachine(machine), ...(failedSuites.length > 0 ? [`failed suites: ${failedSuites.join(', ')}`] : [])].join('\n');
}
