/**
 * One update the power-cut campaign cuts (STORAGE.md, "The power-cut campaign"): the NVM it starts
 * from, how it is made, and how its NVM is read. The firmware's updates (firmware-update.ts) and any
 * other store written through an NvmPort are cut alike.
 */
import type { NvmPort } from '../../firmware/hal-devices.js';
import type { NvmGeometry } from '../nvm-geometry.js';
import type { TornNvm } from '../torn-nvm.js';

export interface CuttableUpdate<S> {
  readonly name: string;
  readonly geometry: NvmGeometry;
  /** The NVM's bytes before the update. */
  readonly before: Uint8Array;
  /**
   * Makes the update on `nvm`, whose bytes are `before`, from a fresh power-up. It must make the
   * same writes every time: a cut ends it by throwing out of the NVM write.
   */
  perform(nvm: NvmPort): void;
  /** The logical state an NVM image holds; throws for an image that holds none. */
  decode(image: Uint8Array): S;
  /** The names of the versions and counts of `state` that are below their value in `before`. */
  rolledBack(before: S, state: S): string[];
  /**
   * What the update keeps as it was (it is the same in `before` and `after`) that `state` does not
   * hold as it was: e.g. a committed log entry whose bytes changed. Empty when nothing is damaged.
   */
  damaged?(before: S, after: S, state: S): string[];
  /**
   * One session on the NVM as the cut left it, after the reboot; what went wrong, or undefined.
   * `rebooted`: the state the NVM decoded as, when it is one the update passes through (not
   * corrupted); undefined otherwise.
   */
  sessionAfterReboot?(nvm: TornNvm, rebooted: S | undefined): string | undefined;
}

/** The campaign cannot run an update as given (not a finding about storage). */
export class CampaignError extends Error {
  override readonly name = 'CampaignError';
}
