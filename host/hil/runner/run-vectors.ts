/**
 * The vector runner: every test of a file against one device, a fresh device per test (erased,
 * provisioned, brought into the group's initial state by the setup's steps), every answer compared
 * byte for byte. A test that fails, and a link that breaks during it, are reported with the test's
 * tcId and the step; the run goes on with the next test.
 */
import { Reason } from '../../../firmware/abi.js';
import { loadProfileByName } from '../../profile/load-profile.js';
import type { DeviceHello, HilDevice } from '../device/hil-device.js';
import { LINK_VERSION } from '../link/messages.js';
import { establish, SetupError, UnsupportedStateError, type Establishment } from '../setup/establish.js';
import { isNvmWrites, isPowerUp, type Step, type TestGroup, type VectorFile, type VectorTest } from '../vectors/schema.js';
import { readAnswer } from '../vectors/verdict.js';

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestOutcome {
  tcId: number;
  comment: string;
  /** Index of the test's group in the file. */
  group: number;
  status: TestStatus;
  /** Why it failed or was skipped. */
  message?: string;
}

export interface RunReport {
  device: DeviceHello;
  passed: number;
  failed: number;
  skipped: number;
  tests: TestOutcome[];
}

export interface RunOptions {
  /** Called after each test, in order (progress output). */
  onTest?: (outcome: TestOutcome) => void;
}

/** The device is not one the file's tests can run on (link or protocol version). */
export class IncompatibleDeviceError extends Error {
  override readonly name = 'IncompatibleDeviceError';
}

export async function runVectors(file: VectorFile, device: HilDevice, options: RunOptions = {}): Promise<RunReport> {
  let hello: DeviceHello;
  try {
    hello = await device.hello();
  } catch (error) {
    throw new Error(`the device did not answer HELLO: ${messageOf(error)}`);
  }
  if (hello.linkVersion !== LINK_VERSION) throw new IncompatibleDeviceError(`the device speaks link version ${hello.linkVersion}; this runner speaks ${LINK_VERSION}`);
  if (hello.protocolVersion !== file.header.protocolVersion) {
    throw new IncompatibleDeviceError(`the device speaks lock protocol version ${hello.protocolVersion}; the vectors are for version ${file.header.protocolVersion}`);
  }
  const tests: TestOutcome[] = [];
  const record = (outcome: TestOutcome) => {
    tests.push(outcome);
    options.onTest?.(outcome);
  };
  for (const [index, group] of file.testGroups.entries()) {
    const plan = groupPlan(group, index, hello);
    for (const test of group.tests) {
      const base = { tcId: test.tcId, comment: test.comment, group: index };
      if ('skip' in plan) record({ ...base, status: 'skipped', message: plan.skip });
      else if ('fail' in plan) record({ ...base, status: 'failed', message: `tcId ${test.tcId}: ${plan.fail}` });
      else {
        const failure = await runTest(device, group, plan.setup, test);
        record(failure === undefined ? { ...base, status: 'passed' } : { ...base, status: 'failed', message: `tcId ${test.tcId} (${test.comment}): ${failure}` });
      }
    }
  }
  const count = (status: TestStatus) => tests.filter((test) => test.status === status).length;
  return { device: hello, passed: count('passed'), failed: count('failed'), skipped: count('skipped'), tests };
}

type GroupPlan = { setup: Establishment } | { skip: string } | { fail: string };

function groupPlan(group: TestGroup, index: number, hello: DeviceHello): GroupPlan {
  if (group.profile !== hello.profile) return { fail: `testGroups[${index}] needs a device of profile ${group.profile}; the device is ${hello.profile}` };
  try {
    return { setup: establish({ profile: loadProfileByName(group.profile), lock: group.lock, state: group.state }) };
  } catch (error) {
    if (error instanceof UnsupportedStateError) return { skip: `testGroups[${index}].${error.message}` };
    if (error instanceof SetupError) return { fail: `testGroups[${index}].${error.message}` };
    throw error;
  }
}

/** Runs one test; undefined when it passed, else what went wrong and where. */
async function runTest(device: HilDevice, group: TestGroup, setup: Establishment, test: VectorTest): Promise<string | undefined> {
  let where = 'erasing the device';
  try {
    await device.erase();
    if (setup.record) {
      where = 'provisioning';
      await device.powerUp(group.state.setupEntropy);
      const reason = await device.provision(setup.record);
      if (reason !== Reason.Ok) return `provisioning: the device answered ${Reason[reason] ?? reason}, expected Ok`;
    }
    for (const [i, step] of setup.steps.entries()) {
      where = `setup step ${i}`;
      const mismatch = await playStep(device, step);
      if (mismatch) return `${where} (establishing the initial state): ${mismatch}`;
    }
    for (const [i, step] of test.steps.entries()) {
      where = `step ${i}`;
      const mismatch = await playStep(device, step);
      if (mismatch) return `${where}: ${mismatch}`;
    }
    return undefined;
  } catch (error) {
    return `${where}: ${messageOf(error)}`;
  }
}

async function playStep(device: HilDevice, step: Step): Promise<string | undefined> {
  if (isPowerUp(step)) {
    await device.powerUp(step.powerUp.entropy);
    return undefined;
  }
  if (isNvmWrites(step)) {
    const answer = await device.nvmWrites(step.nvmWrites);
    if (answer === 'done') return undefined;
    const wanted = step.nvmWrites === 'fail' ? 'fail' : 'work again';
    return `the device cannot make its NVM writes ${wanted}: it answered NVM_WRITES "unsupported" (the test needs a test build with the NVM fault hook, docs/VECTORS.md §5)`;
  }
  const answer = await device.frame(step.in, step.energyNj, step.atUs);
  if (Buffer.compare(answer, step.out) === 0) return undefined;
  return `frame ${hex(step.in)}: expected ${readAnswer(step.out).describe} ${hex(step.out)}, got ${readAnswer(answer).describe} ${hex(answer)}`;
}

const hex = (bytes: Uint8Array) => (bytes.length === 0 ? '(empty)' : Buffer.from(bytes).toString('hex'));
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
