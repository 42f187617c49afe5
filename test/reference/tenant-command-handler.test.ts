/**
 * The reference lock's tenant-command handler called directly, to reach states no session reaches
 * in a test's time (PROTOCOL.md §9.2).
 */
import { describe, expect, it } from 'vitest';
import { BenchSupply } from '../../host/devices/bench-supply.js';
import { Reason } from '../../firmware/abi.js';
import { CONSENT_EPOCH_MAX } from '../../firmware/protocol.js';
import { nobleBackend } from '../../host/protocol/crypto-backend.js';
import { decodeProvisioningRecord, encodeCommand, type SessionBinding } from '../../host/protocol/frames.js';
import { decodeCommand } from '../../host/protocol/frames/command.js';
import { tenantKeys } from '../../host/protocol/key-hierarchy.js';
import { freshMemory } from '../../host/reference/lock-memory.js';
import { handleCommand } from '../../host/reference/tenant-commands.js';
import { RAISE } from '../conformance/commands.js';
import { DWELLING_A, makeSite, profile, START_DAY } from '../conformance/fixture.js';
import { referenceLockFactory } from '../conformance/targets.js';

describe('RAISE_CONSENT_EPOCH (§9.2)', () => {
  it('should stay at 65535 once there', () => {
    const site = makeSite({ makeLock: referenceLockFactory() });
    const record = site.management.makeProvisioningRecord({ lockId: 2003, privateDwelling: DWELLING_A, groups: [DWELLING_A], markDay: START_DAY, profile });
    const memory = freshMemory(decodeProvisioningRecord(record));
    const tenant = memory.tenant!;
    const tenantSecret = new Uint8Array(16).fill(7);
    tenant.tenantSecret = tenantSecret;
    tenant.consentEpoch = CONSENT_EPOCH_MAX - 1;
    const binding: SessionBinding = { lockId: 2003, lockNonce: new Uint8Array(16).fill(1), keyNonce: new Uint8Array(8).fill(2) };
    const frame = encodeCommand(RAISE, binding, tenantKeys(tenantSecret, 2003).tAuth);
    const run = () =>
      handleCommand({ frame, command: decodeCommand(frame), binding, memory, tenant, tenantSecret, backend: nobleBackend, drawNonce: () => new Uint8Array(16), energy: new BenchSupply() }).result;
    expect(run()).toEqual({ reason: Reason.Ok, value: CONSENT_EPOCH_MAX });
    expect(run()).toEqual({ reason: Reason.Ok, value: CONSENT_EPOCH_MAX });
    expect(tenant.consentEpoch).toBe(CONSENT_EPOCH_MAX);
  });
});
