/**
 * The relay bound (PROTOCOL.md §7.6 step 5a): the lock times the key's answer from its own last
 * answer ready to the AUTH in hand, and refuses with ResponseTooLate what the bound for the key's
 * type (the credential's phone flag) does not allow; such a refusal moves no mark. Checked to the
 * microsecond on the reference lock and every image, with the powered timer set by the test.
 */
import { describe, expect, it } from 'vitest';
import { Reason } from '../../firmware/abi.js';
import { createBenchDevices } from '../../host/devices/bench-devices.js';
import { SeededEntropy } from '../../host/devices/seeded-entropy.js';
import { StepTimer } from '../../host/hil/device/step-inputs.js';
import { loadImage } from '../../host/firmware/image.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import { FirmwareLock } from '../../host/lock/firmware-lock.js';
import { relayAllowances, relayAllowanceUs } from '../../host/link/relay-allowance.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { decodeResult, encodeAuth } from '../../host/protocol/frames.js';
import { ReferenceLock } from '../../host/reference/reference-lock.js';
import { referenceProfile } from '../support/firmware.js';
import { credentialDefaults, FRONT_DOOR_GROUP, makeSite, minutesAt, openSession, START_DAY } from './fixture.js';
import { FIRMWARE_VARIANTS } from './targets.js';

type TimedFactory = (entropy: SeededEntropy, timer: StepTimer) => LockTarget;

const FACTORIES: [string, TimedFactory][] = [
  ['reference lock (noble)', (entropy, timer) => new ReferenceLock({ entropy, backend: nobleBackend, timer })],
  ...FIRMWARE_VARIANTS.map((variant): [string, TimedFactory] => [
    `firmware ${variant}`,
    (entropy, timer) => {
      const image = loadImage(variant);
      return new FirmwareLock(image, { ...createBenchDevices({ image, profile: referenceProfile, entropy }), timer });
    },
  ]),
];

const allowances = relayAllowances(referenceProfile);

describe.each(FACTORIES)('%s', (_name, factory) => {
  function setUp() {
    const timer = new StepTimer();
    const site = makeSite({ makeLock: (entropy) => factory(entropy as SeededEntropy, timer), seed: 'relay bound' });
    return { site, timer, lock: site.commonLock };
  }

  /** HELLO at 0 us; the AUTH of key `keyId` (phone or not) in hand `waitedUs` later. */
  function authAfter(keyId: number, waitedUs: number, options: { phone?: boolean; issuedDay?: number } = {}) {
    const { site, timer, lock } = setUp();
    timer.us = 0;
    const binding = openSession(lock, keyId);
    const credential = site.management.issueCredential({
      ...credentialDefaults(keyId),
      groups: [FRONT_DOOR_GROUP],
      phone: options.phone ?? false,
      issuedAtMinutes: minutesAt(options.issuedDay ?? START_DAY, 600),
    });
    const frame = encodeAuth({ credential }, binding, site.management.keyKeyFor(keyId));
    timer.us = waitedUs;
    const result = decodeResult(lock.receive(frame), binding, site.management.keyKeyFor(keyId));
    return { frame, result };
  }

  it('should open for a contact key whose AUTH comes exactly at the allowance, and refuse it one microsecond later', () => {
    const length = authAfter(401, 0).frame.length;
    const allowanceUs = relayAllowanceUs(allowances.contact, length);
    expect(authAfter(401, allowanceUs).result).toMatchObject({ granted: true, reason: Reason.Ok });
    expect(authAfter(401, allowanceUs + 1).result).toMatchObject({ granted: false, reason: Reason.ResponseTooLate });
  });

  it("should give a phone key the phone's allowance, judged by the credential's phone flag (covered by the issuer MAC)", () => {
    const length = authAfter(402, 0, { phone: true }).frame.length;
    const phoneUs = relayAllowanceUs(allowances.phone, length);
    expect(phoneUs).toBeGreaterThan(relayAllowanceUs(allowances.contact, length));
    expect(authAfter(402, phoneUs, { phone: true }).result).toMatchObject({ granted: true });
    expect(authAfter(402, phoneUs + 1, { phone: true }).result).toMatchObject({ reason: Reason.ResponseTooLate });
    // The same wait from a contact key is far too long.
    expect(authAfter(403, phoneUs).result).toMatchObject({ reason: Reason.ResponseTooLate });
  });

  it('should move no mark for a late AUTH, though its credential carries a later day', () => {
    const late = authAfter(404, 10 * relayAllowanceUs(allowances.contact, 100), { issuedDay: START_DAY + 5 });
    expect(late.result).toMatchObject({ reason: Reason.ResponseTooLate, markDay: START_DAY });
  });

  it('should time the key from its last DELTA_ACK, not from the CHALLENGE: the lock itself spent that time', () => {
    const { site, timer, lock } = setUp();
    timer.us = 0;
    const binding = openSession(lock, 405);
    const delta = site.management.issueBlocklistDelta([{ op: 'add', keyId: 999_999, retireDay: START_DAY + 100 }]);
    timer.us = 5_000_000; // five seconds of merging, in the lock's own time
    lock.receive(delta);
    const credential = site.management.issueCredential({ ...credentialDefaults(405), groups: [FRONT_DOOR_GROUP] });
    const frame = encodeAuth({ credential }, binding, site.management.keyKeyFor(405));
    timer.us = 5_000_000 + relayAllowanceUs(allowances.contact, frame.length);
    expect(decodeResult(lock.receive(frame), binding, site.management.keyKeyFor(405))).toMatchObject({ granted: true });
  });
});
