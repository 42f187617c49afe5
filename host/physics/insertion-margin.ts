/**
 * The energy margin of one key insertion: an empty capacitor, the generator's turn, the MCU powering
 * on during it, a decision of a given cost, then one actuator release. The margin is what the MCU
 * could still spend (priced at supplyV, like every cost) once the release is done and the turn is
 * over; negative when the energy ran out, by how much was missing.
 */
import { Capacitor } from './capacitor.js';
import type { PhysicsFigures } from './from-profile.js';
import { insertionEnergyUj, insertionSource, type Insertion } from './key-generator.js';
import { PowerSupply } from './power-supply.js';
import { NJ_PER_UJ, US_PER_MS, US_PER_S } from './units.js';

export type InsertionOutcome = 'released' | 'decided' | 'no-power-on' | 'brown-out-deciding' | 'brown-out-releasing';

export interface InsertionMargin {
  outcome: InsertionOutcome;
  /** Energy the generator stores for this insertion (empty capacitor, no load), uJ. */
  harvestUj: number;
  /** When the MCU powered on, us from the turn's start. */
  powerOnAtUs: number | undefined;
  /** Spendable energy left at the end (priced at supplyV), or minus what was missing, uJ. */
  marginUj: number;
  /** Stored energy above the brown-out level at the end, C (V^2 - Vbo^2) / 2, uJ. */
  storedAboveBrownOutUj: number;
  /** Capacitor voltage at the end. */
  endV: number;
}

/**
 * Runs one insertion with a decision of `decisionUj` (drawn at the MCU's run current) and, when
 * `release` (a grant), the actuator's release; a refusal ends 'decided'.
 */
export function insertionMargin(figures: PhysicsFigures, insertion: Insertion, decisionUj: number, release = true): InsertionMargin {
  const capacitor = new Capacitor(figures.capacitor);
  const source = insertionSource(figures.generator, insertion, {
    capacitanceUf: figures.capacitor.capacitanceUf,
    clampV: figures.capacitor.clampV,
  });
  const supply = new PowerSupply(capacitor, source, figures.supplyV);
  const turnEndUs = insertion.turnDurationMs * US_PER_MS;
  const harvestUj = insertionEnergyUj(figures.generator, insertion);
  const result = (outcome: InsertionOutcome, powerOnAtUs: number | undefined, marginUj: number): InsertionMargin => ({
    outcome,
    harvestUj,
    powerOnAtUs,
    marginUj,
    storedAboveBrownOutUj: capacitor.storedAboveBrownOutUj(),
    endV: capacitor.voltageV,
  });

  const powerOnAtUs = supply.runUntilPowerOn(turnEndUs);
  if (powerOnAtUs === undefined) {
    // Short of power-on by the charge between the peak and powerOnV, priced at supplyV.
    const missingUj = (figures.capacitor.powerOnV - capacitor.voltageV) * figures.capacitor.capacitanceUf * figures.supplyV;
    return result('no-power-on', undefined, -missingUj);
  }
  // The decision runs at the MCU's run current: P = I x supplyV (uA x V = uW), t = E / P.
  const decisionUs = (decisionUj / (figures.runCurrentUa * figures.supplyV)) * US_PER_S;
  const steps: [InsertionOutcome, number, number][] = [['brown-out-deciding', decisionUj, decisionUs]];
  if (release) steps.push(['brown-out-releasing', figures.actuator.releaseUj, figures.actuator.releaseMs * US_PER_MS]);
  let stillToPayUj = steps.reduce((sum, [, energyUj]) => sum + energyUj, 0);
  for (const [failure, energyUj, durationUs] of steps) {
    const step = supply.consume(energyUj, durationUs);
    stillToPayUj -= step.drawnUj;
    if (step.brownOut) return result(failure, powerOnAtUs, -stillToPayUj);
  }
  supply.advanceTo(turnEndUs);
  return result(release ? 'released' : 'decided', powerOnAtUs, supply.energyNj() / NJ_PER_UJ);
}
