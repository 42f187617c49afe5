/**
 * What one session came to, as the key saw it; one object reused for every session of a runner,
 * so that an opening allocates nothing unless something rare happens (a tenant secret, a notice).
 */
import { Reason } from '../../../firmware/abi.js';
import type { Command } from '../../../firmware/protocol.js';
import { NONCE_BYTES, VOUCHER_BYTES } from '../../../firmware/protocol.js';

/** An emergency notice a grant carried (PROTOCOL.md §9.3). */
export interface NoticeSeen {
  count: number;
  acknowledged: number;
  day: number;
  minuteOfDay: number;
  keyId: number;
}

export interface CommandDone {
  command: Command;
  argument: number;
  reason: Reason;
  value: number;
}

export class SessionRecord {
  /** The lock answered with ERROR (no decision; `reason` is ERROR's). */
  error = false;
  granted = false;
  reason: Reason = Reason.Ok;
  lockId = 0;
  /** The lock's time mark from CHALLENGE, and after the session (RESULT). */
  markDayBefore = 0;
  markDay = 0;
  /** The lock's blocklist version from CHALLENGE, and after the deltas the key sent. */
  versionBefore = 0;
  versionAfter = 0;
  /** Deltas the lock applied in this session. */
  deltasApplied = 0;
  /** With TenantChanged: the day of the change (§7.7); -1 otherwise. */
  changeDay = -1;
  /** A tenant secret enclosed for this key (a tenant change or an enrolment, §7.8, §9.2). */
  tenantSecret: Uint8Array | null = null;
  /** The key proved the lock's tenant secret in this session. */
  provedTenant = false;
  readonly lockNonce = new Uint8Array(NONCE_BYTES);
  /** The voucher the RESULT enclosed; voucherDay -1 when none. */
  readonly voucher = new Uint8Array(VOUCHER_BYTES);
  voucherDay = -1;
  notice: NoticeSeen | null = null;
  readonly commands: CommandDone[] = [];

  reset(): void {
    this.error = false;
    this.granted = false;
    this.reason = Reason.Ok;
    this.lockId = 0;
    this.markDayBefore = 0;
    this.markDay = 0;
    this.versionBefore = 0;
    this.versionAfter = 0;
    this.deltasApplied = 0;
    this.changeDay = -1;
    this.tenantSecret = null;
    this.provedTenant = false;
    this.voucherDay = -1;
    this.notice = null;
    this.commands.length = 0;
  }
}
