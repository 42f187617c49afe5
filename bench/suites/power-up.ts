/**
 * Suite "power-up": the two ways the host gives the firmware the blank RAM of a power-up (DESIGN.md,
 * "RAM is lost at every power-up"): instantiating the image anew, or calling its cold reset, which
 * clears every byte of RAM (test/firmware/cold-reset.test.ts proves the two equivalent). Then the
 * whole power-up, blank RAM and the nonce generator seeded: boot() against a new instance + boot().
 */
import { loadImage } from '../../host/firmware/image.js';
import { Firmware } from '../../host/firmware/firmware.js';
import { createHalImports } from '../../host/firmware/hal-imports.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { DRBG_SEED_BYTES, HalStatus, Status } from '../../firmware/abi.js';
import { RepeatingEntropy, SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { HalDevices } from '../../host/firmware/hal-devices.js';
import { measureCases, timePerTaskMs, type BenchCase } from '../measure.js';
import { POWER_UP_ROWS, POWER_UP_SUITE } from '../power-up-summary.js';
import type { Suite, SuiteOptions, SuiteResult } from '../types.js';

const SEED = 'bench power-up';
/** The ops take no input; measureCases still cycles an index. */
const INPUT_COUNT = 1;

let sink = 0;
/** The newest instance, kept where the optimiser must assume it is used. */
let lastInstance: WebAssembly.Instance | Firmware | undefined;

/** Bench devices whose trace and actuator keep nothing, so the garbage collector only sees the instances. */
function quietDevices(): HalDevices {
  const image = loadImage('release');
  const seed = new Uint8Array(DRBG_SEED_BYTES);
  new SeededEntropy(SEED).fill(seed);
  const devices = createBenchDevices({ image, profile: loadProfileByName('reference-m0plus'), entropy: new RepeatingEntropy(seed) });
  return { ...devices, trace: { event: () => undefined }, actuator: { command: () => HalStatus.Ok } };
}

/** The rows that make no garbage come first, so the collector's work on old instances lands in none of theirs. */
function cases(): BenchCase[] {
  const image = loadImage('release');
  const devices = quietDevices();
  const resident = Firmware.instantiate(image, devices);
  const { coldReset, boot } = resident.exports;
  // The imports of a raw instance: built once, as a host that instantiates at every power-up would.
  let memory: WebAssembly.Memory | undefined;
  const imports = createHalImports(devices, () => memory!);
  const blankRam = 'blank RAM';
  const powerUp = 'power-up: blank RAM, nonce generator seeded';
  return [
    { id: POWER_UP_ROWS.coldReset, name: 'coldReset() export (RAM [0, STATIC_BASE) cleared)', group: blankRam, implementation: 'wasm', baseline: true,
      op: () => { coldReset(); } },
    { id: POWER_UP_ROWS.boot, name: 'boot() export (cold reset, DRBG seeded)', group: powerUp, implementation: 'wasm', baseline: true,
      op: () => { sink ^= boot(); } },
    { id: POWER_UP_ROWS.newInstance, name: 'new WebAssembly.Instance of the compiled image', group: blankRam, implementation: 'wasm',
      op: () => {
        const instance = new WebAssembly.Instance(image.module, imports);
        memory = instance.exports.memory as WebAssembly.Memory;
        lastInstance = instance;
      } },
    { id: POWER_UP_ROWS.firmwareInstantiate, name: 'Firmware.instantiate (new instance, export and ABI checks)', group: blankRam, implementation: 'wasm',
      op: () => { lastInstance = Firmware.instantiate(image, devices); } },
    { id: POWER_UP_ROWS.instantiateBoot, name: 'Firmware.instantiate + boot()', group: powerUp, implementation: 'wasm',
      op: () => {
        const firmware = Firmware.instantiate(image, devices);
        const status = firmware.exports.boot();
        if (status !== Status.Ok) throw new Error(`boot() returned ${Status[status] ?? status}`);
        lastInstance = firmware;
        sink ^= status;
      } },
  ];
}

export const powerUpSuite: Suite = {
  async run(options: SuiteOptions): Promise<SuiteResult> {
    const measured = await measureCases(cases(), INPUT_COUNT, options);
    // Shown group by group, in the order the groups first appear.
    const groups = [...new Set(measured.map((row) => row.group))];
    const rows = groups.flatMap((group) => measured.filter((row) => row.group === group));
    const kept = lastInstance === undefined ? 0 : 1;
    return {
      kind: 'timed',
      suite: POWER_UP_SUITE,
      timePerTaskMs: timePerTaskMs(options),
      rows,
      sink: sink ^ kept,
      footnotes: [
        'A new instance allocates its 64 KiB memory each time: the garbage collector reclaiming the old ones is part of its figure, as it is of a host that instantiates at every power-up.',
      ],
    };
  },
};
