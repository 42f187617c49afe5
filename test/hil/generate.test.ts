/**
 * `cylsim vectors gen`'s suite (docs/VECTORS.md, "The generated suite"): deterministic, and it
 * reaches what the suite is for: every reason code a lock can give over the link, every role, the
 * blocklist's boundaries, energy starvation at each kind of step.
 */
import { describe, expect, it } from 'vitest';
import { Reason, REASON_COUNT, Role } from '../../firmware/abi.js';
import { AUTH_CREDENTIAL, CRED_ROLE, FrameType } from '../../firmware/protocol.js';
import { generateSuite } from '../../host/hil/suite/generate-suite.js';
import { isFrame, isNvmWrites, isPowerUp, type FrameStep } from '../../host/hil/vectors/schema.js';
import { encodeVectorCbor } from '../../host/hil/vectors/vector-file.js';
import { readAnswer } from '../../host/hil/vectors/verdict.js';
import { generatedSuite, profile } from './support.js';

const suite = generatedSuite();
const frameSteps = (flag?: string): FrameStep[] =>
  suite.testGroups.flatMap((group) => group.tests.filter((test) => flag === undefined || test.flags.includes(flag)).flatMap((test) => test.steps.filter(isFrame)));

describe('the generated suite', () => {
  it('should be the same bytes for the same seed, and other bytes for another seed', () => {
    const again = encodeVectorCbor(generateSuite({ seed: 'test', profile }));
    expect(Buffer.compare(again, encodeVectorCbor(suite))).toBe(0);
    expect(Buffer.compare(encodeVectorCbor(generateSuite({ seed: 'other', profile })), again)).not.toBe(0);
  });

  it('should reach every reason code of firmware/abi.ts (docs/VECTORS.md)', () => {
    const reached = new Set(frameSteps().map((step) => readAnswer(step.out).reason));
    const all = Array.from({ length: REASON_COUNT }, (_, code) => code as Reason);
    expect(all.filter((reason) => !reached.has(reason)).map((reason) => Reason[reason])).toEqual([]);
  });

  it('should reach StorageFailure only after an nvmWrites step made the NVM fail, at an emergency opening refused (no release) and on other write paths', () => {
    const refusedFrames: number[] = [];
    for (const test of suite.testGroups.flatMap((group) => group.tests)) {
      let failing = false;
      for (const step of test.steps) {
        if (isNvmWrites(step)) failing = step.nvmWrites === 'fail';
        else if (isFrame(step) && readAnswer(step.out).reason === Reason.StorageFailure) {
          expect([test.tcId, failing]).toEqual([test.tcId, true]);
          expect(test.flags).toContain('StorageFailure');
          refusedFrames.push(step.out[0]!);
        }
      }
    }
    expect(new Set(refusedFrames)).toEqual(new Set([FrameType.Result, FrameType.DeltaAck, FrameType.CommandResult]));
    // An emergency opening refused: RESULT decision 0 (no release), StorageFailure.
    const emergencyRefusals = frameSteps('StorageFailure').filter((step) => step.in[0] === FrameType.Auth && step.in[AUTH_CREDENTIAL + CRED_ROLE] === Role.Emergency);
    expect(emergencyRefusals.map((step) => readAnswer(step.out).describe)).toContain('RESULT deny StorageFailure');
  });

  it('should send a credential of every role, and see each of them both granted and refused', () => {
    const outcomes = new Map<Role, Set<string>>();
    const steps = frameSteps();
    steps.forEach((step) => {
      if (step.in[0] !== FrameType.Auth || step.out[0] !== FrameType.Result) return;
      const role = step.in[AUTH_CREDENTIAL + CRED_ROLE] as Role;
      outcomes.set(role, (outcomes.get(role) ?? new Set()).add(readAnswer(step.out).verdict));
    });
    for (const role of [Role.Resident, Role.ExtraKey, Role.Contractor, Role.CareWorker, Role.Emergency]) expect([Role[role], [...outcomes.get(role)!].sort()]).toEqual([Role[role], ['invalid', 'valid']]);
    expect([...outcomes.get(Role.Programming)!]).toEqual(['invalid']);
  });

  it('should starve the lock at each kind of step: HELLO, DELTA, AUTH and COMMAND', () => {
    const starvedTypes = new Set(frameSteps('EnergyStarvation').filter((step) => step.energyNj < 0xffff_ffff).map((step) => step.in[0]));
    expect([...starvedTypes].sort()).toEqual([FrameType.Hello, FrameType.Delta, FrameType.Auth, FrameType.Command].sort());
    expect(frameSteps('EnergyStarvation').some((step) => readAnswer(step.out).reason === Reason.InsufficientEnergy)).toBe(true);
  });

  it('should time each frame on the contact link: later frames of a power-up arrive later', () => {
    for (const group of suite.testGroups) {
      for (const test of group.tests) {
        let lastUs = -1;
        for (const step of test.steps) {
          if (isPowerUp(step)) lastUs = -1;
          else if (isFrame(step)) {
            expect(step.atUs).toBeGreaterThan(lastUs);
            lastUs = step.atUs;
          }
        }
      }
    }
  });

  it('should describe every flag it uses in its notes, and use every note', () => {
    const used = new Set(suite.testGroups.flatMap((group) => group.tests.flatMap((test) => test.flags)));
    expect([...used].sort()).toEqual(Object.keys(suite.notes).sort());
  });
});
