/**
 * Issue-level promises of the energy budget, on the release image and the reference profile: an
 * insertion too weak for the grant ends in a refusal with a reason and no actuation, and writes
 * nothing; a brown-out stops the firmware mid-step; the rail prices NVM page by page.
 */
import { describe, expect, it } from 'vitest';
import { ActuatorCommand, HalStatus, Reason, Role, WorkOp } from '../../firmware/abi.js';

/** The demo's tenant key (sim/insertion/run-insertion.ts). */
const TENANT_KEY = 1_000_101_01;
import { MemoryNvm } from '../../host/devices/memory-nvm.js';
import { loadImage } from '../../host/firmware/image.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { contactLinkFigures } from '../../host/link/contact-link.js';
import { PoweredLock } from '../../host/lock/powered-lock.js';
import { Capacitor } from '../../host/physics/capacitor.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import { PowerSupply } from '../../host/physics/power-supply.js';
import { insertPhysicalKey } from '../../host/power/physical-insertion.js';
import { PowerCut, PowerRail, railPrices } from '../../host/power/power-rail.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { demoSite } from '../../sim/insertion/demo-site.js';
import { physicalDemoInsertion } from '../../sim/insertion/physical-demo.js';
import { insertionAtPace } from '../../host/physics/key-generator.js';

const profile = loadProfileByName('reference-m0plus');
const figures = physicsFigures(profile);
/**
 * Its power-on level holds more than any commit needs. The low-energy profile's holds a tenant
 * change (8 page writes and the release, 768 uJ) with 24 uJ to spare: on a memory twice as slow to
 * write (page writes of 12 ms instead of 6) it holds less than the change costs.
 */
const lowEnergyProfile = loadProfileByName('low-energy');
const lowEnergy = { ...lowEnergyProfile, nvm: { ...lowEnergyProfile.nvm, writeTimeMs: { ...lowEnergyProfile.nvm.writeTimeMs, value: 2 * lowEnergyProfile.nvm.writeTimeMs.value } } };
const image = loadImage('release');

function releasesOf(lock: PoweredLock): number {
  return lock.devices.actuator.commands.filter((c) => c === ActuatorCommand.Release).length;
}

describe('an insertion on the energy its turn gives', () => {
  it('should release on a normal turn and report a positive margin', () => {
    const releasesBefore = 2; // on the bench: the tenant's move-in, and its next opening, whose proof makes its T current (§4.2)
    const { physical, lock } = physicalDemoInsertion('resident', profile, insertionAtPace(figures.generator, 'normal'), { seed: 'starved' });
    expect(physical.outcome).toBe('released');
    expect(physical.reason).toBe(Reason.Ok);
    expect(releasesOf(lock) - releasesBefore).toBe(1);
    expect(physical.marginUj).toBeGreaterThan(0);
  });

  it('should end every move-in, from a normal turn to one too slow, released, refused with a reason, or never powered: never cut mid-step', () => {
    // A tenant change writes eight pages: on this memory more than the power-on level holds.
    const physics = physicsFigures(lowEnergy);
    const normalMs = physics.generator.normalTurnDurationMs;
    const seen = new Set<string>();
    for (let turnMs = normalMs; turnMs <= 2.5 * normalMs; turnMs += 10) {
      const site = demoSite('starved', lowEnergy, (_request, name) => new PoweredLock({ image, profile: lowEnergy, entropy: new SeededEntropy(`starved ${name}`), link: contactLinkFigures(lowEnergy) }));
      const door = site.dwellingDoor as PoweredLock;
      const nvmBefore = door.devices.nvm.bytes.slice();
      const tenant = site.makeKey(TENANT_KEY, Role.Resident);
      const result = insertPhysicalKey(door, tenant, physics, { turnAngleDeg: physics.generator.normalTurnAngleDeg, turnDurationMs: turnMs });
      seen.add(result.outcome);
      expect(result.outcome, `turn of ${turnMs} ms`).not.toBe('brown-out');
      if (result.outcome !== 'released') {
        if (result.outcome === 'refused') expect(result.reason, `turn of ${turnMs} ms`).toBe(Reason.InsufficientEnergy);
        expect(releasesOf(door)).toBe(0);
        // Nothing was written: no tenant secret, no generation, not even the mark.
        expect(Buffer.from(door.devices.nvm.bytes).equals(Buffer.from(nvmBefore)), `turn of ${turnMs} ms`).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual(['no-power-on', 'refused', 'released']);
  });
});

describe('the power rail', () => {
  const prices = railPrices(profile);
  /** A capacitor charged to `startV` with no source. */
  const supplyAt = (startV: number) => {
    const capacitor = new Capacitor(figures.capacitor, { voltageV: startV, powered: true });
    return new PowerSupply(capacitor, { at: () => ({ currentUa: 0, ceilingV: startV, untilUs: Number.POSITIVE_INFINITY }) }, figures.supplyV);
  };

  it('should write the pages before a brown-out and leave the page in progress as it was', () => {
    const rail = new PowerRail(prices);
    const nvm = new MemoryNvm(1024, 0);
    // Enough for two page writes and a half, above brown-out.
    // (priced at supplyV as a constant-current draw: E = C (V - Vbo) x supplyV, power-supply.ts).
    const supply = supplyAt(figures.capacitor.brownOutV + (2.5 * prices.pageWriteUj) / (figures.capacitor.capacitanceUf * figures.supplyV));
    rail.attach(supply);
    rail.powerOn();
    const data = new Uint8Array(4 * prices.pageBytes).fill(0xa5);
    expect(() => rail.nvm(nvm).write(0, data.length, data, 0)).toThrow(PowerCut);
    const page = prices.pageBytes;
    expect(nvm.bytes.subarray(0, 2 * page).every((b) => b === 0xa5)).toBe(true);
    expect(nvm.bytes.subarray(2 * page, 4 * page).every((b) => b === 0)).toBe(true);
  });

  it('should cut the firmware off mid-step: a release it started without the energy never completes', () => {
    const rail = new PowerRail(prices);
    const commands: ActuatorCommand[] = [];
    rail.attach(supplyAt(figures.capacitor.brownOutV + 0.05));
    rail.powerOn();
    const actuator = rail.actuator({ command: (c) => (commands.push(c), HalStatus.Ok) });
    expect(() => actuator.command(ActuatorCommand.Release)).toThrow(PowerCut);
    expect(commands).toEqual([]);
  });

  it('should turn reported work into powered time at the clock on the bench', () => {
    const rail = new PowerRail(prices);
    rail.work(WorkOp.AesBlock, 16);
    expect(rail.elapsedUs()).toBeCloseTo((16 * profile.mcu.aesBlockCycles.value) / profile.mcu.clockMhz.value, 9);
    expect(rail.availableNj()).toBe(0xffff_ffff);
  });
});
