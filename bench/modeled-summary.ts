/** The modelled on-device figures per profile, for a resident key at a dwelling door. */
import { listProfiles } from '../host/profile/load-profile.js';
import { absentFigure, measured, notRunReason, type Figure, type FigureTree } from './figures.js';
import type { ModeledRow, SuiteResult } from './types.js';

export const MODELED_SUITE = 'modeled';
export const modeledRowId = (profile: string, door: 'dwelling' | 'common', log: 'off' | 'on'): string => `modeled.${profile}.${door}.log-${log}`;

type RowLookup = ModeledRow | { absent: string };

function modeledRow(results: readonly SuiteResult[], profile: string, log: 'off' | 'on'): RowLookup {
  const result = results.find((r) => r.suite === MODELED_SUITE);
  if (!result) return { absent: notRunReason(MODELED_SUITE) };
  if (result.kind === 'failed') return { absent: `suite ${MODELED_SUITE} failed: ${result.error}` };
  const id = modeledRowId(profile, 'dwelling', log);
  const row = result.kind === 'modeled' ? result.rows.find((r) => r.id === id) : undefined;
  if (!row) return { absent: `suite ${MODELED_SUITE} has no row ${id}` };
  return row.status === 'absent' ? { absent: row.reason } : row;
}

const pick = (row: RowLookup, value: (r: ModeledRow) => number): Figure => ('absent' in row ? absentFigure(row.absent) : measured(value(row)));

/** The larger of the log-off and log-on figures where both were measured, else the one that was. */
function worst(off: RowLookup, on: RowLookup, value: (r: ModeledRow) => number): Figure {
  if ('absent' in off) return pick(on, value);
  if ('absent' in on) return pick(off, value);
  return measured(Math.max(value(off), value(on)));
}

/**
 * Per profile: aesBlocksPerAuth and keyExpansionsPerAuth (nonce generation included; the larger of
 * log off and on), cycles, us and uJ per authentication with the log off, and nvmWritesPerGrant
 * with the log on and off (pages programmed by the grant that wrote most).
 */
export function modeledFigures(results: readonly SuiteResult[], profiles: readonly string[] = listProfiles()): FigureTree {
  const tree: FigureTree = {};
  for (const profile of profiles) {
    const off = modeledRow(results, profile, 'off');
    const on = modeledRow(results, profile, 'on');
    tree[profile] = {
      aesBlocksPerAuth: worst(off, on, (r) => r.aesBlocksPerAuth),
      keyExpansionsPerAuth: worst(off, on, (r) => r.keyExpansionsPerAuth),
      cyclesPerAuth: pick(off, (r) => r.cyclesPerAuth),
      usPerAuth: pick(off, (r) => r.usPerAuth),
      ujPerAuth: pick(off, (r) => r.ujPerAuth),
      nvmWritesPerGrant: { logOn: pick(on, (r) => r.nvmWritesPerGrant), logOff: pick(off, (r) => r.nvmWritesPerGrant) },
    };
  }
  return tree;
}
