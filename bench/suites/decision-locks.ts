/**
 * The locks of the "decision" suite: a dwelling door and a front door for each implementation,
 * provisioned alike, every one seeded with the same 32 entropy bytes at every power-up, so every
 * session draws the same challenge nonce and AUTH frames computed once stay valid.
 */
import { DRBG_SEED_BYTES, HalStatus, Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import type { MemoryNvm } from '../../host/devices/memory-nvm.js';
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
  /** What the lock keeps in NVM, to compare before and after: the firmware's write count, the reference's memory. */
  nvmState: () => unknown;
}

/** Every door of every implementation as a LockTarget. */
export function lockTargets(locks: DecisionLocks): DoorTarget[] {
  return DOORS.flatMap((door): DoorTarget[] => {
    const { lock, nvm } = locks.wasm[door];
    const reference = (implementation: 'noble' | 'node'): DoorTarget => {
      const referenceLock = locks[implementation][door];
      return { implementation, door, lock: referenceLock, nvmState: () => referenceLock.persistentState() };
    };
    return [{ implementation: 'wasm', door, lock, nvmState: () => nvm.writes }, reference('noble'), reference('node')];
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

function firmwareDoor(management: ManagementSystem, door: Door, profile: HardwareProfile, entropy: EntropySource): FirmwareDoor {
  const image = loadImage('release');
  const bench = createBenchDevices({ image, profile, entropy });
  const lock = new FirmwareLock(image, { ...bench, trace: DISCARDING_TRACE, actuator: SILENT_ACTUATOR });
  return { lock: provisioned(lock, management, door, profile), nvm: bench.nvm };
}

export function createDecisionLocks(management: ManagementSystem, profile: HardwareProfile, seed: string): DecisionLocks {
  const seedBytes = new Uint8Array(DRBG_SEED_BYTES);
  new SeededEntropy(seed).fill(seedBytes);
  const entropy = new RepeatingEntropy(seedBytes);
  const reference = (backend: CryptoBackend): Record<Door, ReferenceLock> => ({
    dwelling: provisioned(new ReferenceLock({ entropy, backend }), management, 'dwelling', profile),
    common: provisioned(new ReferenceLock({ entropy, backend }), management, 'common', profile),
  });
  return {
    wasm: { dwelling: firmwareDoor(management, 'dwelling', profile, entropy), common: firmwareDoor(management, 'common', profile, entropy) },
    noble: reference(nobleBackend),
    node: reference(nodeBackend),
  };
}
