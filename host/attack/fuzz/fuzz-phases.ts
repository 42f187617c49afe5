/**
 * The session phases the fuzzer starts its runs in (PROTOCOL.md §7.9), at a common door and at a
 * dwelling's private door: just powered up; CHALLENGED after a HELLO; DECIDED after a grant; at the
 * private door also before the first tenant, and after a grant with the tenant's proof, when tenant
 * COMMANDs are expected. Each phase is an NVM image, the frames that lead into the phase after the
 * power-up (recorded once, played again at every run), and the genuine frames of its session.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { Role } from '../../../firmware/abi.js';
import { DRBG_SEED_BYTES } from '../../../firmware/abi.js';
import { KEY_NONCE_BYTES } from '../../../firmware/protocol.js';
import { SeededEntropy } from '../../devices/seeded-entropy.js';
import { KeyDevice } from '../../keys/key-device.js';
import { ManagementSystem, type CredentialRequest } from '../../management/management-system.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { decodeChallenge, decodeHello, encodeHello } from '../../protocol/frames.js';
import { siteKeys } from '../../protocol/key-hierarchy.js';
import { RecordingLock } from '../../storage/campaign/recorded-lock.js';
import { COMMON_LOCK, DWELLING_A, minutesAt, PRIVATE_LOCK, residentRequest, SITE_ID, siteKeyFor, START_DAY, type LockSpec } from '../attack-site.js';
import type { FuzzBench } from './fuzz-bench.js';
import { genuineFrames } from './genuine-frames.js';

export interface FuzzPhase {
  name: string;
  lockId: number;
  /** The NVM a run starts from. */
  image: Uint8Array;
  /** Frames played after the power-up, before the fuzzed ones. */
  setup: Uint8Array[];
  /** The NVM after the setup: a fuzzed frame may change nothing of it. */
  imageAfterSetup: Uint8Array;
  /** Genuine frames of the phase's session, to be mutated. */
  genuine: Uint8Array[];
}

/** The 32 bytes every power-up of the fuzzed lock draws. */
export function powerUpEntropy(seed: string): Uint8Array {
  return sha256(utf8ToBytes(`cylsim fuzz power-up ${seed}`)).subarray(0, DRBG_SEED_BYTES);
}

const RESIDENT = 11;
const TENANT = 201;

export function fuzzPhases(bench: FuzzBench, profile: HardwareProfile, seed: string): FuzzPhase[] {
  const siteKey = siteKeyFor(seed);
  const management = new ManagementSystem({ siteKey, siteId: SITE_ID });
  const landlordKeys = siteKeys(siteKey, SITE_ID);
  const erased = new Uint8Array(bench.nvm.bytes.length).fill(profile.nvm.erasedValue.value);
  const makeKey = (request: Partial<CredentialRequest> & { keyId: number }) =>
    new KeyDevice({
      keyId: request.keyId,
      kKey: management.keyKeyFor(request.keyId),
      credential: management.issueCredential({ ...residentRequest(request.keyId), ...request }),
      entropy: new SeededEntropy(`${seed} fuzz key ${request.keyId}`),
    });
  const provisioned = (spec: LockSpec): void => {
    bench.reset(erased);
    const reason = bench.lock.provision(management.makeProvisioningRecord({ markDay: START_DAY, ...spec, profile }));
    if (reason !== 0) throw new Error(`provisioning the fuzzed lock was refused with reason ${reason}`);
  };

  /**
   * A phase from the lock's NVM now. `setup`: none (just powered up), a HELLO, or the key's whole
   * session with a grant. The genuine frames are for the session its HELLO opens.
   */
  const phase = (name: string, lockId: number, key: KeyDevice, setup: 'none' | 'hello' | 'grant'): FuzzPhase => {
    const image = bench.nvm.bytes.slice();
    const tenantSecret = key.tenantSecretFor(lockId);
    bench.reset(image);
    let setupFrames: Uint8Array[];
    if (setup === 'grant') {
      const recorder = new RecordingLock(bench.lock);
      if (key.insert(recorder, { powerUp: false }).decision !== 'grant') throw new Error(`${name}: the setup was refused`);
      setupFrames = recorder.calls.flatMap((call) => (call.kind === 'receive' ? [call.frame] : []));
    } else {
      setupFrames = [encodeHello({ keyId: key.keyId, keyNonce: sha256(utf8ToBytes(`${seed} ${name}`)).subarray(0, KEY_NONCE_BYTES), keyFlags: 0 })];
    }
    bench.reset(image);
    const challenge = decodeChallenge(bench.lock.receive(setupFrames[0]!));
    for (const frame of setupFrames.slice(1)) bench.lock.receive(frame);
    const imageAfterSetup = bench.nvm.bytes.slice();
    return {
      name,
      lockId,
      image,
      setup: setup === 'none' ? [] : setupFrames,
      imageAfterSetup: setup === 'none' ? image : imageAfterSetup,
      genuine: genuineFrames(management, landlordKeys, {
        keyId: key.keyId,
        lockId,
        lockNonce: challenge.lockNonce,
        keyNonce: decodeHello(setupFrames[0]!).keyNonce,
        blocklistVersion: challenge.blocklistVersion,
        ...(tenantSecret ? { tenantSecret } : {}),
      }),
    };
  };

  // The common door: a blocklist of two deltas and a dwelling in its generation table.
  provisioned(COMMON_LOCK);
  const courier = makeKey({ keyId: 31, role: Role.Contractor, dwellingId: 0, generation: 0 });
  courier.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 1_000_001, retireDay: START_DAY + 30 }, { op: 'add', keyId: 1_000_003, retireDay: START_DAY + 60 }]));
  courier.carryDelta(management.issueBlocklistDelta([{ op: 'add', keyId: 1_000_002, retireDay: START_DAY + 30 }]));
  courier.insert(bench.lock);
  const resident = makeKey({ keyId: RESIDENT });
  resident.insert(bench.lock);
  const common = [
    phase('common door, powered up', COMMON_LOCK.lockId, resident, 'none'),
    phase('common door, challenged', COMMON_LOCK.lockId, resident, 'hello'),
    phase('common door, after a grant', COMMON_LOCK.lockId, resident, 'grant'),
  ];

  // The private door: before its first tenant, then with a tenant, an emergency opening unacknowledged.
  provisioned(PRIVATE_LOCK);
  const beforeTenant = phase('private door before its first tenant, challenged', PRIVATE_LOCK.lockId, makeKey({ keyId: TENANT }), 'hello');
  const tenant = makeKey({ keyId: TENANT });
  tenant.insert(bench.lock);
  makeKey({ keyId: 901, role: Role.Emergency, dwellingId: 0, generation: 0, groups: [DWELLING_A], issuedAtMinutes: minutesAt(START_DAY, 700) }).insert(bench.lock);
  return [
    ...common,
    beforeTenant,
    phase('private door, challenged', PRIVATE_LOCK.lockId, tenant, 'hello'),
    phase("private door, after the tenant's proven grant", PRIVATE_LOCK.lockId, tenant, 'grant'),
  ];
}
