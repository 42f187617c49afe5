/** What every attack runs with: the firmware image it attacks, the hardware profile, and the seed. */
import type { BuildVariant } from '../firmware/image.js';
import { loadProfileByName } from '../profile/load-profile.js';
import type { HardwareProfile } from '../profile/schema.js';
import type { AttackRow } from './attack-row.js';

export interface AttackContext {
  variant: BuildVariant;
  profile: HardwareProfile;
  /** Seeds the site key, the keys' nonces and the locks' entropy: the same seed, the same bytes. */
  seed: string;
}

export interface Attack {
  /** The row's name in the report. */
  name: string;
  /** Who attacks and what the lock must do, with the clause it checks. */
  description: string;
  /** Runs the attack against fresh locks of `context`. */
  run(context: AttackContext): AttackRow;
}

export function attackContext(options: { seed?: string; variant?: BuildVariant; profile?: string } = {}): AttackContext {
  return { variant: options.variant ?? 'release', profile: loadProfileByName(options.profile ?? 'reference-m0plus'), seed: options.seed ?? 'attack' };
}
