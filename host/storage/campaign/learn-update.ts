/**
 * The clean run of an update: its writes (where it can be cut), the state before and after it, and
 * its commit, the write after which the state is the update's.
 */
import { isDeepStrictEqual } from 'node:util';
import type { HalStatus } from '../../../firmware/abi.js';
import type { NvmPort } from '../../firmware/hal-devices.js';
import { TornNvm, type NvmWrite } from '../torn-nvm.js';
import { CampaignError, type CuttableUpdate } from './cuttable-update.js';

export interface LearnedUpdate<S> {
  update: CuttableUpdate<S>;
  writes: NvmWrite[];
  before: S;
  after: S;
  /** Index of the last write that changed the state (the commit: STORAGE.md, "How each update is made"). */
  commitWrite: number;
}

/** An NvmPort that decodes its NVM after every write, for the states between the update's writes. */
class StateAfterEachWrite<S> implements NvmPort {
  readonly states: S[] = [];

  constructor(
    private readonly nvm: TornNvm,
    private readonly decode: (image: Uint8Array) => S,
  ) {}

  get sizeBytes(): number {
    return this.nvm.sizeBytes;
  }

  read(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    return this.nvm.read(address, length, bytes, offset);
  }

  write(address: number, length: number, bytes: Uint8Array, offset: number): HalStatus {
    const status = this.nvm.write(address, length, bytes, offset);
    this.states.push(this.decode(this.nvm.bytes));
    return status;
  }
}

export function learnUpdate<S>(update: CuttableUpdate<S>): LearnedUpdate<S> {
  const nvm = new TornNvm(update.geometry, { image: update.before });
  const observed = new StateAfterEachWrite(nvm, (image) => update.decode(image));
  const before = update.decode(update.before);
  update.perform(observed);
  const after = update.decode(nvm.bytes);
  if (isDeepStrictEqual(before, after)) throw new CampaignError(`the update "${update.name}" changed no state in its clean run`);
  let commitWrite = -1;
  observed.states.forEach((state, i) => {
    if (!isDeepStrictEqual(state, i === 0 ? before : observed.states[i - 1])) commitWrite = i;
  });
  return { update, writes: nvm.writes, before, after, commitWrite };
}
