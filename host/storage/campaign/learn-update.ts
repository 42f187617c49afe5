/**
 * The clean run of an update: its writes (where it can be cut), the state before it, after each
 * write and after it, and its commits, the writes that changed the state. Most updates commit by
 * their last write; some make several commits, each a state a cut may leave (STORAGE.md, "How each
 * update is made": a refusal's mark then its log entry, a read-out's two entries).
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
  /** The state after each write, in order (states[w]: after write w). */
  states: S[];
  /** The writes that changed the state (the commits), in order. */
  commitWrites: number[];
  /** The last of them: after it the state is the update's. */
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
  const commitWrites = observed.states.flatMap((state, i) => (isDeepStrictEqual(state, i === 0 ? before : observed.states[i - 1]) ? [] : [i]));
  return { update, writes: nvm.writes, before, after, states: observed.states, commitWrites, commitWrite: commitWrites.at(-1) ?? -1 };
}
