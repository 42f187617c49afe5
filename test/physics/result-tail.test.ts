/**
 * The grant's price (PROTOCOL.md §7.10) includes the work the firmware does after it reads its
 * gauge and before it releases: RESULT_TAIL_* in host/physics/energy-prices.ts. This measures that
 * work, from the firmware's own report, over every grant of every demo insertion.
 */
import { describe, expect, it } from 'vitest';
import { ActuatorCommand, WorkOp } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { RESULT_TAIL_AES_BLOCKS, RESULT_TAIL_KEY_EXPANSIONS } from '../../host/physics/energy-prices.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { demoSite } from '../../sim/insertion/demo-site.js';
import { KEY_KINDS, runInsertion } from '../../sim/insertion/run-insertion.js';

const profile = loadProfileByName('reference-m0plus');
const image = loadImage('release');
const TAIL_OPS = [WorkOp.AesBlock, WorkOp.AesKeyExpansion] as const;

/** The work of each grant between the last gauge reading and the release, by operation. */
function grantTails(): number[][] {
  const tails: number[][] = [];
  for (const kind of KEY_KINDS) {
    const site = demoSite('tail', profile, (_request, name) => {
      const devices = createBenchDevices({ image, profile, entropy: new SeededEntropy(`tail ${name}`) });
      let atGauge: number[] = [];
      return new FirmwareLock(image, {
        ...devices,
        energy: {
          availableNj: () => {
            atGauge = TAIL_OPS.map((op) => devices.work.count(op));
            return devices.energy.availableNj();
          },
        },
        actuator: {
          command: (command) => {
            if (command === ActuatorCommand.Release) tails.push(TAIL_OPS.map((op, i) => devices.work.count(op) - atGauge[i]!));
            return devices.actuator.command(command);
          },
        },
      });
    });
    runInsertion(kind, site);
  }
  return tails;
}

describe('the work priced into a release', () => {
  it('should cover what the firmware does between its gauge reading and the release, for every grant of the demo', () => {
    const tails = grantTails();
    expect(tails.length).toBeGreaterThanOrEqual(KEY_KINDS.length); // every kind's history holds a grant
    const most = TAIL_OPS.map((_, i) => Math.max(...tails.map((tail) => tail[i]!)));
    expect(most[0]).toBeGreaterThan(0); // the RESULT's MAC at least
    expect(most[0]).toBeLessThanOrEqual(RESULT_TAIL_AES_BLOCKS);
    expect(most[1]).toBeLessThanOrEqual(RESULT_TAIL_KEY_EXPANSIONS);
  });
});
