/**
 * The power-cut campaign of the firmware (STORAGE.md, "The power-cut campaign"): every update
 * scenario made by the firmware image on a profile's NVM, cut at every byte of every write in both
 * tear modes.
 */
import { loadImage, type BuildVariant } from '../../firmware/image.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { firmwareUpdate } from './firmware-update.js';
import { runCampaign, type CampaignProgress, type CampaignReport } from './run-campaign.js';
import { UPDATE_SCENARIOS } from './update-scenarios.js';

export interface PowercutOptions {
  seed: string | number;
  variant?: BuildVariant;
  /** Only the scenarios of these names (default: all). */
  updates?: readonly string[];
  onProgress?: (progress: CampaignProgress) => void;
}

export interface PowercutReport extends CampaignReport {
  profile: string;
  variant: BuildVariant;
  seed: string;
}

export function powercutCampaign(profile: HardwareProfile, options: PowercutOptions): PowercutReport {
  const variant = options.variant ?? 'release';
  const context = { profile, image: loadImage(variant), seed: options.seed };
  const scenarios = options.updates ? UPDATE_SCENARIOS.filter((scenario) => options.updates!.includes(scenario.name)) : UPDATE_SCENARIOS;
  const report = runCampaign(
    scenarios.map((scenario) => firmwareUpdate(scenario, context)),
    { seed: options.seed, ...(options.onProgress ? { onProgress: options.onProgress } : {}) },
  );
  return { profile: profile.name, variant, seed: String(options.seed), ...report };
}
