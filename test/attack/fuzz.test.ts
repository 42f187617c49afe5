/**
 * The firmware fuzzer (host/attack/fuzz): 100,000 frames in all through the release, release-nolog
 * and debug images, in every session phase, with no trap, no grant, no NVM write a refusal may not
 * make, and only well-formed answers; and the fuzzer's own checks catch what they are for.
 */
import { describe, expect, it } from 'vitest';
import { buildVariants } from '../../firmware/abi.js';
import { FuzzBench } from '../../host/attack/fuzz/fuzz-bench.js';
import { fuzzFirmware, playRun } from '../../host/attack/fuzz/fuzz-firmware.js';
import { shareFrames } from '../../host/attack/fuzz/fuzz-images.js';
import { fuzzPhases, powerUpEntropy } from '../../host/attack/fuzz/fuzz-phases.js';
import type { BuildVariant } from '../../host/firmware/image.js';
import { loadProfileByName } from '../../host/profile/load-profile.js';

/** The CI's frames in all (the brief of the campaign: docs/SECURITY.md, "Running the campaign"). */
const CI_FRAMES = 100_000;
const SEED = 'ci';
const profile = loadProfileByName('reference-m0plus');
const images = buildVariants() as BuildVariant[];
const shares = shareFrames(CI_FRAMES, images.length);

describe.each(images.map((image, i) => [image, shares[i]!] as const))('the %s image fed %i fuzzed frames', (image, frames) => {
  it('should never trap, grant, write what a refusal may not, or answer with a malformed frame', () => {
    const report = fuzzFirmware({ variant: image, profile, frames, seed: SEED });
    expect(report.findings).toEqual([]);
    expect({ frames: report.frames, traps: report.traps, grants: report.grants, nvmChanges: report.nvmChanges, malformedAnswers: report.malformedAnswers }).toEqual({
      frames,
      traps: 0,
      grants: 0,
      nvmChanges: 0,
      malformedAnswers: 0,
    });
    // The frames reach past the framing: to the MAC checks of AUTH, DELTA and COMMAND.
    for (const answer of ['Result BadIssuerMac', 'Result BadKeyMac', 'DeltaAck DeltaBadMac', 'CommandResult BadKeyMac', 'Challenge', 'Error Malformed']) {
      expect(report.answers[answer] ?? 0, answer).toBeGreaterThan(0);
    }
  });
});

describe("the fuzzer's checks", () => {
  const bench = new FuzzBench('release', profile, powerUpEntropy(SEED));
  const phases = fuzzPhases(bench, profile, SEED);
  const phase = (name: string) => phases.find((candidate) => candidate.name === name)!;

  it('should catch a grant: the genuine AUTH of a challenged session, sent as it is', () => {
    const challenged = phase('common door, challenged');
    expect(playRun(bench, challenged, [challenged.genuine[2]!])?.kind).toBe('grant');
  });

  it('should catch an NVM write: the genuine DELTA of a challenged session, sent as it is', () => {
    const challenged = phase('common door, challenged');
    expect(playRun(bench, challenged, [challenged.genuine[1]!])?.kind).toBe('nvmChange');
  });

  it('should let a failed MAC be counted once per power-up, and nothing else of a refusal be written', () => {
    const challenged = phase('private door, challenged');
    const badMac = challenged.genuine[2]!.slice();
    badMac[badMac.length - 1]! ^= 1;
    expect(playRun(bench, challenged, [badMac])).toBeUndefined();
  });

  it('should send the same frames and meet the same answers for the same seed', () => {
    const run = () => fuzzFirmware({ variant: 'release', profile, frames: 2_000, seed: 'determinism' });
    expect(run()).toEqual(run());
  });

  it('should start every run from the same lock: the phase replayed gives the same answers', () => {
    const commanding = phase("private door, after the tenant's proven grant");
    const answers = () => {
      const seen: string[] = [];
      playRun(bench, commanding, commanding.genuine.slice(6), () => true, (answer) => seen.push(Buffer.from(answer).toString('hex')));
      return seen;
    };
    expect(answers()).toEqual(answers());
  });
});
