/** The power-up figures: how many times cheaper the cold reset is than a new instance. */
import { nsPerOp, ratio, type FigureTree } from './figures.js';
import type { SuiteResult } from './types.js';

export const POWER_UP_SUITE = 'power-up';

export const POWER_UP_ROWS = {
  coldReset: 'powerUp.coldReset',
  newInstance: 'powerUp.newInstance',
  firmwareInstantiate: 'powerUp.firmwareInstantiate',
  boot: 'powerUp.boot',
  instantiateBoot: 'powerUp.instantiateBoot',
} as const;

/**
 * resetVsInstantiate: a new WebAssembly.Instance / coldReset(), both giving blank RAM;
 * bootVsInstantiateBoot: the whole power-up each way, Firmware.instantiate + boot() / boot().
 */
export function powerUpFigures(results: readonly SuiteResult[]): FigureTree {
  const ns = (id: string) => nsPerOp(results, POWER_UP_SUITE, id);
  return {
    resetVsInstantiate: ratio(ns(POWER_UP_ROWS.newInstance), ns(POWER_UP_ROWS.coldReset)),
    bootVsInstantiateBoot: ratio(ns(POWER_UP_ROWS.instantiateBoot), ns(POWER_UP_ROWS.boot)),
  };
}
