/**
 * Switching a lock's access log on, for the benchmark rows "log on". The log is the tenant's to
 * switch (DESIGN.md, tenant sovereignty: a tenant command under T, PROTOCOL.md §9.2), so the key
 * that holds T sends it after a grant at the dwelling door.
 *
 * The rows are measured only when the lock really logs: a tenant command that names the log
 * exists, the lock answers it with Ok, and afterwards a grant writes NVM (decision-check.ts and
 * the modelled suite see that). Otherwise the rows are reported absent, with the reason, and
 * carry no figure.
 */
import { Reason } from '../../firmware/abi.js';
import { Command } from '../../firmware/protocol.js';
import type { KeyDevice } from '../../host/keys/key-device.js';
import type { LockTarget } from '../../host/lock/lock-target.js';
import type { Door } from './decision-site-plan.js';

/** The tenant command's argument that switches the log on (a flag: 1 on, 0 off). */
const LOG_ON_ARGUMENT = 1;

export type LogOnPlan = { available: true; command: Command } | { available: false; reason: string };

/** The tenant command whose name speaks of the log, if the protocol has one. */
function logCommand(): Command | undefined {
  const name = Object.keys(Command).find((key) => Number.isNaN(Number(key)) && /log/i.test(key));
  return name === undefined ? undefined : (Command[name as keyof typeof Command] as Command);
}

/** Whether the log can be switched on at this door, before any lock is built. */
export function logOnPlan(door: Door): LogOnPlan {
  const command = logCommand();
  if (command === undefined) return { available: false, reason: 'the lock has no access log yet: no tenant command switches one on (firmware/protocol.ts Command, PROTOCOL.md §9.2)' };
  if (door === 'common') return { available: false, reason: 'no way to switch the log on at a common door is specified (tenant commands are for private locks, PROTOCOL.md §9.2)' };
  return { available: true, command };
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
