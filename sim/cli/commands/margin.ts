/**
 * `cylsim margin`: per profile, with the log compiled in (release) and out (release-nolog), how far
 * the tenant's key at the dwelling door can go and still open, found by bisection:
 * - a physical key on the energy of its turn: the slowest turn (its duration);
 * - a phone key on its NFC field, held for the profile's nfc.phoneHoldMs: the farthest distance.
 */
import { Command, Option } from 'commander';
import type { BuildVariant } from '../../../host/firmware/image.js';
import { physicsFigures } from '../../../host/physics/from-profile.js';
import { insertionAtPace } from '../../../host/physics/key-generator.js';
import { ISO14443_H_MIN_A_PER_M, distanceForFieldMm, phoneFieldAPerM } from '../../../host/physics/nfc-field.js';
import { listProfiles, loadProfileByName } from '../../../host/profile/load-profile.js';
import type { HardwareProfile } from '../../../host/profile/schema.js';
import { phoneDemoInsertion, physicalDemoInsertion } from '../../insertion/physical-demo.js';

/** Bisection on the turn stops when the bracket is this narrow, ms. */
const RESOLUTION_MS = 0.5;
/** Bisection on the phone's distance stops when the bracket is this narrow, mm. */
export const DISTANCE_RESOLUTION_MM = 0.01;
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

export interface PhoneMargin {
  /** The farthest distance at which a phone held for holdMs still opens, mm (within DISTANCE_RESOLUTION_MM); null when it does not open even at contact. */
  farthestPhoneMm: number | null;
  /** The phone's field there, A/m. */
  farthestPhoneFieldAPerM: number | null;
  /** What limits it: the field falling below ISO/IEC 14443-2's Hmin (no harvest beyond), or the time the phone is held. */
  phoneLimit: 'field' | 'hold' | null;
  /** How long the phone is held (profile nfc.phoneHoldMs), ms. */
  phoneHoldMs: number;
  /** What a phone held against the lock leaves at field-off, uJ. */
  contactPhoneMarginUj: number;
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

/** Whether the tenant's phone, held at `distanceMm` for the profile's hold time, opens the dwelling door. */
export function phoneOpens(profile: HardwareProfile, variant: BuildVariant, distanceMm: number, seed = 'demo'): boolean {
  return phoneDemoInsertion('resident', profile, { distanceMm }, { variant, seed }).physical.outcome === 'released';
}

/**
 * Bisection on the distance: from contact (0 mm) to where the field falls to Hmin = 1.5 A/m, beyond
 * which the front end harvests nothing. Opening is taken to be monotone in distance (the field, and
 * so the charging current, only falls with it).
 */
export function phoneMargin(profile: HardwareProfile, variant: BuildVariant, seed = 'demo'): PhoneMargin {
  const figures = physicsFigures(profile);
  const atContact = phoneDemoInsertion('resident', profile, { distanceMm: 0 }, { variant, seed }).physical;
  const none = { farthestPhoneMm: null, farthestPhoneFieldAPerM: null, phoneLimit: null, phoneHoldMs: figures.phoneHoldMs, contactPhoneMarginUj: atContact.marginUj };
  if (atContact.outcome !== 'released') return none;
  const rangeMm = distanceForFieldMm(figures.phone, ISO14443_H_MIN_A_PER_M);
  let near = 0; // opens
  let far = rangeMm;
  let limit: 'field' | 'hold' = 'hold';
  if (phoneOpens(profile, variant, far, seed)) {
    near = far;
    limit = 'field';
  }
  while (far - near > DISTANCE_RESOLUTION_MM) {
    const middle = (near + far) / 2;
    if (phoneOpens(profile, variant, middle, seed)) near = middle;
    else far = middle;
  }
  return { ...none, farthestPhoneMm: near, farthestPhoneFieldAPerM: phoneFieldAPerM(figures.phone, near), phoneLimit: limit };
}

export function marginCommand(): Command {
  return new Command('margin')
    .description('find, per profile, with and without the log: the slowest key turn and the farthest phone distance at which the lock still opens')
    .addOption(new Option('--profile <name>', 'one hardware profile (default: every profile)').choices(listProfiles()))
    .option('--seed <seed>', 'seed of every random choice (keys, nonces)', 'demo')
    .option('--json', 'print the margins as JSON')
    .action((options: { profile?: string; seed: string; json?: boolean }) => {
      const names = options.profile ? [options.profile] : listProfiles();
      const margins = names.flatMap((name) => {
        const profile = loadProfileByName(name);
        return VARIANTS.map((variant) => ({ ...turnMargin(profile, variant, options.seed), ...phoneMargin(profile, variant, options.seed) }));
      });
      if (options.json) {
        console.log(JSON.stringify({ distanceResolutionMm: DISTANCE_RESOLUTION_MM, margins }, null, 2));
        return;
      }
      console.log('slowest key turn that still opens the dwelling door for the tenant\'s key (physical key, a quarter turn):');
      for (const m of margins) {
        const slowest = m.slowestTurnMs === null ? 'never opens' : `${m.slowestTurnMs.toFixed(1)} ms (${m.slowestSpeedDegPerS!.toFixed(0)} deg/s)`;
        console.log(`  ${m.profile.padEnd(18)} ${m.variant.padEnd(14)} ${slowest.padEnd(24)} margin of a normal turn ${m.normalMarginUj.toFixed(0)} uJ`);
      }
      console.log(`farthest phone that still opens it (the tenant's phone key on its antenna's axis, held ${margins[0]?.phoneHoldMs ?? '?'} ms; to ${DISTANCE_RESOLUTION_MM} mm):`);
      for (const m of margins) {
        const farthest =
          m.farthestPhoneMm === null
            ? 'never opens'
            : `${m.farthestPhoneMm.toFixed(2)} mm (${m.farthestPhoneFieldAPerM!.toFixed(2)} A/m, limited by ${m.phoneLimit === 'field' ? 'the 1.5 A/m field' : 'the hold time'})`;
        console.log(`  ${m.profile.padEnd(18)} ${m.variant.padEnd(14)} ${farthest.padEnd(50)} margin at contact ${m.contactPhoneMarginUj.toFixed(0)} uJ`);
      }
      const agree = margins.every((m, i) => i % 2 === 0 || (m.slowestTurnMs === margins[i - 1]!.slowestTurnMs && m.farthestPhoneMm === margins[i - 1]!.farthestPhoneMm));
      if (agree) console.log('release and release-nolog agree: the firmware writes no log entry in a decision yet, so compiling the log out saves no energy.');
    });
}
