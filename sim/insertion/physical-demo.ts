/**
 * The demo insertion of a kind (run-insertion.ts) with its last insertion made by a physical key on
 * the energy of its turn: the history runs on the bench, the insertion the kind is named after on
 * the storage capacitor the turn charges (host/power/physical-insertion.ts).
 */
import { contactLinkFigures } from '../../host/link/contact-link.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { PoweredLock } from '../../host/lock/powered-lock.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import type { Insertion as Turn } from '../../host/physics/key-generator.js';
import { insertPhysicalKey, type PhysicalInsertion } from '../../host/power/physical-insertion.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { demoSite } from './demo-site.js';
import { runInsertion, type Insertion, type KeyKind } from './run-insertion.js';

export interface PhysicalDemo {
  insertion: Insertion;
  physical: PhysicalInsertion;
  /** The lock of the physical insertion, and its NVM just before it. */
  lock: PoweredLock;
  nvmBefore: Uint8Array;
  lockId: number;
}

export function physicalDemoInsertion(kind: KeyKind, profile: HardwareProfile, turn: Turn, options: { seed?: string; variant?: BuildVariant } = {}): PhysicalDemo {
  const seed = options.seed ?? 'demo';
  const image = loadImage(options.variant ?? 'release');
  const figures = physicsFigures(profile);
  const lockIds = new Map<PoweredLock, number>();
  const site = demoSite(seed, profile, (request, name) => {
    const lock = new PoweredLock({ image, profile, entropy: new SeededEntropy(`${seed} ${name}`), link: contactLinkFigures(profile) });
    lockIds.set(lock, request.lockId);
    return lock;
  });
  let last: Omit<PhysicalDemo, 'insertion'> | undefined;
  const insertion = runInsertion(kind, site, (key, lock) => {
    const powered = lock as PoweredLock;
    const nvmBefore = powered.devices.nvm.bytes.slice();
    const physical = insertPhysicalKey(powered, key, figures, turn);
    last = { physical, lock: powered, nvmBefore, lockId: lockIds.get(powered) ?? 0 };
    return physical.session; // undefined without power: the key saw no answer
  });
  return { insertion, ...last! };
}
