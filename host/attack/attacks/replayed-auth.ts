/**
 * Replay (PROTOCOL.md §7.1): someone who recorded a genuine session (a relay's log, a sniffer at a
 * phone's field) plays its HELLO and AUTH to the same lock in new sessions, and a recorded tenant
 * COMMAND into the tenant's next session. Every MAC covers the lock's nonce, drawn anew for each
 * session, so each replay is refused with BadKeyMac.
 */
import { Reason } from '../../../firmware/abi.js';
import { Command, FrameType } from '../../../firmware/protocol.js';
import type { SessionOutcome } from '../../keys/session-outcome.js';
import { decodeCommandResult, decodeHello } from '../../protocol/frames.js';
import type { Attack } from '../attack-context.js';
import { AttackTally } from '../attack-row.js';
import { attackSite, type AttackLock } from '../attack-site.js';
import { answerOf, attempt, reasonName } from '../by-hand.js';

/** Replays of each recorded session into new sessions. */
const REPLAYS_PER_SESSION = 50;
const RESIDENT = 11;
const TENANT = 201;

/** The recorded HELLO and AUTH of a session, played after a power-up, `times` times. */
function replaySession(lock: AttackLock, recorded: SessionOutcome, times: number, tally: AttackTally): void {
  const [hello, , auth] = recorded.frames.map((frame) => frame.bytes);
  if (!hello || !auth || auth[0] !== FrameType.Auth) throw new Error('the recorded session has no HELLO and AUTH');
  for (let i = 0; i < times; i++) {
    const outcome = attempt(lock, () => {
      lock.target.powerUp();
      lock.target.receive(hello);
      return answerOf(lock.target.receive(auth));
    });
    tally.record(outcome.granted, outcome.reason);
  }
}

export const replayedAuthAttack: Attack = {
  name: 'replayed AUTH and COMMAND',
  description: 'a recorded AUTH replayed into new sessions at a common and a private door, and a recorded tenant COMMAND injected into a later session (PROTOCOL.md §7.1): BadKeyMac',
  run(context) {
    const site = attackSite(context, 'replay');
    const tally = new AttackTally();
    const resident = site.makeKey({ keyId: RESIDENT });
    const tenant = site.makeKey({ keyId: TENANT });
    if (tenant.insert(site.private.target).decision !== 'grant') throw new Error('the tenant did not move in');

    replaySession(site.common, resident.insert(site.common.target), REPLAYS_PER_SESSION, tally);
    replaySession(site.private, tenant.insert(site.private.target), REPLAYS_PER_SESSION, tally);

    // A COMMAND recorded from one tenant session, injected after the tenant's next grant.
    const withCommand = tenant.insert(site.private.target, { commands: [{ command: Command.RaiseConsentEpoch, argument: 0 }] });
    const recordedCommand = withCommand.frames[4]?.bytes;
    if (!recordedCommand || recordedCommand[0] !== FrameType.Command) throw new Error('the tenant sent no COMMAND');
    const next = tenant.insert(site.private.target);
    if (next.decision !== 'grant') throw new Error('the tenant was not let in again');
    const hello = decodeHello(next.frames[0]!.bytes);
    const challenge = next.frames[1]!.bytes;
    const binding = { lockId: site.private.lockId, lockNonce: challenge.slice(6, 22), keyNonce: hello.keyNonce };
    const answer = site.private.target.receive(recordedCommand);
    const injected = decodeCommandResult(answer, binding, site.management.keyKeyFor(TENANT));
    tally.record(injected.reason === Reason.Ok, reasonName(injected.reason));
    return tally.row(this.name);
  },
};
