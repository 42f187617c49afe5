import { HalStatus } from '../../firmware/abi.js';
import type { ActuatorCommand } from '../../firmware/abi.js';
import type { Actuator } from '../firmware/hal-devices.js';

/** An actuator that always succeeds and remembers each command (the physics model adds energy). */
export class ActuatorLog implements Actuator {
  readonly commands: ActuatorCommand[] = [];

  command(command: ActuatorCommand): HalStatus {
    this.commands.push(command);
    return HalStatus.Ok;
  }
}
