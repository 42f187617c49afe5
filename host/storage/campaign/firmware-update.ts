/**
 * An update scenario made by the firmware, as a CuttableUpdate: keys run the sessions that lead up
 * to it on a lock over plain (uncut) NVM, then make the update once on a fresh lock while its calls
 * are recorded; each cut replays those calls on a fresh lock over the NVM as it was before the
 * update, drawing the same entropy. The NVM is read by the independent decoder (nvm-image.ts).
 */
import { Reason } from '../../../firmware/abi.js';
import { ActuatorLog } from '../../devices/actuator-log.js';
import { cyclesPerOp } from '../../devices/bench-devices.js';
import { BenchSupply } from '../../devices/bench-supply.js';
import { MeasuringBootRom } from '../../devices/boot-rom.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { TraceRecorder } from '../../devices/trace-recorder.js';
import { WorkMeter } from '../../devices/work-meter.js';
import type { EnergyGauge, NvmPort } from '../../firmware/hal-devices.js';
import type { FirmwareImage } from '../../firmware/image.js';
import { FirmwareLock } from '../../lock/firmware-lock.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { nvmGeometry } from '../nvm-geometry.js';
import { decodeNvmImage, type LockImage } from '../nvm-image.js';
import { TornNvm } from '../torn-nvm.js';
import { campaignSite, type CampaignSite } from './campaign-site.js';
import type { CuttableUpdate } from './cuttable-update.js';
import { lockDamaged } from './lock-damage.js';
import { lockRolledBack } from './lock-rollback.js';
import { loggedAfterReboot, logsNextDecision } from './logged-after-reboot.js';
import { RecordingLock, replayCalls } from './recorded-lock.js';
import { BENCH_SUPPLY_NJ, SetGauge, type UpdateScenario } from './update-scenario.js';
import { energyPrices } from '../../physics/energy-prices.js';

export interface FirmwareCampaignContext {
  profile: HardwareProfile;
  image: FirmwareImage;
  seed: string | number;
}

/** The key that comes after each reboot: a resident of the dwelling, generation 1, with no tenant secret. */
const CHECK_KEY_ID = 990;

/**
 * The firmware over `nvm`, on the bench devices otherwise (host/devices/bench-devices.ts, but for
 * the NVM: a cut lock is made some 11,000 times, and a large profile's NVM is 1 MiB), its power-ups
 * seeded by `entropySeed`.
 */
function lockOver(context: FirmwareCampaignContext, nvm: NvmPort, entropySeed: string, energy: EnergyGauge = new BenchSupply()): FirmwareLock {
  const meter = new WorkMeter(cyclesPerOp(context.profile), context.profile.mcu.clockMhz.value);
  return new FirmwareLock(context.image, {
    entropy: new SeededEntropy(entropySeed),
    nvm,
    actuator: new ActuatorLog(),
    trace: new TraceRecorder(meter),
    timer: meter,
    energy,
    work: meter,
    bootRom: new MeasuringBootRom(context.image),
  });
}

export function firmwareUpdate(scenario: UpdateScenario, context: FirmwareCampaignContext): CuttableUpdate<LockImage> {
  const site = campaignSite(context.profile, context.seed);
  const geometry = nvmGeometry(context.profile);
  const name = scenario.name;

  const prepared = new TornNvm(geometry);
  const gauge = new SetGauge();
  const preparing = lockOver(context, prepared, `${context.seed} ${name} before`, gauge);
  if (scenario.provisioned) site.install(preparing, scenario.door);
  const makeUpdate = scenario.prepare(site, preparing, gauge);
  const before = prepared.bytes.slice();

  const updateEntropy = `${context.seed} ${name} update`;
  const updateGauge = new SetGauge(scenario.updateEnergyNj?.(energyPrices(context.profile)) ?? BENCH_SUPPLY_NJ);
  const recorder = new RecordingLock(lockOver(context, new TornNvm(geometry, { image: before }), updateEntropy, updateGauge));
  makeUpdate(recorder);
  const calls = recorder.calls;

  return {
    name,
    geometry,
    before,
    perform: (nvm) => replayCalls(calls, lockOver(context, nvm, updateEntropy, updateGauge), name),
    decode: decodeNvmImage,
    rolledBack: lockRolledBack,
    damaged: lockDamaged,
    sessionAfterReboot: (nvm, rebooted) => sessionAfterReboot(site, context, nvm, rebooted),
  };
}

/**
 * A key's session at the lock booted again on the torn NVM: the lock must answer it, without a
 * trap, and without StorageFailure when the NVM holds a valid state (`rebooted`); and when that
 * state's log is on, the session's decision must be appended as the next entry, the others kept.
 */
function sessionAfterReboot(site: CampaignSite, context: FirmwareCampaignContext, nvm: TornNvm, rebooted: LockImage | undefined): string | undefined {
  const lock = lockOver(context, nvm, `${context.seed} after reboot`);
  try {
    const outcome = site.makeKey({ keyId: CHECK_KEY_ID }).insert(lock);
    if (rebooted && outcome.reason === Reason.StorageFailure) return 'StorageFailure from a valid state';
  } catch (error) {
    return `the session failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
  }
  if (!rebooted || !logsNextDecision(rebooted)) return undefined;
  try {
    return loggedAfterReboot(rebooted, decodeNvmImage(nvm.bytes), CHECK_KEY_ID);
  } catch (error) {
    return `the NVM after the session cannot be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}
