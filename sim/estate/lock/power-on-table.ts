/**
 * What a key turn of a given duration gives the empty capacitor before the MCU draws anything
 * (host/physics: the generator's law, the capacitor with its supervisor): whether it reaches
 * power-on, and the energy above brown-out at that instant. Until power-on nothing draws, so this
 * depends on the turn alone; it is computed once per duration with the physics model itself.
 */
import { Capacitor } from '../../../host/physics/capacitor.js';
import type { PhysicsFigures } from '../../../host/physics/from-profile.js';
import { insertionSource, type Insertion } from '../../../host/physics/key-generator.js';
import { PowerSupply } from '../../../host/physics/power-supply.js';
import { US_PER_MS } from '../../../host/physics/units.js';

export interface PowerOn {
  /** The capacitor reaches power-on during the turn. */
  poweredOn: boolean;
  /** Energy the MCU may spend at power-on, nJ (0 without power-on). */
  energyNj: number;
  /** Without power-on: the energy short of it at the turn's end, uJ (priced as the margins are). */
  shortUj: number;
}

export class PowerOnTable {
  private readonly cache = new Map<number, PowerOn>();

  constructor(private readonly figures: PhysicsFigures) {}

  turn(turnDurationMs: number): Insertion {
    return { turnAngleDeg: this.figures.generator.normalTurnAngleDeg, turnDurationMs };
  }

  at(turnDurationMs: number): PowerOn {
    let entry = this.cache.get(turnDurationMs);
    if (entry) return entry;
    const { figures } = this;
    const capacitor = new Capacitor(figures.capacitor);
    const source = insertionSource(figures.generator, this.turn(turnDurationMs), { capacitanceUf: figures.capacitor.capacitanceUf, clampV: figures.capacitor.clampV });
    const supply = new PowerSupply(capacitor, source, figures.supplyV);
    const turnEndUs = turnDurationMs * US_PER_MS;
    const poweredAt = supply.runUntilPowerOn(turnEndUs);
    if (poweredAt === undefined) {
      supply.advanceTo(turnEndUs);
      const shortUj = (figures.capacitor.powerOnV - capacitor.voltageV) * figures.capacitor.capacitanceUf * figures.supplyV;
      entry = { poweredOn: false, energyNj: 0, shortUj };
    } else {
      entry = { poweredOn: true, energyNj: supply.energyNj(), shortUj: 0 };
    }
    this.cache.set(turnDurationMs, entry);
    return entry;
  }
}
