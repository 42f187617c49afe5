/**
 * The locks of the "decision" suite: a dwelling door and a front door for each implementation,
 * provisioned alike, every one seeded with the same 32 entropy bytes at every power-up, so every
 * session draws the same challenge nonce and AUTH frames computed once stay valid.
 */
import { DRBG_SEED_BYTES, HalStatus, Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { MemoryNvm } from '../../host/devices/memory-nvm.js';
import { PageCountingNvm } from '../../host/devices/page-counting-nvm.js';
import type { WorkMeter } from '../../host/devices/work-meter.js';
import { RepeatingEntropy, SeededEntropy } from '../../host/devices/seeded-entropy.js';
import type { Actuator, EntropySource, TraceSink } from '../../host/firmware/hal-devices.js';
import { loadImage } from '../../host/firmware/image.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import type { ManagementSystem } from '../../host/management/management-system.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { nobleBackend, nodeBackend, type CryptoBackend } from '../../host/protocol/crypto-backend.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import type { Implementation } from '../types.js';
import { DOORS, LOCK_REQUESTS, type Door } from './decision-site-plan.js';

export interface FirmwareDoor {
  lock: FirmwareLock;
  /** Its NVM, to check that a timed session writes nothing. */
  nvm: MemoryNvm;
  /** The lock's work report, in counts and cycles of its profile (reset by nothing: read differences). */
  work: WorkMeter;
  /** Pages programmed, when the locks were made with `countPages` (the modelled suite); else undefined. */
  pages: PageCountingNvm | undefined;
}

export interface DecisionLockOptions {
  /** Put a page-counting NVM between the firmware and its memory (one more call per NVM access). */
  countPages?: boolean;
  /**
   * Firmware doors whose NVM the new firmware doors start from, byte for byte, instead of being
   * provisioned: a lock whose list took seconds to fill (65,535 entries) is copied, not filled again.
   */
  firmwareFrom?: Record<Door, FirmwareDoor>;
}

export interface DecisionLocks {
  wasm: Record<Door, FirmwareDoor>;
  noble: Record<Door, ReferenceLock>;
  node: Record<Door, ReferenceLock>;
}

export interface DoorTarget {
  implementation: Implementation;
  door: Door;
  lock: LockTarget;
  /** What the lock keeps in NVM, to compare before and after: the firmware's write count, the reference's memory (a deep copy: slow for long lists). */
  nvmState: () => unknown;
  /** NVM writes so far, where counting them is cheap (the firmware); undefined for the reference. */
  writeCount: (() => number) | undefined;
}

/** Every door of every implementation as a LockTarget. */
export function lockTargets(locks: DecisionLocks): DoorTarget[] {
  return DOORS.flatMap((door): DoorTarget[] => {
    const { lock, nvm } = locks.wasm[door];
    const reference = (implementation: 'noble' | 'node'): DoorTarget => {
      const referenceLock = locks[implementation][door];
      return { implementation, door, lock: referenceLock, nvmState: () => referenceLock.persistentState(), writeCount: undefined };
    };
    return [{ implementation: 'wasm', door, lock, nvmState: () => nvm.writes, writeCount: () => nvm.writes }, reference('noble'), reference('node')];
  });
}

/**
 * The bench devices record every trace event and actuator command; across millions of timed
 * sessions those arrays would make the garbage collector part of the firmware's figure, and the
 * reference lock records nothing. These keep the HAL calls and drop the records.
 */
const DISCARDING_TRACE: TraceSink = { event: () => undefined };
const SILENT_ACTUATOR: Actuator = { command: () => HalStatus.Ok };

function provisioned<L extends LockTarget>(lock: L, management: ManagementSystem, door: Door, profile: HardwareProfile): L {
  lock.powerUp();
  const reason = lock.provision(management.makeProvisioningRecord({ ...LOCK_REQUESTS[door], profile }));
  if (reason !== Reason.Ok) throw new Error(`provisioning the ${door} door returned ${Reason[reason] ?? reason}`);
  return lock;
}

function firmwareDoor(management: ManagementSystem, door: Door, profile: HardwareProfile, entropy: EntropySource, options: DecisionLockOptions): FirmwareDoor {
  const image = loadImage('release');
  const bench = createBenchDevices({ image, profile, entropy });
  const pages = options.countPages ? new PageCountingNvm(bench.nvm, profile.nvm.pageBytes.value) : undefined;
  const source = options.firmwareFrom?.[door];
  if (source) {
    if (source.nvm.bytes.length !== bench.nvm.bytes.length) throw new Error(`the ${door} door to copy has ${source.nvm.bytes.length} bytes of NVM, the profile ${bench.nvm.bytes.length}`);
    bench.nvm.bytes.set(source.nvm.bytes);
  }
  const lock = new FirmwareLock(image, { ...bench, nvm: pages ?? bench.nvm, trace: DISCARDING_TRACE, actuator: SILENT_ACTUATOR });
  return { lock: source ? lock : provisioned(lock, management, door, profile), nvm: bench.nvm, work: bench.work, pages };
}

export function createDecisionLocks(management: ManagementSystem, profile: HardwareProfile, seed: string, options: DecisionLockOptions = {}): DecisionLocks {
  const seedBytes = new Uint8Array(DRBG_SEED_BYTES);
  new SeededEntropy(seed).fill(seedBytes);
  const entropy = new RepeatingEntropy(seedBytes);
  const reference = (backend: CryptoBackend): Record<Door, ReferenceLock> => ({
    dwelling: provisioned(new ReferenceLock({ entropy, backend }), management, 'dwelling', profile),
    common: provisioned(new ReferenceLock({ entropy, backend }), management, 'common', profile),
  });
  return {
    wasm: { dwelling: firmwareDoor(management, 'dwelling', profile, entropy, options), common: firmwareDoor(management, 'common', profile, entropy, options) },
    noble: reference(nobleBackend),
    node: reference(nodeBackend),
  };
}
