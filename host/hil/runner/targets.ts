/**
 * The targets of `cylsim vectors run --target T` (docs/VECTORS.md): `wasm[:VARIANT]` and
 * `reference` in-process, `stdio:COMMAND`, `tcp:HOST:PORT` and `serial:PATH[@BAUD]` over the device
 * link.
 */
import { buildVariants } from '../../../firmware/abi.js';
import type { BuildVariant } from '../../firmware/image.js';
import type { HardwareProfile } from '../../profile/schema.js';
import { EmulatedDevice, inProcessDevice } from '../device/emulated-device.js';
import type { HilDevice } from '../device/hil-device.js';
import { DEFAULT_TIMEOUT_MS, LinkClient } from '../link/link-client.js';
import { DEFAULT_BAUD_RATE, serialTransport, stdioTransport, tcpTransport } from '../link/transports.js';

export type TargetSpec =
  | { kind: 'wasm'; variant: BuildVariant }
  | { kind: 'reference' }
  | { kind: 'stdio'; command: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number };

export const TARGET_FORMS = ['wasm[:VARIANT]', 'reference', 'stdio:COMMAND', 'tcp:HOST:PORT', 'serial:PATH[@BAUD]'];

export class TargetSpecError extends Error {
  override readonly name = 'TargetSpecError';
}

export function parseTarget(text: string): TargetSpec {
  const colon = text.indexOf(':');
  const kind = colon < 0 ? text : text.slice(0, colon);
  const rest = colon < 0 ? undefined : text.slice(colon + 1);
  const fail = (why: string) => new TargetSpecError(`target "${text}": ${why} (one of ${TARGET_FORMS.join(', ')})`);
  switch (kind) {
    case 'wasm': {
      const variant = rest ?? 'release';
      if (!buildVariants().includes(variant)) throw fail(`no image variant "${variant}" (${buildVariants().join(', ')})`);
      return { kind: 'wasm', variant: variant as BuildVariant };
    }
    case 'reference':
      if (rest !== undefined) throw fail('reference takes no argument');
      return { kind: 'reference' };
    case 'stdio':
      if (!rest?.trim()) throw fail('stdio needs the command that starts the device');
      return { kind: 'stdio', command: rest };
    case 'tcp': {
      const match = /^(.+):(\d{1,5})$/.exec(rest ?? '');
      const port = Number(match?.[2]);
      if (!match || !(port >= 1 && port <= 65535)) throw fail('tcp needs HOST:PORT with a port of 1..65535');
      return { kind: 'tcp', host: match[1]!, port };
    }
    case 'serial': {
      const match = /^([^@]+)(?:@(\d+))?$/.exec(rest ?? '');
      if (!match) throw fail('serial needs the port\'s path');
      const baudRate = match[2] === undefined ? DEFAULT_BAUD_RATE : Number(match[2]);
      if (!(baudRate > 0)) throw fail('the baud rate must be a positive number');
      return { kind: 'serial', path: match[1]!, baudRate };
    }
    default:
      throw fail(`unknown kind "${kind}"`);
  }
}

export interface OpenOptions {
  /** The profile of an in-process device. */
  profile: HardwareProfile;
  /** How long a request over the link may wait for its answer, ms. */
  timeoutMs?: number;
}

export async function openTarget(spec: TargetSpec, options: OpenOptions): Promise<HilDevice> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  switch (spec.kind) {
    case 'wasm':
      return inProcessDevice(new EmulatedDevice({ implementation: { kind: 'wasm', variant: spec.variant }, profile: options.profile }));
    case 'reference':
      return inProcessDevice(new EmulatedDevice({ implementation: { kind: 'reference' }, profile: options.profile }));
    case 'stdio':
      return new LinkClient(stdioTransport(spec.command), timeoutMs);
    case 'tcp':
      return new LinkClient(await tcpTransport(spec.host, spec.port), timeoutMs);
    case 'serial':
      return new LinkClient(await serialTransport(spec.path, spec.baudRate), timeoutMs);
  }
}
