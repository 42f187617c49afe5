/**
 * A physical key's insertion runs on the full physics model (the turn charging the capacitor, every
 * step drawing on it) or on the fast path (the bench, with a pessimistic gauge and a fall-back to
 * the physics model when it cannot vouch for the outcome: sim/estate/lock/fast-rail.ts). Both paths
 * must make the same decisions, insertion by insertion: on the reference profile, and on a profile
 * too weak for some commits, where the fall-back is exercised.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { loadProfileByName, type HardwareProfile } from '../../host/profile/load-profile.js';
import { DEMO_SCENARIO } from '../../sim/estate/demo/demo-scenario.js';
import { planEstate } from '../../sim/estate/plan/plan-estate.js';
import { createRunEnvironment } from '../../sim/estate/run/run-environment.js';
import { runShard, type SessionEvent } from '../../sim/estate/run/shard-runner.js';
import type { ShardResult } from '../../sim/estate/run/shard-result.js';
import { parseScenario } from '../../sim/estate/scenario/load-scenario.js';

/** One month of the demo's gallery block (Parkzicht): some 6,000 insertions. */
function runParkzicht(profile: HardwareProfile, physicalSampleEvery: number): { events: string[]; result: ShardResult } {
  const plan = planEstate(parseScenario({ ...DEMO_SCENARIO, months: 1 }, 'demo'));
  const { shards, ...estate } = plan;
  const events: string[] = [];
  const describeEvent = (e: SessionEvent) => `${e.at} ${e.keyId} ${e.door} ${e.granted} ${e.reason} ${e.energy}`;
  const result = runShard(createRunEnvironment(profile), estate, shards[1]!, { physicalSampleEvery, onSession: (e) => events.push(describeEvent(e)) });
  return { events, result };
}

/** The low-energy profile with a smaller capacitor: its power-on level no longer covers a tenant change. */
function weakened(): HardwareProfile {
  const base = loadProfileByName('low-energy');
  return { ...base, energy: { ...base.energy, capacitorUf: { ...base.energy.capacitorUf, value: 150 } } };
}

describe('the fast path and the physics model', () => {
  it('should make the same decision for every insertion on the reference profile', () => {
    const profile = loadProfileByName('reference-m0plus');
    const fast = runParkzicht(profile, Infinity);
    const physics = runParkzicht(profile, 1);
    expect(fast.events.length).toBeGreaterThan(1000);
    expect(fast.events).toEqual(physics.events);
    expect(physics.result.counts.physicsSample).toBeGreaterThan(1000);
  });

  it('should make the same decisions where the capacitor is too small for some commits, by falling back to the physics model', () => {
    const fast = runParkzicht(weakened(), Infinity);
    const physics = runParkzicht(weakened(), 1);
    expect(fast.result.counts.physicsUncertain).toBeGreaterThan(0);
    expect(physics.result.counts.refusals[Reason.InsufficientEnergy]).toBeGreaterThan(0);
    expect(fast.events).toEqual(physics.events);
  });
});
