/**
 * The demo insertion of a kind (run-insertion.ts) with its last insertion made on the lock's own
 * power: by a physical key on the energy of its turn (host/power/physical-insertion.ts), or by a
 * phone key on its NFC field at a distance (host/power/phone-insertion.ts; every key of the site is
 * then a phone key). The history runs on the bench.
 */
import { contactLinkFigures } from '../../host/link/contact-link.js';
import { loadImage, type BuildVariant } from '../../host/firmware/image.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { PoweredLock } from '../../host/lock/powered-lock.js';
import { physicsFigures } from '../../host/physics/from-profile.js';
import type { Insertion as Turn } from '../../host/physics/key-generator.js';
import { insertPhoneKey, type PhoneInsertion, type PhonePlacement } from '../../host/power/phone-insertion.js';
import { insertPhysicalKey, type PhysicalInsertion } from '../../host/power/physical-insertion.js';
import type { HardwareProfile } from '../../host/profile/schema.js';
import { demoSite } from './demo-site.js';
import { runInsertion, type Insertion, type KeyKind } from './run-insertion.js';
import { lockUid } from './session-traces.js';

export interface DemoOptions {
  seed?: string;
  variant?: BuildVariant;
}

interface PoweredDemo<R> {
  insertion: Insertion;
  physical: R;
  /** The lock of the physical insertion, and its NVM just before it. */
  lock: PoweredLock;
  nvmBefore: Uint8Array;
  lockId: number;
}

export type PhysicalDemo = PoweredDemo<PhysicalInsertion>;
export type PhoneDemo = PoweredDemo<PhoneInsertion>;

function poweredDemo<R extends { session: PhysicalInsertion['session'] }>(
  kind: KeyKind,
  profile: HardwareProfile,
  phoneKeys: boolean,
  options: DemoOptions,
  insertLast: (lock: PoweredLock, key: Parameters<typeof insertPhysicalKey>[1], lockId: number) => R,
): PoweredDemo<R> {
  const seed = options.seed ?? 'demo';
  const image = loadImage(options.variant ?? 'release');
  const lockIds = new Map<PoweredLock, number>();
  const makeLock = (request: { lockId: number }, name: string) => {
    const lock = new PoweredLock({ image, profile, entropy: new SeededEntropy(`${seed} ${name}`), link: contactLinkFigures(profile) });
    lockIds.set(lock, request.lockId);
    return lock;
  };
  const site = demoSite(seed, profile, makeLock, { phoneKeys });
  let last: Omit<PoweredDemo<R>, 'insertion'> | undefined;
  const insertion = runInsertion(kind, site, (key, lock) => {
    const powered = lock as PoweredLock;
    const nvmBefore = powered.devices.nvm.bytes.slice();
    const lockId = lockIds.get(powered) ?? 0;
    const physical = insertLast(powered, key, lockId);
    last = { physical, lock: powered, nvmBefore, lockId };
    return physical.session; // undefined when no decision reached the key
  });
  return { insertion, ...last! };
}

/** The demo with its last insertion by a physical key on the energy of `turn`. */
export function physicalDemoInsertion(kind: KeyKind, profile: HardwareProfile, turn: Turn, options: DemoOptions = {}): PhysicalDemo {
  const figures = physicsFigures(profile);
  return poweredDemo(kind, profile, false, options, (lock, key) => insertPhysicalKey(lock, key, figures, turn));
}

/** The demo with phone keys, its last insertion on the field of a phone held as `placement` says. */
export function phoneDemoInsertion(kind: KeyKind, profile: HardwareProfile, placement: PhonePlacement, options: DemoOptions = {}): PhoneDemo {
  const figures = physicsFigures(profile);
  return poweredDemo(kind, profile, true, options, (lock, key, lockId) => insertPhoneKey(lock, key, figures, placement, lockUid(lockId)));
}
