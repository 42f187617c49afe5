/**
 * `cylsim vectors gen`: the conformance suite, written from the key side against the reference lock.
 * Each test starts from its group's initial state (established as the runner establishes it), is
 * played by keys and frames by hand, and records every step; its `result` is read from its last
 * answer, which must carry the reason the test was written for. Deterministic: the same seed gives
 * the same file, byte for byte.
 */
import { ABI_VERSION, Reason } from '../../../firmware/abi.js';
import { PROTOCOL_VERSION } from '../../../firmware/protocol.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { establish } from '../setup/establish.js';
import { isFrame, VECTOR_SCHEMA, VECTOR_VERSION, type TestGroup, type VectorFile, type VectorTest } from '../vectors/schema.js';
import { readAnswer } from '../vectors/verdict.js';
import { blocklistGroup, fullBlocklistGroup } from './blocklist.js';
import { commonDoorGroup, unprovisionedGroup } from './common-door.js';
import { NOTES } from './flags.js';
import { generationTableGroup } from './generation-table.js';
import { moveInGroup, privateDoorGroup, privateDoorWithHistoryGroup } from './private-door.js';
import { suiteSite, type GroupSpec } from './site.js';
import { TestContext } from './test-context.js';

export const GENERATOR = 'cylsim vectors gen';

export function generateSuite(options: { seed: string; profile: HardwareProfile }): VectorFile {
  const site = suiteSite(options.seed, options.profile);
  const specs = [
    commonDoorGroup(site),
    unprovisionedGroup(site),
    blocklistGroup(site),
    fullBlocklistGroup(site),
    generationTableGroup(site),
    privateDoorGroup(site),
    privateDoorWithHistoryGroup(site),
    moveInGroup(site),
  ];
  let tcId = 0;
  const testGroups = specs.map((spec) => writeGroup(spec, options, () => ++tcId));
  return {
    schema: VECTOR_SCHEMA,
    version: VECTOR_VERSION,
    header: {
      description: [
        'Conformance vectors for a cylsim lock (docs/PROTOCOL.md, protocol version 1), written from the key side against the TypeScript reference lock.',
        'Each test starts from a fresh lock in its group\'s initial state; docs/VECTORS.md says how that state is established and how to run the tests.',
      ],
      generator: GENERATOR,
      seed: options.seed,
      protocolVersion: PROTOCOL_VERSION,
      abiVersion: ABI_VERSION,
      numberOfTests: tcId,
    },
    notes: { ...NOTES },
    testGroups,
  };
}

/** One group of tests, each written against the reference lock from a fresh setup; `nextTcId` numbers them. */
export function writeGroup(spec: GroupSpec, options: { seed: string; profile: HardwareProfile }, nextTcId: () => number): TestGroup {
  const tests: VectorTest[] = spec.tests.map((test) => {
    const tcId = nextTcId();
    const setup = establish({ profile: options.profile, lock: spec.lock, state: spec.state });
    const ctx = new TestContext(spec.lock, spec.state, setup, options.seed, tcId);
    test.run(ctx);
    const steps = ctx.lock.takeSteps();
    const frames = steps.filter(isFrame);
    const last = frames[frames.length - 1];
    if (!last) throw new Error(`tcId ${tcId} (${test.comment}): the test sent no frame`);
    const reading = readAnswer(last.out);
    if (reading.reason !== test.expect) {
      throw new Error(`tcId ${tcId} (${test.comment}): the reference lock's last answer is ${reading.describe}, the test expects ${Reason[test.expect]}`);
    }
    return { tcId, comment: test.comment, flags: [...test.flags], steps, result: reading.verdict };
  });
  return { comment: spec.comment, profile: options.profile.name, lock: spec.lock, state: spec.state, tests };
}
