/** The modelled suite's rows as an aligned text table, one line per profile, door and log setting. */
import { renderTable } from './text-table.js';
import { ABSENT, absentReasons, grouped } from './table.js';
import type { ModeledSuiteResult } from './types.js';

const HEADER = ['profile', 'door', 'log', 'cycles', 'us', 'uJ', 'AES blocks', 'key exp.', 'NVM writes/grant'];
const RIGHT_ALIGNED = [false, false, false, true, true, true, true, true, true];

export function formatModeledTable(result: ModeledSuiteResult): string {
  const lines = result.rows.map((row) => {
    const head = [row.profile, row.door, row.log];
    if (row.status === 'absent') return [...head, ABSENT, '', '', '', '', ''];
    const { powerUp, hello, auth } = row.phases;
    const split = (pick: (w: typeof powerUp) => number) => `${pick(powerUp)}+${pick(hello)}+${pick(auth)}`;
    return [
      ...head,
      grouped(row.cyclesPerAuth, 0),
      grouped(row.usPerAuth, 0),
      grouped(row.ujPerAuth, 1),
      `${row.aesBlocksPerAuth} (${split((w) => w.aesBlocks)})`,
      `${row.keyExpansionsPerAuth} (${split((w) => w.keyExpansions)})`,
      `${row.nvmWritesPerGrant} (mean ${grouped(row.nvmWritesPerGrantMean, 2)})`,
    ];
  });
  return [
    `suite ${result.suite} (counts the firmware reports, priced per profile; the same on every run)`,
    renderTable(HEADER, lines, RIGHT_ALIGNED),
    'AES blocks, key exp.: per authentication, split as power-up + HELLO -> CHALLENGE + AUTH -> RESULT',
    ...absentReasons(result.rows),
    ...(result.footnotes ?? []),
  ].join('\n');
}
