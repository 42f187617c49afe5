/**
 * The fuzzing of every firmware image (release, release-nolog, debug: firmware/abi.ts
 * buildVariants): `frames` frames in all, shared as evenly as they go, each image fuzzed on its own
 * instance with the same seed; the counts summed.
 */
import { buildVariants } from '../../../firmware/abi.js';
import type { BuildVariant } from '../../firmware/image.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { fuzzFirmware, type FuzzCounts, type FuzzFinding, type FuzzReport } from './fuzz-firmware.js';

export interface ImagesFuzzReport extends FuzzCounts {
  byImage: (FuzzReport & { image: BuildVariant })[];
  findings: FuzzFinding[];
  /** The answers of every image together (FuzzReport.answers). */
  answers: Record<string, number>;
}

/** `total` shared among `parts`: the first ones take one more while it does not divide. */
export function shareFrames(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

export function fuzzImages(options: { frames: number; seed: string; profile: HardwareProfile; onProgress?: (framesSent: number) => void }): ImagesFuzzReport {
  const images = buildVariants() as BuildVariant[];
  const shares = shareFrames(options.frames, images.length);
  let before = 0;
  const byImage = images.map((image, i) => {
    const report = fuzzFirmware({
      variant: image,
      profile: options.profile,
      frames: shares[i]!,
      seed: options.seed,
      ...(options.onProgress ? { onProgress: (sent: number) => options.onProgress!(before + sent) } : {}),
    });
    before += report.frames;
    return { image, ...report };
  });
  const sum = (field: keyof FuzzCounts) => byImage.reduce((total, report) => total + report[field], 0);
  return {
    frames: sum('frames'),
    runs: sum('runs'),
    traps: sum('traps'),
    grants: sum('grants'),
    nvmChanges: sum('nvmChanges'),
    malformedAnswers: sum('malformedAnswers'),
    byImage,
    findings: byImage.flatMap((report) => report.findings),
    answers: byImage.reduce<Record<string, number>>((all, report) => {
      for (const [answer, n] of Object.entries(report.answers)) all[answer] = (all[answer] ?? 0) + n;
      return all;
    }, {}),
  };
}
