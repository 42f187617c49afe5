/**
 * `cylsim margin`: per profile, the slowest key turn at which the lock still opens for the tenant's
 * key at the dwelling door (a physical key on the energy of its turn), with the log compiled in
 * (release) and out (release-nolog), found by bisection on the turn's duration.
 */
import { Command, Option } from 'commander';
import type { BuildVariant } from '../../../host/firmware/image.js';
import { physicsFigures } from '../../../host/physics/from-profile.js';
import { insertionAtPace } from '../../../host/physics/key-generator.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import { physicalDemoInsertion } from '../../insertion/physical-demo.js';

/** Bisection stops when the bracket is this narrow, ms. */
const RESOLUTION_MS = 0.5;
/** The slowest turn searched, as a multiple of the profile's normal turn (assumed: nobody turns a key 10 times slower). */
const SLOWEST_FACTOR = 10;
const VARIANTS: BuildVariant[] = ['release', 'release-nolog'];

export interface TurnMargin {
  profile: string;
  variant: BuildVariant;
  /** The slowest turn that still releases, ms; null when even the normal turn does not. */
  slowestTurnMs: number | null;
  /** Its mean speed, deg/s. */
  slowestSpeedDegPerS: number | null;
  /** What a normal turn leaves at its end, uJ. */
  normalMarginUj: number;
}

function releases(profile: HardwareProfile, variant: BuildVariant, turnDurationMs: number, seed: string): boolean {
  const angle = physicsFigures(profile).generator.normalTurnAngleDeg;
  return physicalDemoInsertion('resident', profile, { turnAngleDeg: angle, turnDurationMs }, { variant, seed }).physical.outcome === 'released';
}

export function turnMargin(profile: HardwareProfile, variant: BuildVariant, seed = 'demo'): TurnMargin {
  const generator = physicsFigures(profile).generator;
  const normal = insertionAtPace(generator, 'normal');
  const atNormal = physicalDemoInsertion('resident', profile, normal, { variant, seed }).physical;
  const result = { profile: profile.name, variant, normalMarginUj: atNormal.marginUj, slowestTurnMs: null, slowestSpeedDegPerS: null };
  if (atNormal.outcome !== 'released') return result;
  let fast = normal.turnDurationMs; // releases
  let slow = normal.turnDurationMs * SLOWEST_FACTOR;
  if (releases(profile, variant, slow, seed)) fast = slow;
  while (slow - fast > RESOLUTION_MS && fast !== slow) {
    const middle = (fast + slow) / 2;
    if (releases(profile, variant, middle, seed)) fast = middle;
    else slow = middle;
  }
  return { ...result, slowestTurnMs: fast, slowestSpeedDegPerS: (normal.turnAngleDeg / fast) * 1000 };
}

export function marginCommand(): Command {
  return new Command('margin')
    .description('find, per profile, the slowest key turn at which the lock still opens, with and without the log')
    .addOption(new Option('--profile <name>', 'one hardware profile (default: every profile)').choices(listProfiles()))
    .option('--seed <seed>', 'seed of every random choice (keys, nonces)', 'demo')
    .option('--json', 'print the margins as JSON')
    .action((options: { profile?: string; seed: string; json?: boolean }) => {
      const names = options.profile ? [options.profile] : listProfiles();
      const margins = names.flatMap((name) => VARIANTS.map((variant) => turnMargin(loadProfileByName(name), variant, options.seed)));
      if (options.json) {
        console.log(JSON.stringify({ margins, phone: PHONE_NOTE }, null, 2));
        return;
      }
      console.log('slowest key turn that still opens the dwelling door for the tenant\'s key (physical key, a quarter turn):');
      for (const m of margins) {
        const slowest = m.slowestTurnMs === null ? 'never opens' : `${m.slowestTurnMs.toFixed(1)} ms (${m.slowestSpeedDegPerS!.toFixed(0)} deg/s)`;
        console.log(`  ${m.profile.padEnd(18)} ${m.variant.padEnd(14)} ${slowest.padEnd(24)} margin of a normal turn ${m.normalMarginUj.toFixed(0)} uJ`);
      }
      if (margins.every((m, i) => i % 2 === 0 || m.slowestTurnMs === margins[i - 1]!.slowestTurnMs)) {
        console.log('release and release-nolog agree: the firmware writes no log entry in a decision yet, so compiling the log out saves no energy.');
      }
      console.log(PHONE_NOTE);
    });
}

const PHONE_NOTE =
  'phone keys: not searched. The NFC harvester model charges the storage capacitor far too slowly to power on within a phone session (docs/ARCHITECTURE.md, Energy models).';
