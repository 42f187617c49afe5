/**
 * Switching a lock's access log on, for the benchmark rows "log on". The log is the tenant's to
 * switch (DESIGN.md, tenant sovereignty: LOG_SWITCH under T, PROTOCOL.md §9.4), so the key that
 * holds T sends it after a grant at the dwelling door.
 *
 * The rows are measured only when the lock really logs: the lock answers LOG_SWITCH with Ok, and
 * afterwards a grant writes NVM (decision-check.ts and the modelled suite see that). Otherwise (a
 * common door keeps no log) the rows are reported absent, with the reason, and carry no figure.
 */
import { Reason } from '../../firmware/abi.js';
import { Command } from '../../firmware/protocol.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import type { Door } from './decision-site-plan.js';

/** The tenant command's argument that switches the log on (a flag: 1 on, 0 off). */
const LOG_ON_ARGUMENT = 1;

export type LogOnPlan = { available: true; command: Command } | { available: false; reason: string };

/** Whether the log can be switched on at this door, before any lock is built. */
export function logOnPlan(door: Door): LogOnPlan {
  if (door === 'common') return { available: false, reason: 'a common door keeps no access log (PROTOCOL.md §9.4: only a dwelling door, whose tenant switches it)' };
  return { available: true, command: Command.LogSwitch };
}

/** Sends the log command with `key`, which must hold T for `lock`; undefined when done, else why not. */
export function switchLogOn(key: KeyDevice, lock: LockTarget, command: Command): string | undefined {
  const outcome = key.insert(lock, { commands: [{ command, argument: LOG_ON_ARGUMENT }] });
  if (outcome.decision !== 'grant') return `the key that holds T was refused (${Reason[outcome.reason]}) before the log command`;
  const answer = outcome.commands[0];
  if (!answer) return 'the key did not send the log command (no tenant proof)';
  if (!answer.authenticated || answer.reason !== Reason.Ok) return `the lock answered the log command with ${Reason[answer.reason]}`;
  return undefined;
}
